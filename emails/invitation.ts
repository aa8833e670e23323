import { renderEmail, type Email } from "./layout";

const roleNames: Record<string, string> = {
  participant: "a participant",
  facilitator: "a facilitator",
  manager: "a program manager",
  admin: "an administrator",
};

export function invitationEmail(data: { organizationName: string; inviterName: string; role: string; url: string }): Email {
  return renderEmail({
    subject: `You are invited to ${data.organizationName}`,
    greeting: "Hello,",
    paragraphs: [
      `${data.inviterName} invited you to join ${data.organizationName} as ${roleNames[data.role] ?? data.role}.`,
      "The invitation link works for 7 days.",
    ],
    action: { label: "Accept the invitation", url: data.url },
  });
}
