import { renderEmail, type Email } from "./layout";

/** Sent to the new address chosen on the profile: the change applies when the link is followed. */
export function emailChangeConfirmationEmail(data: { name: string; url: string; newEmail: string }): Email {
  return renderEmail({
    subject: "Confirm your new email address",
    greeting: `Hello ${data.name},`,
    paragraphs: [
      `You asked to use ${data.newEmail} for your Group Sessions account. Follow the link below to confirm it; until then your old address stays in use.`,
      "The link works once and for 24 hours. If you did not ask for this, ignore this email.",
    ],
    action: { label: "Confirm my new address", url: data.url },
    footer: "You receive this because someone asked to use this address for an account.",
  });
}
