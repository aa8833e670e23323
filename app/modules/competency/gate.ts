import { deriveStatus, type CompetencyStatus, type RecordDates } from "./expiry";
import { plural } from "~/modules/wording";

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

export type CaseloadLimits = { maxGroups: number | null; maxParticipants: number | null; basis?: string };
/**
 * Which rule set a limit, as data a page names in the reader's language: holders of the named
 * qualifications (the organisation's item names), or a role; none for the organisation-wide limit.
 */
export type LimitRule = { holdersOf: string[] } | { role: string };
export type CaseloadProblem = { limit: "groups" | "participants"; max: number; wouldHave: number; basis?: string; urgentWeight?: number; rule?: LimitRule };

/** Most an urgent participant may weigh: the settings page offers 1 (no weighting) to this. */
export const MAX_URGENT_WEIGHT = 5;

/**
 * PA-CSE 2.08 level of need: the participant load a facilitator carries, where each distinct
 * participant counts 1, or `urgentWeight` when their intake for one of the facilitator's groups
 * was marked urgent. With a weight of 1 this is the plain head count.
 */
export function weightedParticipantLoad(participants: { urgent: boolean }[], urgentWeight: number): number {
  const weight = Number.isInteger(urgentWeight) && urgentWeight >= 1 ? urgentWeight : 1;
  return participants.reduce((sum, p) => sum + (p.urgent ? weight : 1), 0);
}

export type CaseloadLimitRule = { role: string | null; itemId: string | null; itemName?: string; maxGroups: number | null; maxParticipants: number | null };

const ROLE_LABELS: Record<string, string> = { facilitator: "facilitators", manager: "managers", admin: "administrators" };

/**
 * The limits that apply to one person. A qualification they hold (a current verified record of
 * the rule's item) decides first, and when they hold several the most generous limit of each kind
 * applies (no limit beats any number); otherwise their role's rule; otherwise the organisation-wide
 * limits. Pure.
 */
export function limitsFor(
  person: { role: string; heldItemIds: string[] },
  rules: CaseloadLimitRule[],
  organisation: CaseloadLimits,
): CaseloadLimits {
  const qualifications = rules.filter((r) => r.itemId !== null && person.heldItemIds.includes(r.itemId));
  if (qualifications.length) {
    const generous = (pick: (r: CaseloadLimitRule) => number | null) =>
      qualifications.some((r) => pick(r) === null) ? null : Math.max(...qualifications.map((r) => pick(r) as number));
    return {
      maxGroups: generous((r) => r.maxGroups),
      maxParticipants: generous((r) => r.maxParticipants),
      basis: `limit for holders of ${qualifications.map((r) => r.itemName ?? "a qualification").join(" or ")}`,
    };
  }
  const byRole = rules.find((r) => r.role === person.role);
  if (byRole) return { maxGroups: byRole.maxGroups, maxParticipants: byRole.maxParticipants, basis: `limit for ${ROLE_LABELS[person.role] ?? person.role}` };
  return { maxGroups: organisation.maxGroups, maxParticipants: organisation.maxParticipants };
}

/** The rule `limitsFor` applied, as data (same order of precedence); null for the organisation-wide limits. */
export function limitRuleFor(person: { role: string; heldItemIds: string[] }, rules: CaseloadLimitRule[]): LimitRule | null {
  const qualifications = rules.filter((r) => r.itemId !== null && person.heldItemIds.includes(r.itemId));
  if (qualifications.length) return { holdersOf: qualifications.map((r) => r.itemName ?? "") };
  return rules.some((r) => r.role === person.role) ? { role: person.role } : null;
}

/**
 * PA-CSE 2.08: the caseload a facilitator would carry after this assignment, against the
 * organisation's limits (null = no limit).
 */
export function caseloadProblems(limits: CaseloadLimits, after: { groups: number; participants: number }, urgentWeight = 1): CaseloadProblem[] {
  const problems: CaseloadProblem[] = [];
  const basis = limits.basis ? { basis: limits.basis } : {};
  if (limits.maxGroups !== null && after.groups > limits.maxGroups) {
    problems.push({ limit: "groups", max: limits.maxGroups, wouldHave: after.groups, ...basis });
  }
  if (limits.maxParticipants !== null && after.participants > limits.maxParticipants) {
    problems.push({ limit: "participants", max: limits.maxParticipants, wouldHave: after.participants, ...basis, ...(urgentWeight > 1 ? { urgentWeight } : {}) });
  }
  return problems;
}

const limitText = (p: CaseloadProblem) => (p.basis ? `${p.basis}: ${p.max}` : `limit ${p.max}`);

export function describeCaseload(problems: CaseloadProblem[]): string {
  return problems
    .map((p) =>
      p.limit === "groups"
        ? `would lead ${plural(p.wouldHave, "group")} (${limitText(p)})`
        : p.urgentWeight
          ? `would carry a participant load of ${p.wouldHave}, urgent intakes counting ${p.urgentWeight} each (${limitText(p)})`
          : `would serve ${plural(p.wouldHave, "participant")} (${limitText(p)})`,
    )
    .join("; ");
}

/**
 * A refusal of the gate as data, for the page to word in the reader's language (the error's own
 * message is the English wording). "assign": group facilitator assignment; "publish": a
 * scheduling round's cohort. `reason`: none was given, or it was shorter than `minReason`.
 */
export type GateRefusal = {
  mode: "assign" | "publish";
  groupKind: string;
  reason: "none" | "short";
  minReason: number;
  people: { name: string; missing: Pick<MissingRequirement, "name" | "standard" | "problem">[]; caseload: CaseloadProblem[] }[];
};
