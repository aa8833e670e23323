import { deriveStatus, type CompetencyStatus, type RecordDates } from "./expiry";
import { plural } from "~/ui/wording";

/**
 * The assignment gate, as pure rules: which items a facilitator must hold to lead a group of a
 * given kind, which of those they lack as of `today`, and whether a caseload limit is passed.
 */

export type RequirementItem = {
  id: string;
  code: string;
  name: string;
  standard: string;
  requiredForGroupKinds: string[];
  requiredForRoles: string[];
  archivedAt?: Date | string | null;
};

export type HeldRecord = RecordDates & { itemId: string };

export type MissingProblem = "missing" | "not_verified" | "expired";
export type MissingRequirement = {
  itemId: string;
  code: string;
  name: string;
  standard: string;
  problem: MissingProblem;
  status: CompetencyStatus;
};

/** Items required of someone with `role` leading a group of `groupKind` (archived items never are). */
export function requiredItems<T extends RequirementItem>(items: T[], who: { groupKind: string | null; role: string | null }): T[] {
  return items.filter(
    (item) =>
      !item.archivedAt &&
      ((who.groupKind !== null && item.requiredForGroupKinds.includes(who.groupKind)) ||
        (who.role !== null && item.requiredForRoles.includes(who.role))),
  );
}

/**
 * What a person lacks to lead a group of `groupKind`: every required item without a current,
 * verified record. Demonstrated-but-unverified and expired records both count as missing.
 */
export function missingRequirements(input: {
  items: RequirementItem[];
  records: HeldRecord[];
  groupKind: string;
  role: string | null;
  today: string;
}): MissingRequirement[] {
  const byItem = new Map(input.records.map((r) => [r.itemId, r]));
  const out: MissingRequirement[] = [];
  for (const item of requiredItems(input.items, { groupKind: input.groupKind, role: input.role })) {
    const record = byItem.get(item.id);
    const status = deriveStatus(record, input.today);
    if (status === "verified") continue;
    const problem: MissingProblem = !record || status === "not_started" ? "missing" : status === "expired" ? "expired" : "not_verified";
    out.push({ itemId: item.id, code: item.code, name: item.name, standard: item.standard, problem, status });
  }
  return out;
}

const PROBLEM_TEXT: Record<MissingProblem, string> = {
  missing: "no record",
  not_verified: "not verified yet",
  expired: "expired",
};

export function describeMissing(missing: MissingRequirement[]): string {
  return missing
    .map((m) => `${m.name}${m.standard ? ` (${m.standard})` : ""}: ${PROBLEM_TEXT[m.problem]}`)
    .join("; ");
}

export type CaseloadLimits = { maxGroups: number | null; maxParticipants: number | null };
export type CaseloadProblem = { limit: "groups" | "participants"; max: number; wouldHave: number };

/**
 * PA-CSE 2.08: the caseload a facilitator would carry after this assignment, against the
 * organisation's limits (null = no limit).
 */
export function caseloadProblems(limits: CaseloadLimits, after: { groups: number; participants: number }): CaseloadProblem[] {
  const problems: CaseloadProblem[] = [];
  if (limits.maxGroups !== null && after.groups > limits.maxGroups) {
    problems.push({ limit: "groups", max: limits.maxGroups, wouldHave: after.groups });
  }
  if (limits.maxParticipants !== null && after.participants > limits.maxParticipants) {
    problems.push({ limit: "participants", max: limits.maxParticipants, wouldHave: after.participants });
  }
  return problems;
}

export function describeCaseload(problems: CaseloadProblem[]): string {
  return problems
    .map((p) =>
      p.limit === "groups"
        ? `would lead ${plural(p.wouldHave, "group")} (limit ${p.max})`
        : `would serve ${plural(p.wouldHave, "participant")} (limit ${p.max})`,
    )
    .join("; ");
}
