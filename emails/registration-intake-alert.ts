import { renderEmail, type Email } from "./layout";

/**
 * Tells staff that an intake needs attention now. Deliberately carries no name and no need
 * areas (email is not a safe place for health information): the link opens the audited record.
 */
export function intakeAlertEmail(data: { staffName: string; groupName: string; crisis: boolean; url: string }): Email {
  const what = data.crisis ? "signals a crisis" : "reports an urgent need";
  return renderEmail({
    subject: data.crisis ? `Crisis answer on an intake for ${data.groupName}` : `Urgent intake for ${data.groupName}`,
    greeting: `Hello ${data.staffName},`,
    paragraphs: [
      `A new intake for ${data.groupName} ${what}. Please review it and contact the person as soon as you can.`,
      data.crisis
        ? "They were shown the organisation's crisis page straight after registering. Follow the crisis protocol."
        : "Urgent intakes are listed first in the intake queue.",
    ],
    action: { label: "Open the intake", url: data.url },
    footer: "You receive this because you manage or facilitate this group.",
  });
}
