import { renderEmail, type Email } from "./layout";

export function feedbackInvitationEmail(data: { name: string; groupName: string; when: string; url: string }): Email {
  return renderEmail({
    subject: `How was ${data.groupName}? Tell us in a minute`,
    greeting: `Hello ${data.name},`,
    paragraphs: [
      `Thank you for coming to ${data.groupName} on ${data.when}.`,
      "We would like to know how it went for you: three quick ratings and, if you like, a comment. You can answer anonymously; then your answer is stored with no link to you.",
      "Answering is optional and does not affect your place in the group.",
    ],
    action: { label: "Give feedback", url: data.url },
  });
}
