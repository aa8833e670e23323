import { renderEmail, type Email } from "./layout";

/** Sent to the current address when a change to another address is asked for. */
export function emailChangeNoticeEmail(data: { name: string; newEmail: string; resetUrl: string }): Email {
  return renderEmail({
    subject: "A change of your email address was asked for",
    greeting: `Hello ${data.name},`,
    paragraphs: [
      `Someone signed in to your account asked to change its email address to ${data.newEmail}. It changes only when a link sent to that address is followed.`,
      `If this was not you, choose a new password now so nobody else can sign in: ${data.resetUrl}.`,
    ],
    footer: "You receive this because this address belongs to an account.",
  });
}
