import { renderEmail, type Email } from "./layout";

export function sessionChangedEmail(data: {
  name: string;
  groupName: string;
  change: "cancelled" | "moved";
  when: string;
  newWhen?: string;
  reason?: string;
  url: string;
}): Email {
  const subject =
    data.change === "cancelled" ? `Cancelled: ${data.groupName}, ${data.when}` : `Moved: ${data.groupName} is now ${data.newWhen}`;
  const paragraphs =
    data.change === "cancelled"
      ? [`The ${data.groupName} session on ${data.when} is cancelled.`]
      : [`The ${data.groupName} session on ${data.when} has moved to ${data.newWhen}.`];
  if (data.reason) paragraphs.push(`Reason: ${data.reason}`);
  return renderEmail({ subject, greeting: `Hello ${data.name},`, paragraphs, action: { label: "See your sessions", url: data.url } });
}
