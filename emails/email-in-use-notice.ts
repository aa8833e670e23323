import { renderEmail, type Email } from "./layout";

/** Another account tried to take this address (the profile answers the same either way). */
export function emailInUseNoticeEmail(data: { name: string; resetUrl: string }): Email {
  return renderEmail({
    subject: "Someone tried to use your email address",
    greeting: `Hello ${data.name},`,
    paragraphs: [
      "Someone asked to move your email address to another Group Sessions account. Nothing was changed: your address stays with your account.",
      `If you think someone knows your password, choose a new one: ${data.resetUrl}.`,
    ],
    footer: "You receive this because this address belongs to an account.",
  });
}
