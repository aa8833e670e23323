import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { outcomeMeasures } from "~/db/tables/metrics";
import * as goalsRoute from "~/routes/participants.$userId.goals";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

// "Record a measure" on a participant's goals page sent twice (a double tap with JavaScript off)
// stored the score twice: outcome tables count every score, so the person's change was counted
// twice in the organisation's outcomes and the funder's figures. The form carries a one-time
// token now: the same form sent twice records one score, and both answers say it was recorded.

let s: Scenario;
beforeAll(async () => {
  s = await createOrgScenario();
});

const path = () => `/participants/${s.participant.id}/goals`;
const token = async () => ((await callRoute(goalsRoute, { path: path(), params: { userId: s.participant.id }, cookie: s.facilitator.cookie })).data as { measureToken: string }).measureToken;
const send = (form: Record<string, string>) => callRoute(goalsRoute, { path: path(), params: { userId: s.participant.id }, cookie: s.facilitator.cookie, form });
const measureForm = (score: string, formToken: string) => ({ intent: "measure", measureProgramId: s.program.id, domain: "quality_of_life", phase: "intake", score, measuredOn: "2027-01-05", formToken });
const scores = async () =>
  (await db.select({ score: outcomeMeasures.score }).from(outcomeMeasures).where(and(eq(outcomeMeasures.organizationId, s.org.id), eq(outcomeMeasures.participantId, s.participant.id)))).map((r) => r.score);

describe("the same outcome score sent twice", () => {
  it("is recorded once; both answers say it was recorded (5 rounds)", async () => {
    for (let round = 0; round < 5; round++) {
      await db.delete(outcomeMeasures).where(eq(outcomeMeasures.organizationId, s.org.id));
      const form = measureForm("3", await token());
      const answers = await Promise.all([send(form), send(form)]);
      expect(answers.map((a) => a.status)).toEqual([200, 200]);
      expect(answers.map((a) => (a.data as { message: string }).message)).toEqual(["The outcome measure was recorded.", "The outcome measure was recorded."]);
      expect(await scores()).toEqual([3]);
    }
  }, 60_000);

  it("a new form records another score; a junk token records nothing and says why", async () => {
    await db.delete(outcomeMeasures).where(eq(outcomeMeasures.organizationId, s.org.id));
    expect((await send(measureForm("2", await token()))).status).toBe(200);
    expect((await send(measureForm("4", await token()))).status).toBe(200);
    const junk = await send(measureForm("5", "nope"));
    expect(junk.status).toBe(400);
    expect(JSON.stringify(junk.data)).toContain("This form is out of date");
    expect((await scores()).sort()).toEqual([2, 4]);
  });
});
