import { renderEmail, type Email } from "./layout";

/** To a facilitator: a participant missed several sessions in a row without an apology. */
export function attendanceAbsenceAlertEmail(data: {
  facilitatorName: string;
  participantName: string;
  groupName: string;
  absences: number;
  lastSession: string;
  url: string;
}): Email {
  return renderEmail({
    subject: `Check in with ${data.participantName}: ${data.absences} missed sessions of ${data.groupName}`,
    greeting: `Hello ${data.facilitatorName},`,
    paragraphs: [
      `${data.participantName} has missed ${data.absences} sessions of ${data.groupName} in a row without sending apologies (most recently ${data.lastSession}).`,
      "A short, friendly check-in often helps: ask how they are, whether the time still works, and whether anything is getting in the way. Let them know they are welcome back.",
      "You will not be alerted again about this run of absences.",
    ],
    action: { label: "Open the attendance alerts", url: data.url },
    footer: "You receive this because you lead this group.",
  });
}
