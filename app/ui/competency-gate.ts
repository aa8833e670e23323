import type { TFunction } from "i18next";
import type { CaseloadProblem, GateRefusal, MissingProblem } from "~/modules/competency/gate";
import type { ActionErrors } from "./form";
import { lookup } from "./lookup";

/**
 * The competency gate's words in the reader's language, from the data the modules return (item
 * names and people's names are the organisation's data and stay as written). The English catalog
 * gives exactly the sentences the modules write (`describeMissing`, `describeCaseload`, the
 * refusal's message), so English pages read as before.
 */

const PROBLEM_KEY: Record<MissingProblem, string> = {
  missing: "manage.groupForm.problem.missing",
  not_verified: "manage.groupForm.problem.notVerified",
  expired: "manage.groupForm.problem.expired",
};

export type MissingItem = { name: string; standard: string; problem: MissingProblem };

/** "Item (PA-CSE 2.04): no record; Other: expired". */
export function missingText(t: TFunction, missing: readonly MissingItem[]): string {
  return missing
    .map((m) =>
      m.standard
        ? t("manage.gate.item", { name: m.name, standard: m.standard, problem: t(PROBLEM_KEY[m.problem]) })
        : t("manage.gate.itemNoStandard", { name: m.name, problem: t(PROBLEM_KEY[m.problem]) }),
    )
    .join("; ");
}

function limitText(t: TFunction, p: CaseloadProblem): string {
  const max = String(p.max);
  if (!p.rule) return p.basis ? t("manage.gate.limitFor", { basis: p.basis, max }) : t("manage.gate.limit", { max });
  const basis =
    "holdersOf" in p.rule
      ? t("manage.gate.forHolders", { items: p.rule.holdersOf.map((name) => name || t("manage.gate.aQualification")).join(t("manage.gate.or")) })
      : lookup(FOR_ROLE, p.rule.role)
        ? t(FOR_ROLE[p.rule.role])
        : (p.basis ?? p.rule.role);
  return t("manage.gate.limitFor", { basis, max });
}

const FOR_ROLE: Record<string, string> = { facilitator: "manage.gate.forRole.facilitator", manager: "manage.gate.forRole.manager", admin: "manage.gate.forRole.admin" };

/** "would lead 3 groups (limit for facilitators: 2); would serve 31 participants (limit 30)". */
export function caseloadText(t: TFunction, problems: readonly CaseloadProblem[]): string {
  return problems
    .map((p) =>
      p.limit === "groups"
        ? t("manage.gate.wouldLead", { count: p.wouldHave, limit: limitText(t, p) })
        : p.urgentWeight
          ? t("manage.gate.wouldCarry", { load: String(p.wouldHave), weight: String(p.urgentWeight), limit: limitText(t, p) })
          : t("manage.gate.wouldServe", { count: p.wouldHave, limit: limitText(t, p) }),
    )
    .join("; ");
}

const KIND_KEY: Record<string, string> = {
  class: "manage.gate.kind.class",
  workshop: "manage.gate.kind.workshop",
  peer_recovery_group: "manage.gate.kind.peer_recovery_group",
  drop_in: "manage.gate.kind.drop_in",
};
const kindText = (t: TFunction, kind: string) => (lookup(KIND_KEY, kind) ? t(KIND_KEY[kind]) : kind.replace(/_/g, " "));

/** The whole refusal, as the module's English message reads, in the reader's language. */
export function gateRefusalText(t: TFunction, refusal: GateRefusal): string {
  const kind = kindText(t, refusal.groupKind);
  const min = String(refusal.minReason);
  if (refusal.mode === "publish") {
    const [person] = refusal.people;
    const head = t("manage.gate.cannotLeadYet", { name: person?.name ?? "", kind, items: missingText(t, person?.missing ?? []) });
    return refusal.reason === "short" ? `${head} ${t("manage.gate.overrideTooShort", { min })}` : head;
  }
  const lines = refusal.people.map((p) =>
    [
      t("manage.gate.cannotLeadThis", { name: p.name, kind }),
      p.missing.length ? t("manage.gate.missing", { items: missingText(t, p.missing) }) : "",
      p.caseload.length ? caseloadText(t, p.caseload) : "",
    ]
      .filter(Boolean)
      .join(": "),
  );
  return `${lines.join(". ")}. ${refusal.reason === "short" ? t("manage.gate.reasonTooShort", { min }) : t("manage.gate.untick")}`;
}

function isRefusal(value: unknown): value is GateRefusal {
  if (!value || typeof value !== "object") return false;
  const r = value as Partial<GateRefusal>;
  return (r.mode === "assign" || r.mode === "publish") && typeof r.groupKind === "string" && Array.isArray(r.people);
}

/**
 * A form failure with the gate's refusal worded in the reader's language: the errors of the field
 * it stands beside (`field`, or the failure's own) replaced. Other failures come back unchanged.
 */
export function withGateRefusal<T extends ActionErrors & { details?: unknown }>(t: TFunction, data: T | undefined, field?: string): T | undefined {
  const gate = (data?.details as { gate?: unknown } | undefined)?.gate;
  if (!data || !isRefusal(gate)) return data;
  const errors = { ...(data.errors ?? {}) };
  const target = field ?? Object.keys(errors).find((key) => errors[key]?.length) ?? "facilitatorIds";
  errors[target] = [gateRefusalText(t, gate)];
  return { ...data, errors };
}
