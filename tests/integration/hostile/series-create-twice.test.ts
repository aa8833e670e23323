import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { series, sessions } from "~/db/schema";
import * as seriesNew from "~/routes/groups.$groupId.series.new";
import { createEmptyGroup } from "../../factories/registration";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

// "Add a weekly series" sent twice (a double tap with JavaScript off) created the series twice:
// every session of the group twice over, so participants' calendars, feeds and reminders showed
// and announced each meeting twice. The form now carries a one-time token, as the walk-in,
// concern, contact and new-round forms do.

let s: Scenario;
beforeAll(async () => {
  s = await createOrgScenario();
});

const page = async (groupId: string) =>
  ((await callRoute(seriesNew, { path: `/groups/${groupId}/series/new`, params: { groupId }, cookie: s.manager.cookie })).data as { formToken: string }).formToken;
const send = (groupId: string, form: Record<string, string | string[]>) =>
  callRoute(seriesNew, { path: `/groups/${groupId}/series/new`, params: { groupId }, cookie: s.manager.cookie, form });
const seriesForm = { "weekdays[]": ["tue"], startTime: "18:00", durationMinutes: "90", startDate: "2027-09-07", endDate: "", count: "6", skipDates: "" };

describe("the new-series form sent twice", () => {
  it("creates one series of six sessions, and both answers say so (5 rounds)", async () => {
    for (let round = 0; round < 5; round++) {
      const group = await createEmptyGroup(s, 10, `Series twice ${round}`);
      const form = { ...seriesForm, formToken: await page(group.id) };
      const answers = await Promise.all([send(group.id, form), send(group.id, form)]);
      expect(answers.map((a) => a.status)).toEqual([302, 302]);
      expect(answers[0].location).toBe(answers[1].location);
      expect(await db.select().from(series).where(eq(series.groupId, group.id))).toHaveLength(1);
      expect(await db.select().from(sessions).where(eq(sessions.groupId, group.id))).toHaveLength(6);
    }
  }, 60_000);

  it("a fresh form adds another series; a junk token changes nothing and says why", async () => {
    const group = await createEmptyGroup(s, 10, "Series fresh");
    expect((await send(group.id, { ...seriesForm, formToken: await page(group.id) })).status).toBe(302);
    expect((await send(group.id, { ...seriesForm, "weekdays[]": ["thu"], formToken: await page(group.id) })).status).toBe(302);
    const junk = await send(group.id, { ...seriesForm, formToken: "x" });
    expect(junk.status).toBe(400);
    expect(JSON.stringify(junk.data)).toContain("This form is out of date");
    expect(await db.select().from(series).where(eq(series.groupId, group.id))).toHaveLength(2);
  });
});
