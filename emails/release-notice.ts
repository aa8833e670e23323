import { renderEmail, type Email } from "./layout";

/**
 * To a participant, when staff record a release of information signed on paper in their name, and
 * when a letter goes out under such a release — so a release they never signed cannot be used
 * unnoticed. Names the recipient and who acted, never the program or group (the program may be a
 * substance use program, and mail can be read by others).
 */
export function paperReleaseRecordedEmail(data: { name: string; organizationName: string; recipient: string; shares: string; expiresOn: string; recordedBy: string; url: string }): Email {
  return renderEmail({
    subject: "A release of information signed on paper was recorded for you",
    greeting: `Hello ${data.name},`,
    paragraphs: [
      `${data.recordedBy} at ${data.organizationName} recorded a release of information you signed on paper. It allows letters to ${data.recipient}, sharing: ${data.shares}, until the end of ${data.expiresOn}.`,
      `If you did not sign it, or no longer agree, revoke it on "My releases" (no letter can be sent under it from then on) and tell ${data.organizationName}.`,
    ],
    action: { label: "See my releases", url: data.url },
    footer: "You receive this because a release of information in your name was recorded.",
  });
}

export function paperReleaseLetterEmail(data: { name: string; organizationName: string; recipient: string; issuedBy: string; url: string }): Email {
  return renderEmail({
    subject: "A letter about you was sent under a release signed on paper",
    greeting: `Hello ${data.name},`,
    paragraphs: [
      `${data.issuedBy} at ${data.organizationName} issued a letter about you to ${data.recipient}, under a release of information you signed on paper. You can read the letter and what it shared on "My releases".`,
      `If you did not sign that release, revoke it there and tell ${data.organizationName}.`,
    ],
    action: { label: "See my releases", url: data.url },
    footer: "You receive this because a letter about you was sent under a release in your name.",
  });
}
