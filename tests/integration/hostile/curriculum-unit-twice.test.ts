import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { curriculumUnits } from "~/db/tables/curriculum";
import * as curriculumPage from "~/routes/groups.$groupId.curriculum._index";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

// "Add unit" on a group's curriculum sent twice (a double tap with JavaScript off) added the unit
// twice: the copy took the next place in the order, so the sessions still to come were given the
// same unit twice and every later unit slipped a week. The form carries a one-time token now: the
// same form sent twice adds one unit, and both answers go where the first went.

let s: Scenario;
beforeAll(async () => {
  s = await createOrgScenario();
});

const path = () => `/groups/${s.group.id}/curriculum`;
const token = async () => ((await callRoute(curriculumPage, { path: path(), params: { groupId: s.group.id }, cookie: s.manager.cookie })).data as { unitToken: string }).unitToken;
const send = (form: Record<string, string>) => callRoute(curriculumPage, { path: path(), params: { groupId: s.group.id }, cookie: s.manager.cookie, form });
const unitForm = (title: string, formToken: string) => ({ intent: "addUnit", title, objectives: "Know where the money goes", durationMinutes: "90", guidance: "Start with a round of check-ins", formToken });
const added = async (title: string) => (await db.select({ id: curriculumUnits.id }).from(curriculumUnits).where(and(eq(curriculumUnits.groupId, s.group.id), eq(curriculumUnits.title, title)))).length;

describe("the same curriculum unit sent twice", () => {
  it("is added once; both answers go to the curriculum (5 rounds)", async () => {
    for (let round = 0; round < 5; round++) {
      const title = `Needs and wants (${round})`;
      const form = unitForm(title, await token());
      const answers = await Promise.all([send(form), send(form)]);
      expect(answers.map((a) => [a.status, a.location])).toEqual([
        [302, `${path()}?done=addUnit`],
        [302, `${path()}?done=addUnit`],
      ]);
      expect(await added(title)).toBe(1);
      // Sent again later (the back button, then send): still one unit.
      expect((await send(form)).status).toBe(302);
      expect(await added(title)).toBe(1);
    }
    // One place each, in the order sent.
    const positions = (await db.select({ position: curriculumUnits.position }).from(curriculumUnits).where(eq(curriculumUnits.groupId, s.group.id))).map((u) => u.position).sort();
    expect(positions).toEqual([1, 2, 3, 4, 5]);
  }, 60_000);

  it("a new form adds another unit; a junk token adds nothing and says why", async () => {
    expect((await send(unitForm("Saving a little", await token()))).status).toBe(302);
    expect(await added("Saving a little")).toBe(1);
    const junk = await send(unitForm("Junk token unit", "junk"));
    expect(junk.status).toBe(400);
    expect(JSON.stringify(junk.data)).toContain("This form is out of date");
    expect(await added("Junk token unit")).toBe(0);
  });
});
