import { renderEmail, type Email } from "./layout";

/** To a facilitator: a participant missed several sessions in a row without an apology. */
export function attendanceAbsenceAlertEmail(data: {
  facilitatorName: string;
  participantName: string;
  groupName: string;
  absences: number;
  lastSession: string;
  url: string;
  /** Their email address, only when they allow this group's facilitators to see it; otherwise null. */
  contact?: string | null;
}): Email {
  return renderEmail({
    subject: `Check in with ${data.participantName}: ${data.absences} missed sessions of ${data.groupName}`,
    greeting: `Hello ${data.facilitatorName},`,
    paragraphs: [
      `${data.participantName} has missed ${data.absences === 1 ? "1 session" : `${data.absences} sessions`} of ${data.groupName} in a row without sending apologies (most recently ${data.lastSession}).`,
      "A short, friendly check-in often helps: ask how they are, whether the time still works, and whether anything is getting in the way. Let them know they are welcome back.",
      data.contact
        ? `They allow this group's facilitators to contact them: ${data.contact}.`
        : "They have not agreed to share their contact details with facilitators: check in when they next come, or ask a manager to reach them through the organisation.",
      "You will not be alerted again about this run of absences.",
    ],
    action: { label: "Open the attendance alerts", url: data.url },
    footer: "You receive this because you lead this group.",
  });
}
