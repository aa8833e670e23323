import { renderEmail, type Email } from "./layout";

/** Asks a participant to enter (or confirm) their weekly availability for a group's new schedule. */
export function roundInvitationEmail(data: {
  name: string;
  groupName: string;
  organizationName: string;
  firstDate: string;
  lastDate: string;
  url: string;
}): Email {
  return renderEmail({
    subject: `When can you meet? ${data.groupName}`,
    greeting: `Hello ${data.name},`,
    paragraphs: [
      `${data.organizationName} is planning the weekly sessions of ${data.groupName} between ${data.firstDate} and ${data.lastDate}.`,
      "Tell us which times in a usual week suit you, in your own time zone, and any dates you will be away. If the times you gave before are still right, just press “Confirm my availability”.",
      "Only the group's facilitators and the program staff see your answers; other participants only see how many people are free.",
    ],
    action: { label: "Enter or confirm my availability", url: data.url },
  });
}
