import { renderEmail, type Email } from "./layout";

type RoundMailData = {
  name: string;
  groupName: string;
  organizationName: string;
  firstDate: string;
  lastDate: string;
  url: string;
};

const ACTION = "Enter or confirm my availability";

/** Asks a participant to enter (or confirm) their weekly availability for a group's new schedule. */
export function roundInvitationEmail(data: RoundMailData): Email {
  return renderEmail({
    subject: `When can you meet? ${data.groupName}`,
    greeting: `Hello ${data.name},`,
    paragraphs: [
      `${data.organizationName} is planning the weekly sessions of ${data.groupName} between ${data.firstDate} and ${data.lastDate}.`,
      "Tell us which times in a usual week suit you, in your own time zone, and any dates you will be away. If the times you gave before are still right, just press “Confirm my availability”.",
      "Only the group's facilitators and the program staff see your answers; other participants only see how many people are free.",
    ],
    action: { label: ACTION, url: data.url },
  });
}

/** A reminder to someone who has not yet answered a round's invitation. */
export function roundReminderEmail(data: RoundMailData): Email {
  return renderEmail({
    subject: `Reminder: when can you meet? ${data.groupName}`,
    greeting: `Hello ${data.name},`,
    paragraphs: [
      `${data.organizationName} is still planning the weekly sessions of ${data.groupName} between ${data.firstDate} and ${data.lastDate}, and we have not heard from you yet.`,
      "It takes a minute: tell us which times in a usual week suit you, in your own time zone, or press “Confirm my availability” if the times you gave before are still right. The times are chosen from the answers we have, so yours count.",
      "If you would rather not take part, you can ignore this message.",
    ],
    action: { label: ACTION, url: data.url },
  });
}
