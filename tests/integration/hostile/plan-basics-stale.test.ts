import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { servicePlans } from "~/db/tables/plans";
import { translateMessage } from "~/i18n/catalog";
import * as planPage from "~/routes/participants.$userId.plan";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Person, type Scenario } from "../../factories/scenario";

/**
 * Hostile review (dec 6b): the plan's strengths, barriers and needs are one form that sends back
 * everything it showed. Two of the organisation's managers (the plan's basics are the managers' and
 * the person's; metrics/policy.ts planReach) with the person's plan open at once: the
 * second to save — from a page opened before the first saved — wrote their copy of every field
 * over the first's changes, without a word. A save from a page opened before the plan changed is
 * now refused, saves nothing, and keeps the person's text in the form.
 */
const STALE =
  "Someone else changed this plan since you opened this page, so your changes were not saved. Your text is still in the form: copy what you need, open the page again to see the current plan, and add it there.";
type Page = { plan: { needs: string } | null; basicsVersion: string };

describe("two staff save a person's plan from pages opened at the same time", () => {
  let s: Scenario;
  const path = () => ({ path: `/participants/${s.participant.id}/plan`, params: { userId: s.participant.id } });
  const open = async (who: Person) => (await callRoute(planPage, { ...path(), cookie: who.cookie })).data as Page;
  const save = (who: Person, version: string, fields: Record<string, string>) =>
    callRoute(planPage, { ...path(), cookie: who.cookie, form: { intent: "save-basics", form: "basics", version, strengths: "", barriers: "", needs: "", nextReviewOn: "", ...fields } });
  const plan = async () => (await db.select().from(servicePlans).where(eq(servicePlans.participantId, s.participant.id)))[0];
  beforeAll(async () => {
    s = await createOrgScenario();
    // A plan exists (saved once by the manager).
    const first = await open(s.manager);
    expect((await save(s.manager, first.basicsVersion, { strengths: "Loves cooking" })).status).toBe(200);
  });

  it("the second save is refused with the text kept, and the first's change stands", async () => {
    const adminPage = await open(s.admin);
    const managerPage = await open(s.manager);
    expect((await save(s.admin, adminPage.basicsVersion, { strengths: "Loves cooking", needs: "Housing first" })).status).toBe(200);
    const before = await plan();
    const out = await save(s.manager, managerPage.basicsVersion, { strengths: "Loves cooking; good with numbers" });
    expect(out.status).toBe(400);
    const failed = out.data as { errors: Record<string, string[]>; values: Record<string, string> };
    expect(failed.errors._form).toEqual([STALE]);
    expect(failed.values.strengths).toBe("Loves cooking; good with numbers");
    expect(await plan()).toEqual(before);
    expect(before.needs).toBe("Housing first");
    expect(translateMessage(STALE, "es-ES")).toMatch(/^Otra persona cambió este plan/);
  });

  it("a page opened after the change saves", async () => {
    const page = await open(s.manager);
    expect(page.plan?.needs).toBe("Housing first");
    expect((await save(s.manager, page.basicsVersion, { strengths: "Loves cooking; good with numbers", needs: "Housing first" })).status).toBe(200);
    expect(await plan()).toMatchObject({ strengths: "Loves cooking; good with numbers", needs: "Housing first" });
  });
});
