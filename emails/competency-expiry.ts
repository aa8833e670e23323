import { renderEmail, type Email } from "./layout";

const STAFF_FOOTER = "You receive this because you lead groups, or supervise someone who does, with this organisation.";

/** 60, 30 or 7 days before a record lapses: to the facilitator, or to their supervisor about them. */
export function competencyExpiryReminderEmail(data: {
  recipientName: string;
  facilitatorName: string;
  toFacilitator: boolean;
  itemName: string;
  standard: string;
  expiresOn: string;
  daysLeft: number;
  url: string;
}): Email {
  const whose = data.toFacilitator ? "Your" : `${data.facilitatorName}'s`;
  const item = data.standard ? `${data.itemName} (${data.standard})` : data.itemName;
  const subject = `${whose} ${data.itemName} expires in ${data.daysLeft} day${data.daysLeft === 1 ? "" : "s"}`;
  return renderEmail({
    subject,
    greeting: `Hello ${data.recipientName},`,
    paragraphs: [
      `${whose} record for ${item} expires on ${data.expiresOn}, in ${data.daysLeft} day${data.daysLeft === 1 ? "" : "s"}.`,
      data.toFacilitator
        ? "Please renew it before then and add the new evidence, so you can keep being assigned to lead groups that need it."
        : `Once it expires, ${data.facilitatorName} cannot be assigned to new groups that need it until a renewed record is verified.`,
    ],
    action: { label: "Open the record", url: data.url },
    footer: STAFF_FOOTER,
  });
}

/** On the expiry date: the record has lapsed; upcoming sessions it affects are listed. */
export function competencyExpiredEmail(data: {
  recipientName: string;
  facilitatorName: string;
  toFacilitator: boolean;
  itemName: string;
  standard: string;
  expiredOn: string;
  affectedSessions: number;
  url: string;
}): Email {
  const whose = data.toFacilitator ? "Your" : `${data.facilitatorName}'s`;
  const item = data.standard ? `${data.itemName} (${data.standard})` : data.itemName;
  const paragraphs = [`${whose} record for ${item} expired on ${data.expiredOn}.`];
  if (data.affectedSessions > 0) {
    paragraphs.push(
      `${data.affectedSessions} upcoming session${data.affectedSessions === 1 ? " is" : "s are"} led by ${data.toFacilitator ? "you" : data.facilitatorName} in groups that need it. They stay on the schedule and are flagged for a manager to review.`,
    );
  }
  paragraphs.push("New assignments to groups that need it are blocked until a renewed record is verified.");
  return renderEmail({
    subject: `Expired: ${whose} ${data.itemName}`,
    greeting: `Hello ${data.recipientName},`,
    paragraphs,
    action: { label: "Open the record", url: data.url },
    footer: STAFF_FOOTER,
  });
}
