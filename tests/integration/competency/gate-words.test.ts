import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { competencyCaseloadLimits } from "~/db/tables/competency";
import { translatorFor } from "~/i18n/catalog";
import { assertFacilitatorEligible, FacilitatorNotEligibleError } from "~/modules/competency/assignment/mutations.server";
import type { GateRefusal } from "~/modules/competency/gate";
import * as programGroupsNew from "~/routes/programs.$programId.groups.new";
import { gateRefusalText } from "~/ui/competency-gate";
import { installFramework, makeCurrent } from "../../factories/competency";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, createPerson, type Scenario } from "../../factories/scenario";

/**
 * The gate's refusal travels as data beside its English message (issue 18 leftover: the list of
 * missing items was composed in English in the module and shown so on Spanish pages). The page
 * words it from catalog keys: in English exactly the module's message, in Spanish without it.
 */
let s: Scenario;
const en = translatorFor("en-US");
const es = translatorFor("es-US");

beforeAll(async () => {
  s = await createOrgScenario();
  await installFramework(s.org.id);
});

const form = (name: string, facilitatorIds: string[], extra: Record<string, string> = {}) => ({
  name,
  kind: "peer_recovery_group",
  timezone: "America/New_York",
  capacity: "8",
  location: "Room 3",
  language: "es",
  "facilitatorIds[]": facilitatorIds,
  ...extra,
});

type Failure = { errors: Record<string, string[]>; details?: { gate?: GateRefusal } };

describe("the gate's refusal as data", () => {
  it("assigning: the failure carries who lacks what and which caseload rule, and the page's words match the English message", async () => {
    const manager = await createPerson(s.org, "manager", { locale: "es-ES" });
    const felix = await createPerson(s.org, "facilitator", { name: "Felix Nuevo" });
    await makeCurrent(s.org.id, felix.id, s.manager.id, { except: ["2.04-dynamics"] });
    await db.insert(competencyCaseloadLimits).values({ organizationId: s.org.id, role: "facilitator", maxGroups: 0, maxParticipants: null });
    for (const reason of ["", "too short"]) {
      const out = await callRoute(programGroupsNew, { path: `/programs/${s.program.id}/groups/new`, params: { programId: s.program.id }, cookie: manager.cookie, form: form("Círculo", [felix.id], { overrideReason: reason }) });
      expect(out.status).toBe(400);
      const failure = out.data as Failure;
      const gate = failure.details?.gate;
      expect(gate).toMatchObject({ mode: "assign", groupKind: "peer_recovery_group", reason: reason ? "short" : "none", minReason: 10 });
      expect(gate?.people).toEqual([
        {
          name: "Felix Nuevo",
          missing: expect.arrayContaining([{ name: "Managing group dynamics", standard: "PA-CSE 2.04", problem: "missing" }]),
          caseload: [expect.objectContaining({ limit: "groups", max: 0, wouldHave: 1, rule: { role: "facilitator" } })],
        },
      ]);
      expect(gateRefusalText(en, gate!)).toBe(failure.errors.facilitatorIds[0]);
      const spanish = gateRefusalText(es, gate!);
      expect(spanish).toContain("Felix Nuevo no puede dirigir este grupo (grupo de recuperación entre pares): le falta ");
      expect(spanish).toContain("Managing group dynamics (PA-CSE 2.04): sin registro");
      expect(spanish).toContain("dirigiría 1 grupo (límite para facilitadores: 0)");
      expect(spanish).not.toMatch(/no record|missing|cannot lead|would lead|limit for|Untick|To assign anyway/);
    }
  });

  it("publishing: the scheduling gate's error carries the same data", async () => {
    const gil = await createPerson(s.org, "facilitator", { name: "Gil" });
    const refused = await db.transaction((tx) => assertFacilitatorEligible(tx, { organizationId: s.org.id, groupKind: "class", userId: gil.id, now: new Date(), override: { reason: "short", actorUserId: s.manager.id } })).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(FacilitatorNotEligibleError);
    const error = refused as FacilitatorNotEligibleError;
    const gate = (error.details as { gate: GateRefusal }).gate;
    expect(gate).toMatchObject({ mode: "publish", groupKind: "class", reason: "short", people: [{ name: "Gil" }] });
    expect(gateRefusalText(en, gate)).toBe(error.message);
    expect(gateRefusalText(es, gate)).toMatch(/^Gil todavía no puede dirigir un grupo de este tipo \(clase\): .*sin registro.*\. Una excepción necesita un motivo de al menos 10 caracteres\.$/);
  });
});
