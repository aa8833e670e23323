/**
 * What an audit event means to the person whose records it touched: a plain description and the
 * purpose of the use or disclosure (HIPAA §164.528 and 42 CFR 2.24 accounting ask for the date,
 * who, what and why). Pure: no database, no clock.
 */
import { isAuditAction, type AuditAction } from "./actions";

/** "sent": a letter about the person went to someone outside the organisation, under their release. */
export type DisclosureKind = "viewed" | "exported" | "changed" | "sent";

type Meaning = { kind: DisclosureKind; what: string; purpose: string };

const MEANINGS: Partial<Record<AuditAction, Meaning>> = {
  "goal.plan_viewed": { kind: "viewed", what: "Your goals and service plan", purpose: "Your service plan (treatment)" },
  "goal.create": { kind: "changed", what: "A goal was added to your plan", purpose: "Your service plan (treatment)" },
  "goal.update": { kind: "changed", what: "A goal in your plan was corrected", purpose: "Your service plan (treatment)" },
  "goal.status": { kind: "changed", what: "A goal's status in your plan", purpose: "Your service plan (treatment)" },
  "goal.objective_status": { kind: "changed", what: "An objective's status in your plan", purpose: "Your service plan (treatment)" },
  "goal.note": { kind: "changed", what: "A progress note on your plan", purpose: "Your service plan (treatment)" },
  "plan.save": { kind: "changed", what: "Your plan's strengths, barriers, needs or review date", purpose: "Your service plan (treatment)" },
  "plan.objective_add": { kind: "changed", what: "An objective was added to your plan", purpose: "Your service plan (treatment)" },
  "plan.objective_update": { kind: "changed", what: "An objective in your plan was reworded", purpose: "Your service plan (treatment)" },
  "plan.service_add": { kind: "changed", what: "A planned service (group) was added to your plan", purpose: "Your service plan (treatment)" },
  "plan.service_remove": { kind: "changed", what: "A planned service was taken out of your plan", purpose: "Your service plan (treatment)" },
  "plan.intervention_add": { kind: "changed", what: "A peer-support intervention was added to your plan", purpose: "Your service plan (treatment)" },
  "plan.intervention_remove": { kind: "changed", what: "A peer-support intervention was taken out of your plan", purpose: "Your service plan (treatment)" },
  "plan.review": { kind: "changed", what: "A review of your plan was recorded", purpose: "Your service plan (treatment)" },
  "plan.review_reminder": { kind: "changed", what: "A reminder that your plan is due for review was sent", purpose: "Your service plan (treatment)" },
  "plan.proposal_accept": { kind: "changed", what: "A goal you proposed was added to your plan", purpose: "Your service plan (treatment)" },
  "plan.proposal_reply": { kind: "changed", what: "A reply about a goal you proposed", purpose: "Your service plan (treatment)" },
  "plan.history_viewed": { kind: "viewed", what: "The history of your service plan", purpose: "Your service plan (treatment)" },
  "plan.report_viewed": { kind: "viewed", what: "The plans report listing your plan's review date or objectives met", purpose: "Program evaluation (operations)" },
  "plan.report_exported": { kind: "exported", what: "The plans report listing your plan, downloaded", purpose: "Program evaluation (operations)" },
  "progress_note.viewed": { kind: "viewed", what: "Progress notes about you", purpose: "Your service plan (treatment)" },
  "progress_note.create": { kind: "changed", what: "A progress note about you was written", purpose: "Your service plan (treatment)" },
  "progress_note.update": { kind: "changed", what: "A draft progress note about you was edited", purpose: "Your service plan (treatment)" },
  "progress_note.sign": { kind: "changed", what: "A progress note about you was signed", purpose: "Your service plan (treatment)" },
  "progress_note.addendum": { kind: "changed", what: "An addendum to a progress note about you", purpose: "Your service plan (treatment)" },
  "contact.viewed": { kind: "viewed", what: "Notes of your one-to-one contacts with staff", purpose: "Your service plan (treatment)" },
  "contact.create": { kind: "changed", what: "A one-to-one contact with you was logged", purpose: "Your service plan (treatment)" },
  "contact.update": { kind: "changed", what: "A draft note of a one-to-one contact with you was edited", purpose: "Your service plan (treatment)" },
  "contact.sign": { kind: "changed", what: "A note of a one-to-one contact with you was signed", purpose: "Your service plan (treatment)" },
  "contact.addendum": { kind: "changed", what: "An addendum to a note of a one-to-one contact with you", purpose: "Your service plan (treatment)" },
  "outcome.record": { kind: "changed", what: "An outcome measure", purpose: "Your service plan (treatment)" },
  "demographics.viewed": { kind: "viewed", what: "Your demographic answers (and how your services are paid for)", purpose: "Reporting to funders (operations)" },
  "demographics.update": { kind: "changed", what: "Your demographic answers were changed", purpose: "Reporting to funders (operations)" },
  "demographics.coverage_update": { kind: "changed", what: "How your services are paid for (payer, Medicaid ID) was recorded by staff", purpose: "Payment for services" },
  "demographics.medicaid_exported": { kind: "exported", what: "Your Medicaid ID, in a billing list downloaded by a manager", purpose: "Payment for services" },
  "intake.view": { kind: "viewed", what: "Your intake answers", purpose: "Screening and intake" },
  "intake.list": { kind: "viewed", what: "Your intake in the intake queue", purpose: "Screening and intake" },
  "intake.review": { kind: "changed", what: "Your intake was marked as reviewed", purpose: "Screening and intake" },
  "attendance.sheet_view": { kind: "viewed", what: "A group's attendance sheet with your name", purpose: "Running your group (operations)" },
  "attendance.csv_export": { kind: "exported", what: "A group's attendance with your name, downloaded", purpose: "Running your group (operations)" },
  "roster.exported": { kind: "exported", what: "A session's roster with your name, downloaded", purpose: "Running your group (operations)" },
  "intake.exported": { kind: "exported", what: "Your intake in the intake queue, downloaded", purpose: "Screening and intake" },
  "referral.exported": { kind: "exported", what: "Your referrals to other services, downloaded", purpose: "Referral and follow-up (treatment)" },
  "concern.exported": { kind: "exported", what: "A concern you raised with your name, downloaded", purpose: "Handling your concern (operations)" },
  "roster.viewed": { kind: "viewed", what: "A group's roster with your name", purpose: "Running your group (operations)" },
  "metrics.rows_viewed": { kind: "viewed", what: "A program figure listing your name", purpose: "Program evaluation (operations)" },
  "metrics.exported": { kind: "exported", what: "A program figure listing your name, downloaded", purpose: "Program evaluation (operations)" },
  "evidence.viewed": { kind: "viewed", what: "Accreditation evidence naming you", purpose: "Accreditation review (COA)" },
  "evidence.exported": { kind: "exported", what: "Accreditation evidence naming you, downloaded", purpose: "Accreditation review (COA)" },
  "completion.progress_viewed": { kind: "viewed", what: "Your progress toward completing a group (from your attendance)", purpose: "Running your group (operations)" },
  "discharge_summary.viewed": { kind: "viewed", what: "Your discharge summary", purpose: "Your service plan (treatment)" },
  "certificate.downloaded": { kind: "exported", what: "Your certificate of completion, downloaded by staff", purpose: "Proof of completion" },
  "certificate.issued": { kind: "changed", what: "A certificate of completion was issued to you", purpose: "Proof of completion" },
  "enrolment.complete": { kind: "changed", what: "Your enrolment was recorded as completed", purpose: "Running your group (operations)" },
  "enrolment.discharge": { kind: "changed", what: "You were discharged from a group", purpose: "Running your group (operations)" },
  "enrolment.transfer": { kind: "changed", what: "You were transferred to another group", purpose: "Running your group (operations)" },
  "enrolment.outcome_undone": { kind: "changed", what: "How your enrolment ended was taken back", purpose: "Running your group (operations)" },
  "letter.issued": { kind: "sent", what: "A letter about your attendance or progress, to the recipient of your release (details on My releases)", purpose: "Under your release of information" },
  "letter.downloaded": { kind: "exported", what: "A letter about you sent under your release, printed again", purpose: "Under your release of information" },
  "release.list_viewed": { kind: "viewed", what: "Your releases of information (who may receive letters about you)", purpose: "Letters under your release" },
  "release.paper_recorded": { kind: "changed", what: "A release of information you signed on paper was recorded", purpose: "Letters under your release" },
  "release.paper_viewed": { kind: "viewed", what: "The scan of a release you signed on paper", purpose: "Letters under your release" },
};

/** The meaning of any action; unknown actions are shown by their name, as a change by staff. */
export function describeAction(action: string): Meaning {
  const known = isAuditAction(action) ? MEANINGS[action] : undefined;
  if (known) return known;
  const kind: DisclosureKind = /\.(view|viewed|read|list)$/.test(action) ? "viewed" : /export/.test(action) ? "exported" : "changed";
  return { kind, what: action.replace(/[._]/g, " "), purpose: "Operations" };
}

export const ROLE_LABELS: Record<string, string> = {
  participant: "Participant",
  facilitator: "Facilitator",
  manager: "Program manager",
  admin: "Administrator",
};
