import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { goalObjectives, participantGoals } from "~/db/tables/metrics";
import * as goalsRoute from "~/routes/participants.$userId.goals";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

// "Add a goal" on a participant's goals page sent twice (a double tap with JavaScript off) made the
// goal twice, each with its objectives: two copies to review and close in the person's plan, and
// the goal figures counting one goal twice. The form carries a one-time token now: the same form
// sent twice makes one goal, and both answers say it was added.

let s: Scenario;
beforeAll(async () => {
  s = await createOrgScenario();
});

const path = () => `/participants/${s.participant.id}/goals`;
const token = async () => ((await callRoute(goalsRoute, { path: path(), params: { userId: s.participant.id }, cookie: s.facilitator.cookie })).data as { goalToken: string }).goalToken;
const send = (form: Record<string, string>) => callRoute(goalsRoute, { path: path(), params: { userId: s.participant.id }, cookie: s.facilitator.cookie, form });
const goalForm = (title: string, formToken: string) => ({
  intent: "create-goal",
  title,
  programId: s.program.id,
  targetDate: "2027-03-01",
  objectives: "Apply to two jobs a week | applications sent\nAttend the interview workshop",
  interventions: "Weekly job club",
  formToken,
});
const made = async (title: string) => {
  const goals = await db.select({ id: participantGoals.id }).from(participantGoals).where(and(eq(participantGoals.organizationId, s.org.id), eq(participantGoals.title, title)));
  const objectives = goals.length ? await db.select({ id: goalObjectives.id }).from(goalObjectives).where(eq(goalObjectives.goalId, goals[0].id)) : [];
  return { goals: goals.length, objectives: objectives.length };
};

describe("the same goal sent twice", () => {
  it("is made once with its objectives; both answers say it was added (5 rounds)", async () => {
    for (let round = 0; round < 5; round++) {
      const title = `Find steady work (${round})`;
      const form = goalForm(title, await token());
      const answers = await Promise.all([send(form), send(form)]);
      expect(answers.map((a) => a.status)).toEqual([200, 200]);
      expect(answers.map((a) => (a.data as { message: string }).message)).toEqual(["The goal was added.", "The goal was added."]);
      expect(await made(title)).toEqual({ goals: 1, objectives: 2 });
      // Sent again later (the back button, then send): still one goal.
      expect((await send(form)).status).toBe(200);
      expect(await made(title)).toEqual({ goals: 1, objectives: 2 });
    }
  }, 60_000);

  it("a new form makes another goal; a junk token makes nothing and says why", async () => {
    expect((await send(goalForm("Second goal", await token()))).status).toBe(200);
    expect(await made("Second goal")).toEqual({ goals: 1, objectives: 2 });
    const junk = await send(goalForm("Junk token goal", "nope"));
    expect(junk.status).toBe(400);
    expect(JSON.stringify(junk.data)).toContain("This form is out of date");
    expect(await made("Junk token goal")).toEqual({ goals: 0, objectives: 0 });
  });
});
