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

/** The fields a history line names (codes; FIELD_LABELS has the English, the page its catalog). */
export type HistoryField =
  | "strengths"
  | "barriers"
  | "needs"
  | "nextReviewOn"
  | "description"
  | "measure"
  | "title"
  | "programId"
  | "targetDate"
  | "status"
  | "attendees"
  | "whatChanged"
  | "participantComment"
  | "theirWords"
  | "staffWording";

const FIELD_LABELS: Record<HistoryField, string> = {
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
  attendees: "Took part",
  whatChanged: "What changed",
  participantComment: "Participant's comment",
  theirWords: "Their words",
  staffWording: "Staff wording",
};
/** Fields a changed record can carry (the rest name parts of a review or an accepted proposal). */
const CHANGE_FIELDS: HistoryField[] = ["strengths", "barriers", "needs", "nextReviewOn", "description", "measure", "title", "programId", "targetDate", "status"];

/** Fields holding a civil date (ISO) and a status code: the page shows them in the reader's style and words. */
export const DATE_FIELDS: readonly HistoryField[] = ["nextReviewOn", "targetDate"];
export const STATUS_FIELDS: readonly HistoryField[] = ["status"];

/**
 * One line of detail, as data: a field changed (before → after, quoted), a field's value (quoted
 * or as written), a quotation, a peer-support component, or a planned service.
 */
export type HistoryDetail =
  | { kind: "change"; field: HistoryField; before: string | null; after: string | null }
  | { kind: "value"; field: HistoryField; value: string | null; quoted: boolean }
  | { kind: "quote"; value: string | null }
  | { kind: "component"; code: string }
  | { kind: "service"; group: string | null; timesPerPeriod: string; period: string; minutesPerContact: string };

/** A history event as data: its action (the page's summary), the date the summary names, and its details. */
export type HistoryEntry = { action: string; date: string | null; details: HistoryDetail[] };

const text = (v: unknown): string | null => (v === null || v === undefined || v === "" ? null : String(v));
const str = (v: unknown) => (typeof v === "string" ? v : "");

function changes(before: Json, after: Json): HistoryDetail[] {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].filter((k): k is HistoryField => (CHANGE_FIELDS as string[]).includes(k));
  return keys.map((field) => ({ kind: "change", field, before: text(before?.[field]), after: text(after?.[field]) }));
}

/** A plan history event as data (pure). */
export function historyEntry(event: HistoryEvent): HistoryEntry {
  const a = event.after ?? {};
  const b = event.before ?? {};
  const entry = (details: HistoryDetail[], date: string | null = null): HistoryEntry => ({ action: event.action, date, details });
  const quoted = (field: HistoryField, value: unknown): HistoryDetail => ({ kind: "value", field, value: text(value), quoted: true });
  const plain = (field: HistoryField, value: unknown): HistoryDetail => ({ kind: "value", field, value: str(value), quoted: false });
  switch (event.action) {
    case "goal.create":
      return entry([quoted("title", a.title)]);
    case "goal.update":
    case "goal.status":
    case "goal.objective_status":
    case "plan.save":
    case "plan.objective_update":
      return entry(changes(event.before, event.after));
    case "plan.objective_add":
      return entry([quoted("description", a.description), quoted("measure", a.measure)]);
    case "plan.service_add":
      return entry([{ kind: "service", group: str(a.group), timesPerPeriod: String(a.timesPerPeriod), period: str(a.period), minutesPerContact: String(a.minutesPerContact) }]);
    case "plan.service_remove":
      return entry([{ kind: "service", group: null, timesPerPeriod: String(b.timesPerPeriod), period: str(b.period), minutesPerContact: String(b.minutesPerContact) }]);
    case "plan.intervention_add":
      return entry([{ kind: "quote", value: text(a.description) }, { kind: "component", code: str(a.component) }]);
    case "plan.intervention_remove":
      return entry([{ kind: "quote", value: text(b.description) }]);
    case "plan.review":
      return entry(
        [plain("attendees", a.attendees), plain("whatChanged", a.whatChanged), ...(str(a.participantComment) ? [plain("participantComment", a.participantComment)] : []), plain("nextReviewOn", a.nextReviewOn)],
        str(a.reviewedOn),
      );
    case "plan.review_reminder":
      return entry([], str(a.dueOn));
    case "plan.proposal_create":
      return entry([{ kind: "quote", value: text(a.words) }]);
    case "plan.proposal_reply":
      return entry([{ kind: "quote", value: text(a.body) }]);
    case "plan.proposal_accept":
      return entry([quoted("theirWords", a.words), quoted("staffWording", a.title)]);
    default:
      return entry([]);
  }
}

const SUMMARIES: Record<string, string> = {
  "goal.create": "Goal added",
  "goal.update": "Goal corrected",
  "goal.status": "Goal status changed",
  "goal.objective_status": "Objective status changed",
  "goal.own_words": "The participant wrote their own words about a goal",
  "plan.save": "Plan updated",
  "plan.objective_add": "Objective added",
  "plan.objective_update": "Objective reworded",
  "plan.service_add": "Planned service added",
  "plan.service_remove": "Planned service removed",
  "plan.intervention_add": "Intervention added",
  "plan.intervention_remove": "Intervention removed",
  "plan.proposal_create": "The participant proposed a goal",
  "plan.proposal_reply": "Reply about a proposed goal",
  "plan.proposal_accept": "Proposed goal accepted into the plan",
};

const shown = (v: string | null) => (v === null ? "(empty)" : `“${v}”`);

/** A history event in English, as stored values read (ISO dates, status codes): "Objective: “Save $50” → “Save $100”". */
export function describeHistoryEvent(event: HistoryEvent): { summary: string; details: string[] } {
  const e = historyEntry(event);
  const summary =
    e.action === "plan.review" ? `Plan reviewed on ${e.date ?? ""}` : e.action === "plan.review_reminder" ? `Review reminder sent for ${e.date ?? ""}` : (SUMMARIES[e.action] ?? e.action);
  const details = e.details.map((d) => {
    switch (d.kind) {
      case "change":
        return `${FIELD_LABELS[d.field]}: ${shown(d.before)} → ${shown(d.after)}`;
      case "value":
        return `${FIELD_LABELS[d.field]}: ${d.quoted ? shown(d.value) : (d.value ?? "")}`;
      case "quote":
        return shown(d.value);
      case "component":
        return COMPONENT_LABELS[d.code as PeerSupportComponent] ?? d.code;
      case "service":
        return `${d.group !== null ? `${d.group}: ` : ""}${d.timesPerPeriod} a ${d.period}, ${d.minutesPerContact} minutes each`;
    }
  });
  return { summary, details };
}
