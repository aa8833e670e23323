/**
 * The COA PA-CSE standards the app helps evidence, and how one standard's live evidence is
 * summarised. Pure: the figures come from evidence.server.ts.
 *
 * Each element is filed under its own number: rules and concerns are 7.02 (members make the
 * group's rules and have a way to voice concerns), scheduling around participants' availability is
 * 5.02, crisis handling is 6.03. Referral follow-up belongs with the referral itself (3.03).
 * Elements the app records nothing for are not listed, rather than showing another element's
 * figures. Titles say what the app records for each element; read them beside the COA text.
 */

export const STANDARDS = [
  { code: "1.01", title: "Program logic model", area: "Program planning", sources: ["logic_models", "logic_model_lines"] },
  { code: "1.02", title: "Outcomes measured and used", area: "Program planning", sources: ["outcome_measures", "participant_goals"] },
  { code: "2.03", title: "Staff training (referral, trauma-informed practice, suicide risk)", area: "Personnel", sources: ["competency_items", "competency_records"] },
  { code: "2.04", title: "Group facilitation competencies", area: "Personnel", sources: ["competency_items", "competency_records", "competency_observations"] },
  {
    code: "2.06",
    title: "Peer workers: certification, supervision and mentoring, readiness to share their recovery story, role clarity",
    area: "Personnel",
    sources: ["competency_items", "competency_records", "competency_supervision_entries"],
  },
  { code: "2.07", title: "Peer-specific training, topic by topic", area: "Personnel", sources: ["competency_items", "competency_records"] },
  {
    code: "2.08",
    title: "Workloads: caseload limits by role or qualification, weighted by level of need",
    area: "Personnel",
    sources: ["competency_settings", "competency_caseload_limits", "competency_overrides"],
  },
  { code: "3.01", title: "Timely access: registration and waitlists", area: "Access and intake", sources: ["enrolment_details", "intakes"] },
  { code: "3.02", title: "Intake screening of needs", area: "Access and intake", sources: ["intakes"] },
  { code: "3.03", title: "Referral and follow-up when the program cannot serve a need", area: "Access and intake", sources: ["referrals", "resources"] },
  { code: "3.04", title: "Individual goals and service plans", area: "Access and intake", sources: ["participant_goals", "goal_objectives"] },
  { code: "5.01", title: "Sessions delivered and attendance followed up", area: "Education and support groups", sources: ["attendance_records", "absence_alerts"] },
  { code: "5.02", title: "Groups scheduled around participants' availability", area: "Education and support groups", sources: ["availability_windows", "scheduling_rounds"] },
  { code: "5.03", title: "Group sessions documented: group notes and progress notes", area: "Education and support groups", sources: ["group_notes", "progress_notes"] },
  { code: "6.02", title: "Resource directory", area: "Information and referral", sources: ["resources"] },
  { code: "6.03", title: "Crisis handling: crisis answers at intake and the crisis page", area: "Information and referral", sources: ["intakes"] },
  {
    code: "7.02",
    title: "Members make the group's rules and voice their concerns",
    area: "Peer support and participant voice",
    sources: ["rule_versions", "proposals", "feedback_anonymous_answers", "feedback_named_answers", "voice_changes", "concerns"],
  },
] as const;

export type StandardCode = (typeof STANDARDS)[number]["code"];

/** `of`: a "part of total" value's two numbers, so a page can write it in the reader's language (value is the English text). */
export type Fact = { label: string; value: string | number; of?: { part: number; total: number } };
/** The PA-CSE 6.02 fields a directory entry must carry (codes; DIRECTORY_FIELD_LABELS has the English). */
export const DIRECTORY_FIELDS = ["contact_person", "phone", "services", "eligibility", "languages", "fees", "location"] as const;
export type DirectoryField = (typeof DIRECTORY_FIELDS)[number];
export const DIRECTORY_FIELD_LABELS: Record<DirectoryField, string> = {
  contact_person: "contact person",
  phone: "phone",
  services: "services",
  eligibility: "eligibility",
  languages: "languages",
  fees: "fees",
  location: "location",
};

/**
 * A gap and its items (English text: the CSV's rows). `entries`, when present, are the first
 * items as data (a directory entry and the 6.02 fields it lacks), for the page to word in the
 * reader's language; items beyond them (the "…and N more" line) are text.
 */
export type Gap = { label: string; items: string[]; entries?: { name: string; missingFields: DirectoryField[] }[] };

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

/**
 * One standard's evidence from several parts (an element the app evidences from more than one
 * capability, e.g. 7.02's rules, feedback and concerns): facts, gaps and links side by side, the
 * latest activity, and "no data" only when every part has none.
 */
export function combineEvidence(parts: StandardEvidence[]): StandardEvidence {
  const recorded = parts.filter((p) => p.status !== "no-data");
  const gaps = parts.flatMap((p) => p.gaps);
  const last = recorded.map((p) => p.lastActivity).filter((d): d is string => Boolean(d)).sort().at(-1) ?? null;
  return {
    ...parts[0],
    status: recorded.length === 0 ? "no-data" : gaps.length ? "gaps" : "evidence",
    facts: recorded.flatMap((p) => p.facts),
    gaps,
    lastActivity: recorded.length ? last : null,
    links: parts.flatMap((p) => p.links),
  };
}
