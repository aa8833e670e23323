import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { groupFacilitators } from "~/db/schema";
import { competencyItems } from "~/db/tables/competency";
import * as groupPage from "~/routes/groups.$groupId._index";
import { addParticipant, createRoundAs, postRound, roundFormForScenario, setAvailability, viewRound, w } from "../../factories/scheduling";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";
import { installFramework, makeCurrent } from "../../factories/competency";
import { callRoute } from "../../factories/requests";

/**
 * A round a manager can trust: the suggestion proposes only facilitators who pass the competency
 * gate, the "not in a cohort" list follows the plan shown, and a published round shows what was
 * created instead of a recomputed plan.
 */
let s: Scenario;
let aaron: Person; // a facilitator of the group who lacks a required 2.04 competency
let cleared: Person; // one who holds everything
let people: Person[];
let tuesdayOnly: Person;
let roundId: string;
let missingItemName: string;

const page = (who: Person) => viewRound(who, roundId);
const post = (who: Person, form: Record<string, string | string[]>) => postRound(who, roundId, form);

beforeAll(async () => {
  s = await createOrgScenario();
  // The engine meets facilitators in id order: the one it meets first is the one not cleared.
  const second = await createPerson(s.org, "facilitator", { name: "Second Facilitator" });
  await db.insert(groupFacilitators).values({ groupId: s.group.id, userId: second.id, organizationId: s.org.id });
  [aaron, cleared] = second.id < s.facilitator.id ? [second, s.facilitator] : [s.facilitator, second];
  const items = await installFramework(s.org.id);
  const lacking = Object.values(items).find((i) => i.standard === "PA-CSE 2.04")!;
  [{ name: missingItemName }] = await db.select({ name: competencyItems.name }).from(competencyItems).where(eq(competencyItems.id, lacking.id));
  await makeCurrent(s.org.id, cleared.id, s.manager.id);
  await makeCurrent(s.org.id, aaron.id, s.manager.id, { except: [lacking.code] });
  people = [];
  for (const name of ["Cara", "Dana", "Eli"]) {
    const p = await addParticipant(s, { name, timezone: "America/New_York" });
    await setAvailability(p, [w("thu", "17:00", "21:00")]);
    people.push(p);
  }
  tuesdayOnly = await addParticipant(s, { name: "Tess Tuesday", timezone: "America/New_York" });
  await setAvailability(tuesdayOnly, [w("tue", "09:00", "12:00")]);
  // Both facilitators are free all Thursday; nobody else is free on Tuesday mornings.
  await setAvailability(aaron, [w("thu", "09:00", "21:00")]);
  await setAvailability(cleared, [w("thu", "09:00", "21:00")]);
  // The round's five weeks start the Monday before the scenario's first Tuesday (three or more
  // weeks ahead), so its Thursdays are upcoming whatever the real date is.
  roundId = await createRoundAs(s.manager, s.group.id, { ...roundFormForScenario(s), "weekdays[]": ["tue", "thu"], sections: "1", capacity: "8", minParticipants: "2" });
});

describe("scheduling rounds a manager can trust", () => {
  it("suggests only facilitators who pass the competency gate and shows the others as not cleared, with why", async () => {
    const { status, data } = await page(s.manager);
    expect(status).toBe(200);
    const staff = data.staff!;
    expect(staff.plan).toHaveLength(1);
    expect(staff.plan[0].day).toBe("thu");
    expect(staff.plan[0].facilitatorId).toBe(cleared.id);
    expect(staff.blocking).toEqual([]);
    const shown = staff.leaders.find((l) => l.id === aaron.id)!;
    expect(shown.cleared).toBe(false);
    // Why, as the page words it (in the reader's language) from the missing requirements.
    expect(shown.notClearedMissing?.map((m) => m.name)).toContain(missingItemName);
    expect(staff.leaders.find((l) => l.id === cleared.id)!.cleared).toBe(true);
  });

  it("choosing a facilitator who is not cleared says so on the cohort before publishing", async () => {
    const form: Record<string, string> = { intent: "adjust", "slot-1": "thu@18:00", "facilitator-1": aaron.id };
    for (const p of people) form[`cohort-${p.id}`] = "1";
    expect((await post(s.manager, form)).status).toBe(302);
    const staff = (await page(s.manager)).data.staff!;
    expect(staff.plan[0].warnings.join(" ")).toContain(`${aaron.name} is not cleared to lead`);
    expect((await post(s.manager, { intent: "reset" })).status).toBe(302);
  });

  it("lists under 'not in a cohort' only people who are in no cohort of the plan shown", async () => {
    // The scenario's two participants entered no availability.
    const others = [s.participant.name, s.otherParticipant.name];
    expect([...(await page(s.manager)).data.staff!.unassigned].sort()).toEqual(["Tess Tuesday", ...others].sort());
    const form: Record<string, string> = { intent: "adjust", "slot-1": "thu@18:00", "facilitator-1": cleared.id };
    for (const p of [...people, tuesdayOnly]) form[`cohort-${p.id}`] = "1";
    expect((await post(s.manager, form)).status).toBe(302);
    const staff = (await page(s.manager)).data.staff!;
    expect(staff.plan[0].participants.map((p) => p.name).sort()).toEqual(["Cara", "Dana", "Eli", "Tess Tuesday"]);
    expect([...staff.unassigned].sort()).toEqual([...others].sort());
  });

  it("after publishing, the page shows what was created (series, members, invitations), not a new plan", async () => {
    const form: Record<string, string> = { intent: "adjust", "slot-1": "thu@18:00", "facilitator-1": cleared.id };
    for (const p of people) form[`cohort-${p.id}`] = "1";
    expect((await post(s.manager, form)).status).toBe(302);
    const out = await post(s.manager, { intent: "publish", overrideReason: "" });
    expect(out.status).toBe(302);
    const staff = (await page(s.manager)).data.staff!;
    expect(staff.plan).toEqual([]);
    expect(staff.blocking).toEqual([]);
    expect(staff.published).toMatchObject({
      invitations: 4, // three participants and the facilitator
      cohorts: [{ day: "thu", start: "18:00", sessions: 4, facilitator: cleared.name, members: ["Cara", "Dana", "Eli"] }],
    });
    expect(staff.published!.cohorts[0].seriesId).toMatch(/^[0-9a-f-]{36}$/);
    expect([...staff.unassigned].sort()).toEqual(["Tess Tuesday", s.participant.name, s.otherParticipant.name].sort());
  });

  it("labels each cohort on the group's schedule and, for staff, on its roster", async () => {
    type GroupPage = Awaited<ReturnType<typeof groupPage.loader>>;
    const view = async (who: Person) =>
      (await callRoute(groupPage, { path: `/groups/${s.group.id}`, params: { groupId: s.group.id }, cookie: who.cookie })).data as GroupPage;
    const label = "Cohort 1 · Thursdays 6:00 PM"; // the viewers have the default US style
    const staff = await view(s.manager);
    const thursdays = staff.upcoming.filter((x) => x.seriesId && staff.cohortOfSeries[x.seriesId]);
    expect(thursdays).toHaveLength(4);
    expect(new Set(thursdays.map((x) => staff.cohortOfSeries[x.seriesId!]))).toEqual(new Set([label]));
    // The group's own weekly series (no cohort) stays unlabelled.
    expect(staff.upcoming.some((x) => x.seriesId === s.seriesId)).toBe(true);
    expect(staff.cohortOfSeries[s.seriesId]).toBeUndefined();
    for (const p of people) expect(staff.cohortsOfPerson[p.id]).toEqual([label]);
    // A member sees their cohort's label on their sessions, but not who else is in which cohort.
    const member = await view(people[0]);
    expect(member.upcoming.filter((x) => x.seriesId && member.cohortOfSeries[x.seriesId]).length).toBe(4);
    expect(member.cohortsOfPerson).toEqual({});
  });
});
