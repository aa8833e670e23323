import { renderEmail, type Email } from "./layout";

/** To a facilitator or manager: a session ended a day ago and nobody recorded attendance. */
export function attendanceMissingEmail(data: { name: string; groupName: string; when: string; url: string }): Email {
  return renderEmail({
    subject: `Attendance not recorded: ${data.groupName}, ${data.when}`,
    greeting: `Hello ${data.name},`,
    paragraphs: [
      `No attendance has been recorded for the ${data.groupName} session on ${data.when}.`,
      "Please enter it (a paper sheet can be typed in afterwards), or cancel the session with a reason if it did not take place.",
    ],
    action: { label: "Open the roster", url: data.url },
    footer: "You receive this because you lead this group or manage this organisation.",
  });
}
