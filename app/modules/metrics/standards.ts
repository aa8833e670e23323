/**
 * The COA PA-CSE standards the app helps evidence, and how one standard's live evidence is
 * summarised. Pure: the figures come from evidence.server.ts.
 *
 * Titles say what the app records for each standard; read them beside the COA text.
 */

export const STANDARDS = [
  { code: "1.01", title: "Program logic model", area: "Program planning", sources: ["logic_models", "logic_model_lines"] },
  { code: "1.02", title: "Outcomes measured and used", area: "Program planning", sources: ["outcome_measures", "participant_goals"] },
  { code: "2.03", title: "Staff training (referral, trauma-informed practice, suicide risk)", area: "Personnel", sources: ["competency_items", "competency_records"] },
  { code: "2.04", title: "Group facilitation competencies", area: "Personnel", sources: ["competency_items", "competency_records", "competency_observations"] },
  { code: "2.06", title: "Peer specialist certification", area: "Personnel", sources: ["competency_items", "competency_records"] },
  { code: "2.07", title: "Peer-specific training", area: "Personnel", sources: ["competency_items", "competency_records"] },
  { code: "2.08", title: "Facilitator caseloads", area: "Personnel", sources: ["competency_settings", "competency_overrides"] },
  { code: "3.01", title: "Timely access: registration and waitlists", area: "Access and intake", sources: ["enrolment_details", "intakes"] },
  { code: "3.02", title: "Intake screening of needs", area: "Access and intake", sources: ["intakes"] },
  { code: "3.03", title: "Referral when the program cannot serve a need", area: "Access and intake", sources: ["referrals", "resources"] },
  { code: "3.04", title: "Individual goals and service plans", area: "Access and intake", sources: ["participant_goals", "goal_objectives"] },
  { code: "5.01", title: "Groups planned around participants (size, schedule, availability)", area: "Service delivery", sources: ["availability_windows", "scheduling_rounds"] },
  { code: "5.02", title: "Sessions delivered as scheduled", area: "Service delivery", sources: ["attendance_records"] },
  { code: "5.03", title: "Attendance and engagement followed up", area: "Service delivery", sources: ["attendance_records", "absence_alerts"] },
  { code: "6.02", title: "Resource directory", area: "Referral and linkage", sources: ["resources"] },
  { code: "6.03", title: "Referral follow-up", area: "Referral and linkage", sources: ["referrals"] },
  { code: "7.01", title: "Group rules made with participants", area: "Participant rights and voice", sources: ["rule_versions", "proposals"] },
  { code: "7.02", title: "Participant feedback and voice", area: "Participant rights and voice", sources: ["feedback_anonymous_answers", "feedback_named_answers", "voice_changes"] },
  { code: "7.03", title: "Concerns and complaints answered", area: "Participant rights and voice", sources: ["concerns"] },
] as const;

export type StandardCode = (typeof STANDARDS)[number]["code"];

export type Fact = { label: string; value: string | number };
export type Gap = { label: string; items: string[] };

export type StandardEvidence = {
  code: StandardCode;
  title: string;
  area: string;
  status: "evidence" | "gaps" | "no-data";
  facts: Fact[];
  gaps: Gap[];
  lastActivity: string | null;
  links: { label: string; href: string }[];
};

/**
 * The state of one standard: "no-data" when nothing has been recorded (every count is zero or
 * the capability's tables do not exist), "gaps" when a gap has items, else "evidence".
 */
export function summarise(
  standard: (typeof STANDARDS)[number],
  input: { available: boolean; recorded: number; facts: Fact[]; gaps: Gap[]; lastActivity: string | null; links?: { label: string; href: string }[] },
): StandardEvidence {
  const base = { code: standard.code, title: standard.title, area: standard.area, links: input.links ?? [] };
  if (!input.available || input.recorded === 0) return { ...base, status: "no-data", facts: [], gaps: input.available ? input.gaps.filter((g) => g.items.length) : [], lastActivity: null };
  const gaps = input.gaps.filter((g) => g.items.length > 0);
  return { ...base, status: gaps.length ? "gaps" : "evidence", facts: input.facts, gaps, lastActivity: input.lastActivity };
}

export const STATUS_LABELS: Record<StandardEvidence["status"], string> = {
  evidence: "Evidence recorded",
  gaps: "Evidence with gaps",
  "no-data": "No data recorded yet",
};
