/**
 * The plan's history, read from the audit trail (pure: the events are passed in). Each change to
 * the plan, its goals and objectives reads as one sentence with what it was before and after.
 */
import { COMPONENT_LABELS, type PeerSupportComponent } from "./components";

/** The audit actions that change a plan (views and reports are in the disclosure history instead). */
export const PLAN_HISTORY_ACTIONS = [
  "goal.create",
  "goal.update",
  "goal.status",
  "goal.objective_status",
  "goal.own_words",
  "plan.save",
  "plan.objective_add",
  "plan.objective_update",
  "plan.service_add",
  "plan.service_remove",
  "plan.intervention_add",
  "plan.intervention_remove",
  "plan.review",
  "plan.review_reminder",
  "plan.proposal_create",
  "plan.proposal_accept",
  "plan.proposal_reply",
] as const;

type Json = Record<string, unknown> | null;
export type HistoryEvent = { action: string; before: Json; after: Json };

const FIELD_LABELS: Record<string, string> = {
  strengths: "Strengths",
  barriers: "Barriers",
  needs: "Needs",
  nextReviewOn: "Next review",
  description: "Objective",
  measure: "Measured by",
  title: "Goal",
  programId: "Program",
  targetDate: "Target date",
  status: "Status",
};

const shown = (v: unknown) => (v === null || v === undefined || v === "" ? "(empty)" : `“${String(v)}”`);

/** "Objective: “Save $50” → “Save $100”" for each field changed. */
function fieldChanges(before: Json, after: Json): string[] {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].filter((k) => k in FIELD_LABELS);
  return keys.map((k) => `${FIELD_LABELS[k]}: ${shown(before?.[k])} → ${shown(after?.[k])}`);
}

const str = (v: unknown) => (typeof v === "string" ? v : "");

export function describeHistoryEvent(event: HistoryEvent): { summary: string; details: string[] } {
  const a = event.after ?? {};
  const b = event.before ?? {};
  switch (event.action) {
    case "goal.create":
      return { summary: "Goal added", details: [`Goal: ${shown(a.title)}`] };
    case "goal.update":
      return { summary: "Goal corrected", details: fieldChanges(event.before, event.after) };
    case "goal.status":
      return { summary: "Goal status changed", details: fieldChanges(event.before, event.after) };
    case "goal.objective_status":
      return { summary: "Objective status changed", details: fieldChanges(event.before, event.after) };
    case "goal.own_words":
      return { summary: "The participant wrote their own words about a goal", details: [] };
    case "plan.save":
      return { summary: "Plan updated", details: fieldChanges(event.before, event.after) };
    case "plan.objective_add":
      return { summary: "Objective added", details: [`Objective: ${shown(a.description)}`, `Measured by: ${shown(a.measure)}`] };
    case "plan.objective_update":
      return { summary: "Objective reworded", details: fieldChanges(event.before, event.after) };
    case "plan.service_add":
      return { summary: "Planned service added", details: [`${str(a.group)}: ${String(a.timesPerPeriod)} a ${str(a.period)}, ${String(a.minutesPerContact)} minutes each`] };
    case "plan.service_remove":
      return { summary: "Planned service removed", details: [`${String(b.timesPerPeriod)} a ${str(b.period)}, ${String(b.minutesPerContact)} minutes each`] };
    case "plan.intervention_add":
      return { summary: "Intervention added", details: [shown(a.description), COMPONENT_LABELS[a.component as PeerSupportComponent] ?? str(a.component)] };
    case "plan.intervention_remove":
      return { summary: "Intervention removed", details: [shown(b.description)] };
    case "plan.review":
      return {
        summary: `Plan reviewed on ${str(a.reviewedOn)}`,
        details: [`Took part: ${str(a.attendees)}`, `What changed: ${str(a.whatChanged)}`, ...(str(a.participantComment) ? [`Participant's comment: ${str(a.participantComment)}`] : []), `Next review: ${str(a.nextReviewOn)}`],
      };
    case "plan.review_reminder":
      return { summary: `Review reminder sent for ${str(a.dueOn)}`, details: [] };
    case "plan.proposal_create":
      return { summary: "The participant proposed a goal", details: [shown(a.words)] };
    case "plan.proposal_reply":
      return { summary: "Reply about a proposed goal", details: [shown(a.body)] };
    case "plan.proposal_accept":
      return { summary: "Proposed goal accepted into the plan", details: [`Their words: ${shown(a.words)}`, `Staff wording: ${shown(a.title)}`] };
    default:
      return { summary: event.action, details: [] };
  }
}
