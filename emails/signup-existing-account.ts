import { renderEmail, type Email } from "./layout";

/** Someone tried to sign up with an address that already has an account (sign-up answers the same either way). */
export function signupExistingAccountEmail(data: { name: string; organizationName: string; loginUrl: string; resetUrl: string }): Email {
  return renderEmail({
    subject: "Someone tried to create an account with your address",
    greeting: `Hello ${data.name},`,
    paragraphs: [
      `Someone tried to create a new ${data.organizationName} account with your email address, which already has an account.`,
      `If it was you, sign in instead: ${data.loginUrl}. If you forgot your password, choose a new one: ${data.resetUrl}.`,
      "If it was not you, you can ignore this email: nothing was changed.",
    ],
    action: { label: "Sign in", url: data.loginUrl },
    footer: "You receive this because you have an account with this address.",
  });
}
