import { and, eq, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { metricsSettings, outcomeMeasures } from "~/db/tables/metrics";
import { recordMeasure } from "~/modules/metrics/mutations.server";
import { findParticipant } from "~/modules/metrics/queries.server";
import * as outcomesRoute from "~/routes/outcomes";
import * as goalsRoute from "~/routes/participants.$userId.goals";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

// The outcome scale (e.g. 1–5) "cannot shrink below recorded scores": narrowing it counts the
// scores outside the new range and refuses if there are any. A score was checked against the scale
// the goals page read before its transaction, and recordMeasure did not look again: a manager
// narrowing the scale to 1–4 while a facilitator recorded a 5 ended with a 5 stored outside the
// organisation's 1–4 scale (and a later narrowing refused because of it).

let s: Scenario;
beforeAll(async () => {
  s = await createOrgScenario();
});

const settingsForm = (max: number) => ({ scaleMin: "1", scaleMax: String(max), scaleDescription: "1 low", retentionAttended: "2", retentionOf: "3" });
const setScale = (max: number) => callRoute(outcomesRoute, { path: "/outcomes", cookie: s.manager.cookie, form: settingsForm(max) });
const recordScore = (score: number) =>
  callRoute(goalsRoute, {
    path: `/participants/${s.participant.id}/goals`,
    params: { userId: s.participant.id },
    cookie: s.facilitator.cookie,
    form: { intent: "measure", measureProgramId: s.program.id, domain: "quality_of_life", phase: "intake", score: String(score), measuredOn: "2027-01-05" },
  });
const outside = async () => {
  const [scale] = await db.select().from(metricsSettings).where(eq(metricsSettings.organizationId, s.org.id));
  const rows = await db
    .select({ score: outcomeMeasures.score })
    .from(outcomeMeasures)
    .where(and(eq(outcomeMeasures.organizationId, s.org.id), isNull(outcomeMeasures.customMeasureId)));
  return rows.filter((r) => r.score < scale.scaleMin || r.score > scale.scaleMax);
};

describe("narrowing the outcome scale while a score is recorded", () => {
  it("a score checked against the old scale is refused inside the transaction", async () => {
    expect((await setScale(5)).status).toBe(200);
    // The goals page checked 5 against 1–5; by the time it is written the scale is 1–4.
    expect((await setScale(4)).status).toBe(200);
    const owner = await findParticipant(s.facilitator, s.participant.id);
    await expect(
      recordMeasure(s.facilitator, owner, {
        measureProgramId: s.program.id,
        domain: "quality_of_life",
        customMeasureId: null,
        phase: "intake",
        score: 5,
        measuredOn: "2027-01-05",
        measureNote: "",
      } as Parameters<typeof recordMeasure>[2]),
    ).rejects.toThrow(/from 1 to 4/);
    expect(await outside()).toEqual([]);
  });

  it("at the same moment: never a stored score outside the scale (10 rounds)", async () => {
    for (let round = 0; round < 10; round++) {
      await db.delete(outcomeMeasures).where(eq(outcomeMeasures.organizationId, s.org.id));
      expect((await setScale(5)).status).toBe(200);
      const [narrowed, recorded] = await Promise.all([setScale(4), recordScore(5)]);
      expect([narrowed.status, recorded.status]).not.toContain(500);
      expect(await outside()).toEqual([]);
    }
  }, 60_000);
});
