import { renderEmail, type Email } from "./layout";

export function passwordResetEmail(data: { name: string; url: string; organizationName: string }): Email {
  return renderEmail({
    subject: "Reset your password",
    greeting: `Hello ${data.name},`,
    paragraphs: [
      `Someone asked to reset the password of your ${data.organizationName} account.`,
      "The link works once and for one hour. If it was not you, ignore this email: your password stays as it is.",
    ],
    action: { label: "Choose a new password", url: data.url },
  });
}
