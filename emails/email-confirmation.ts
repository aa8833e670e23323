import { renderEmail, type Email } from "./layout";

/** After sign-up: proves the person reads mail at this address. */
export function emailConfirmationEmail(data: { name: string; url: string; organizationName: string }): Email {
  return renderEmail({
    subject: "Confirm your email address",
    greeting: `Hello ${data.name},`,
    paragraphs: [
      `Welcome to ${data.organizationName}. Follow the link below to confirm this is your email address and sign in.`,
      "The link works once and for 24 hours. If you did not create an account, ignore this email: nothing will happen.",
    ],
    action: { label: "Confirm my email address", url: data.url },
    footer: "You receive this because someone created an account with this address.",
  });
}
