import { describe, expect, test } from "vitest";
import { translatorFor } from "~/i18n/catalog";
import { describeCaseload, describeMissing, limitRuleFor, limitsFor, caseloadProblems, type CaseloadLimitRule, type GateRefusal, type MissingRequirement } from "~/modules/competency/gate";
import { caseloadText, gateRefusalText, missingText, withGateRefusal } from "~/ui/competency-gate";

/**
 * The competency gate's refusal and readiness lists (issue 18 leftover): the modules return what
 * is missing as data, and the page words it. English reads exactly as the modules write it;
 * Spanish has none of the app's English words (item names are the organisation's data).
 */
const en = translatorFor("en-US");
const es = translatorFor("es-ES");

const missing: MissingRequirement[] = [
  { itemId: "1", code: "2.04-engage", name: "Engaging and motivating members", standard: "PA-CSE 2.04", problem: "not_verified", status: "demonstrated" },
  { itemId: "2", code: "2.03-suicide", name: "Suicide risk recognition and response", standard: "PA-CSE 2.03", problem: "expired", status: "expired" },
  { itemId: "3", code: "local", name: "First aid", standard: "", problem: "missing", status: "not_started" },
];
const items = missing.map((m) => ({ name: m.name, standard: m.standard, problem: m.problem }));
const rules: CaseloadLimitRule[] = [
  { role: "facilitator", itemId: null, maxGroups: 2, maxParticipants: 20 },
  { role: null, itemId: "cert", itemName: "Peer certification", maxGroups: 4, maxParticipants: 40 },
];
const organisation = { maxGroups: 1, maxParticipants: 30 };

/** The caseload problems exactly as the assignment gate builds them (limits, then the rule that set them). */
function problemsFor(person: { role: string; heldItemIds: string[] }, after: { groups: number; participants: number }, weight = 1) {
  const rule = limitRuleFor(person, rules);
  return caseloadProblems(limitsFor(person, rules, organisation), after, weight).map((p) => (rule ? { ...p, rule } : p));
}

describe("the gate's words in English are the modules' words", () => {
  test("the missing list", () => {
    expect(missingText(en, items)).toBe(describeMissing(missing));
  });

  test("caseload problems: by role, by qualification, organisation-wide, urgent weighting", () => {
    const cases: [{ role: string; heldItemIds: string[] }, { groups: number; participants: number }, number][] = [
      [{ role: "facilitator", heldItemIds: [] }, { groups: 3, participants: 25 }, 1],
      [{ role: "facilitator", heldItemIds: ["cert"] }, { groups: 5, participants: 41 }, 1],
      [{ role: "manager", heldItemIds: [] }, { groups: 2, participants: 31 }, 1],
      [{ role: "manager", heldItemIds: [] }, { groups: 1, participants: 33 }, 3],
    ];
    for (const [person, after, weight] of cases) {
      const problems = problemsFor(person, after, weight);
      expect(problems.length).toBeGreaterThan(0);
      expect(caseloadText(en, problems)).toBe(describeCaseload(problems));
    }
  });

  test("the assignment refusal, without a reason and with one too short", () => {
    const caseload = problemsFor({ role: "facilitator", heldItemIds: [] }, { groups: 3, participants: 5 });
    const refusal: GateRefusal = { mode: "assign", groupKind: "peer_recovery_group", reason: "none", minReason: 10, people: [{ name: "Felix", missing: items, caseload }, { name: "Gil", missing: [], caseload }] };
    expect(gateRefusalText(en, refusal)).toBe(
      `Felix cannot lead this peer recovery group: missing ${describeMissing(missing)}: would lead 3 groups (limit for facilitators: 2). Gil cannot lead this peer recovery group: would lead 3 groups (limit for facilitators: 2). Untick them, or give a reason under “Assign anyway” to override.`,
    );
    expect(gateRefusalText(en, { ...refusal, reason: "short", people: [refusal.people[0]] })).toMatch(/\. To assign anyway, the reason must be at least 10 characters\.$/);
  });

  test("the publishing refusal", () => {
    const refusal: GateRefusal = { mode: "publish", groupKind: "drop_in", reason: "none", minReason: 10, people: [{ name: "Felix", missing: items, caseload: [] }] };
    expect(gateRefusalText(en, refusal)).toBe(`Felix cannot lead a drop in yet: ${describeMissing(missing)}.`);
    expect(gateRefusalText(en, { ...refusal, reason: "short" })).toBe(`Felix cannot lead a drop in yet: ${describeMissing(missing)}. An override needs a reason of at least 10 characters.`);
  });
});

describe("the gate's words in Spanish", () => {
  const english = /\b(no record|not verified|expired|missing|cannot lead|would lead|would serve|would carry|limit for|holders of|Untick|Assign anyway|peer recovery group|override)\b/;

  test("the missing list names each problem in Spanish and keeps the item names", () => {
    const text = missingText(es, items);
    expect(text).toBe("Engaging and motivating members (PA-CSE 2.04): sin verificar todavía; Suicide risk recognition and response (PA-CSE 2.03): vencido; First aid: sin registro");
  });

  test("the assignment refusal has none of the app's English", () => {
    const caseload = [...problemsFor({ role: "facilitator", heldItemIds: ["cert"] }, { groups: 5, participants: 41 }), ...problemsFor({ role: "manager", heldItemIds: [] }, { groups: 1, participants: 33 }, 3)];
    const text = gateRefusalText(es, { mode: "assign", groupKind: "peer_recovery_group", reason: "none", minReason: 10, people: [{ name: "Felix", missing: items, caseload }] });
    expect(text.replace(/Engaging and motivating members|Suicide risk recognition and response|First aid/g, "")).not.toMatch(english);
    expect(text).toContain("Felix no puede dirigir este grupo (grupo de recuperación entre pares): le falta ");
    expect(text).toContain("dirigiría 5 grupos (límite para quienes tienen Peer certification: 4)");
    expect(text).toContain("tendría una carga de participantes de 33, contando cada ingreso urgente como 3 (límite 30)");
    expect(text).toMatch(/Asignar de todos modos/);
  });

  test("the publishing refusal, and a form failure carrying the refusal shows it in Spanish beside its field", () => {
    const refusal: GateRefusal = { mode: "publish", groupKind: "class", reason: "short", minReason: 10, people: [{ name: "Felix", missing: items.slice(2), caseload: [] }] };
    expect(gateRefusalText(es, refusal)).toBe("Felix todavía no puede dirigir un grupo de este tipo (clase): First aid: sin registro. Una excepción necesita un motivo de al menos 10 caracteres.");
    const failure: { ok: boolean; errors: Record<string, string[]>; values: Record<string, string>; details: unknown } = { ok: false, errors: { facilitatorIds: ["Felix cannot lead a class yet: First aid: no record."] }, values: {}, details: { gate: refusal } };
    expect(withGateRefusal(es, failure, "overrideReason")?.errors?.overrideReason).toEqual([gateRefusalText(es, refusal)]);
    expect(withGateRefusal(es, failure)?.errors?.facilitatorIds).toEqual([gateRefusalText(es, refusal)]);
    const other = { ok: false, errors: { name: ["Enter a name."] }, values: {} };
    expect(withGateRefusal(es, other)).toBe(other);
  });
});
