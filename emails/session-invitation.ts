import { renderEmail, type Email } from "./layout";

export function sessionInvitationEmail(data: {
  name: string;
  groupName: string;
  schedule: string[];
  location: string;
  url: string;
}): Email {
  return renderEmail({
    subject: `You're in: ${data.groupName}`,
    greeting: `Hello ${data.name},`,
    paragraphs: [
      `You have a place in ${data.groupName}. The sessions, in your time zone:`,
      ...data.schedule.slice(0, 12),
      ...(data.schedule.length > 12 ? [`…and ${data.schedule.length - 12} more.`] : []),
      ...(data.location ? [`Where: ${data.location}`] : []),
      "The attached calendar file adds every session to your calendar.",
    ],
    action: { label: "See your sessions", url: data.url },
  });
}
