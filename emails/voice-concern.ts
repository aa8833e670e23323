import { renderEmail, type Email } from "./layout";

/** To managers: a concern arrived or is overdue. Never includes the concern's content or who raised it. */
export function concernAlertEmail(data: { name: string; kind: "new" | "overdue"; summary: string | null; url: string }): Email {
  const subject = data.kind === "new" ? "A new concern was raised" : "A concern is waiting for a response";
  return renderEmail({
    subject,
    greeting: `Hello ${data.name},`,
    paragraphs:
      data.kind === "new"
        ? ["A participant raised a concern or complaint. Please review it and respond within the organisation's response time."]
        : ["A concern has had no response within the organisation's response time. Please respond or tell the person when they can expect an answer."],
    action: { label: "Open the concern", url: data.url },
    footer: "You receive this because you manage participant concerns for this organisation.",
  });
}

/** To a named submitter: there is a reply (read it in the app, where it is private). */
export function concernReplyEmail(data: { name: string; url: string }): Email {
  return renderEmail({
    subject: "You have a reply to your concern",
    greeting: `Hello ${data.name},`,
    paragraphs: ["We have replied to the concern you raised. Sign in to read the reply and answer if you wish."],
    action: { label: "Read the reply", url: data.url },
  });
}
