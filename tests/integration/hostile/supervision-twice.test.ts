import { eq } from "drizzle-orm";
import { DateTime } from "luxon";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { competencySupervisionEntries, competencySupervisors } from "~/db/tables/competency";
import * as supervision from "~/routes/competency.supervision";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

// "Save" on the supervision log sent twice (a double tap with JavaScript off) recorded the session
// twice: the peer worker's supervision hours (PA-CSE 2.06) counted the same hour twice. The form
// carries a one-time token now: the same form sent twice records one session, and both answers
// say it was saved.

let s: Scenario;
beforeAll(async () => {
  s = await createOrgScenario();
  // otherFacilitator supervises facilitator.
  await db.insert(competencySupervisors).values({ organizationId: s.org.id, facilitatorId: s.facilitator.id, supervisorId: s.otherFacilitator.id });
});

const day = (offset: number) => DateTime.now().setZone("America/New_York").plus({ days: offset }).toISODate()!;
const token = async () => ((await callRoute(supervision, { path: "/competency/supervision", cookie: s.otherFacilitator.cookie })).data as { formToken: string }).formToken;
const send = (form: Record<string, string>) => callRoute(supervision, { path: "/competency/supervision", cookie: s.otherFacilitator.cookie, form });
const entryForm = (topics: string, formToken: string) => ({ heldOn: day(-2), peerWorkerId: s.facilitator.id, supervisorId: s.otherFacilitator.id, minutes: "45", topics, followUps: "", formToken });
const recorded = async (topics: string) => (await db.select({ id: competencySupervisionEntries.id }).from(competencySupervisionEntries).where(eq(competencySupervisionEntries.topics, topics))).length;

describe("the same supervision session sent twice", () => {
  it("is recorded once; both answers say it was saved (5 rounds)", async () => {
    for (let round = 0; round < 5; round++) {
      const topics = `Boundaries in one-to-one work (${round})`;
      const form = entryForm(topics, await token());
      const answers = await Promise.all([send(form), send(form)]);
      expect(answers.map((a) => a.status)).toEqual([200, 200]);
      expect(answers.map((a) => (a.data as { message: string }).message)).toEqual(["Supervision entry saved.", "Supervision entry saved."]);
      expect(await recorded(topics)).toBe(1);
      // Sent again later (the back button, then send): still one session.
      expect((await send(form)).status).toBe(200);
      expect(await recorded(topics)).toBe(1);
    }
  }, 60_000);

  it("a new form records another session; a junk token records nothing and says why", async () => {
    expect((await send(entryForm("Self-care after a hard group", await token()))).status).toBe(200);
    expect(await recorded("Self-care after a hard group")).toBe(1);
    const junk = await send(entryForm("Junk token session", "junk"));
    expect(junk.status).toBe(400);
    expect(JSON.stringify(junk.data)).toContain("This form is out of date");
    expect(await recorded("Junk token session")).toBe(0);
  });
});
