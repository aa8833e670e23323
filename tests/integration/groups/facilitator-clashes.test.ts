import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { groupFacilitators, groups, memberships, organizations, programs, series, sessions } from "~/db/schema";
import { seriesAssignments } from "~/db/tables/scheduling";
import { translateMessage } from "~/i18n/catalog";
import { createSeries, updateGroup, type SeriesInput } from "~/modules/groups/mutations.server";
import * as groupEdit from "~/routes/groups.$groupId.edit";
import * as seriesNew from "~/routes/groups.$groupId.series.new";
import * as sessionPage from "~/routes/sessions.$sessionId._index";
import { makeCurrent } from "../../factories/competency";
import { createEmptyGroup } from "../../factories/registration";
import { callRoute } from "../../factories/requests";
import { addParticipant, createRoundAs, ROUND_FORM, viewRound } from "../../factories/scheduling";
import { createOrgScenario, createPerson, FIXED_SERIES_START, type Person, type Scenario } from "../../factories/scenario";

// A facilitator could be booked into two groups at the same hour: adding a weekly series, moving a
// session and adding a facilitator to a group checked nothing (only publishing a round did). Each
// now refuses a time that overlaps a session the facilitator already leads, naming that session's
// group, day and time in the group's zone, and writes nothing. The scenario's group "Circle" meets
// Tuesdays 19:00–20:00 New York time from 2 March 2027, led by Fay.

let s: Scenario;
let fay: Person;

beforeAll(async () => {
  s = await createOrgScenario({ seriesStart: FIXED_SERIES_START });
  fay = s.facilitator;
  await makeCurrent(s.org.id, fay.id, s.manager.id);
});

/** A group of the organisation led by `leaders`, in `zone`. */
async function groupLedBy(name: string, leaders: Person[], zone = "America/New_York") {
  const group = await createEmptyGroup(s, 10, name);
  if (zone !== "America/New_York") await db.update(groups).set({ timezone: zone }).where(eq(groups.id, group.id));
  if (leaders.length) await db.insert(groupFacilitators).values(leaders.map((l) => ({ groupId: group.id, userId: l.id, organizationId: s.org.id })));
  return { ...group, timezone: zone };
}

const weekly = (day: SeriesInput["weekdays"][number], startTime: string, startDate: string, count: number): SeriesInput => ({
  weekdays: [day],
  startTime,
  durationMinutes: 60,
  startDate,
  endDate: null,
  count,
  skipDates: [],
});

const seriesPage = async (groupId: string) =>
  ((await callRoute(seriesNew, { path: `/groups/${groupId}/series/new`, params: { groupId }, cookie: s.manager.cookie })).data as { formToken: string }).formToken;
const sendSeries = (groupId: string, form: Record<string, string | string[]>) =>
  callRoute(seriesNew, { path: `/groups/${groupId}/series/new`, params: { groupId }, cookie: s.manager.cookie, form });
const seriesCount = async (groupId: string) => (await db.select({ id: series.id }).from(series).where(eq(series.groupId, groupId))).length;
const sessionsOf = (groupId: string) => db.select().from(sessions).where(eq(sessions.groupId, groupId)).orderBy(asc(sessions.startsAt));
const moveSession = (sessionId: string, form: Record<string, string>) =>
  callRoute(sessionPage, { path: `/sessions/${sessionId}`, params: { sessionId }, cookie: s.manager.cookie, form: { intent: "move", locationOverride: "", note: "", ...form } });
type Failure = { errors: Record<string, string[]>; values: Record<string, string> };

describe("adding a weekly series", () => {
  it("is refused when its facilitator already leads a session at that time: the other group, day and time in this group's zone; nothing added; the entries kept", async () => {
    const budgeting = await groupLedBy("Budgeting", [fay], "America/Chicago");
    const token = await seriesPage(budgeting.id);
    // Tuesdays 18:30 Chicago = 19:30 New York, from 9 March: Circle meets 19:00–20:00 New York.
    const form = { "weekdays[]": ["tue"], startTime: "18:30", durationMinutes: "60", startDate: "2027-03-09", endDate: "", count: "4", skipDates: "", formToken: token };
    const out = await sendSeries(budgeting.id, form);
    expect(out.status).toBe(400);
    const data = out.data as Failure;
    const message = `${fay.name} already leads Circle on Tue, Mar 9, 2027, 6:00–7:00 PM CST, at the same time as a session of this series. Nothing was added: choose another day or time.`;
    expect(data.errors.startTime).toEqual([message]);
    expect(data.values).toMatchObject({ startTime: "18:30", startDate: "2027-03-09", count: "4" });
    expect(await seriesCount(budgeting.id)).toBe(0);
    expect(await sessionsOf(budgeting.id)).toEqual([]);
    expect(translateMessage(message, "es-ES")).toBe(
      `${fay.name} ya dirige Circle el Tue, Mar 9, 2027, 6:00–7:00 PM CST, a la misma hora que una sesión de esta serie. No se añadió nada: elija otro día u otra hora.`,
    );
    // The refusal used up nothing: the same form, at a free time (back to back with Circle), adds the series.
    const again = await sendSeries(budgeting.id, { ...form, startTime: "19:00" });
    expect(again.status).toBe(302);
    expect((await sessionsOf(budgeting.id)).map((x) => x.startsAt.toISOString())).toEqual([
      "2027-03-10T01:00:00.000Z",
      "2027-03-17T00:00:00.000Z",
      "2027-03-24T00:00:00.000Z",
      "2027-03-31T00:00:00.000Z",
    ]);
  });

  it("is added when nobody who would lead it is busy then: another facilitator's group, a cancelled session, another organisation's session", async () => {
    const gus = await createPerson(s.org, "facilitator", { name: "Gus Other" });
    // Gus does not lead Circle: his group meets at Circle's time.
    const gusGroup = await groupLedBy("Gus's group", [gus]);
    expect((await createSeries(s.manager, gusGroup.id, weekly("tue", "19:00", "2027-03-02", 3))).sessions).toBe(3);
    // Circle's 20 April session is cancelled: Fay is free at that hour.
    const circle = await sessionsOf(s.group.id);
    const april20 = circle.find((x) => x.startsAt.toISOString() === "2027-04-20T23:00:00.000Z")!;
    await db.update(sessions).set({ status: "cancelled" }).where(eq(sessions.id, april20.id));
    const faysOther = await groupLedBy("Fay's one-off", [fay]);
    expect((await createSeries(s.manager, faysOther.id, weekly("tue", "19:00", "2027-04-20", 1))).sessions).toBe(1);
    // Fay also works for another organisation, which has her at Circle's time on 13 April: each
    // organisation plans its own staff's time, and this one learns nothing of the other's groups.
    const [other] = await db.insert(organizations).values({ slug: `other-${Date.now()}`, name: "Other agency", timezone: "America/New_York", crisisText: "Call 988." }).returning();
    await db.insert(memberships).values({ userId: fay.id, organizationId: other.id, role: "facilitator" });
    const [program] = await db.insert(programs).values({ organizationId: other.id, name: "Other program" }).returning();
    const [elsewhere] = await db
      .insert(groups)
      .values({ organizationId: other.id, programId: program.id, kind: "workshop", name: "Elsewhere", timezone: "America/New_York", capacity: 5, location: "" })
      .returning();
    await db.insert(groupFacilitators).values({ groupId: elsewhere.id, userId: fay.id, organizationId: other.id });
    await db.insert(sessions).values({ organizationId: other.id, groupId: elsewhere.id, startsAt: new Date("2027-04-28T14:00:00Z"), endsAt: new Date("2027-04-28T15:00:00Z") });
    expect((await createSeries(s.manager, faysOther.id, weekly("wed", "10:00", "2027-04-28", 1))).sessions).toBe(1);
  });

  it("counts a cohort's sessions for its assigned facilitator only, and a group's other sessions for all of its facilitators", async () => {
    const hal = await createPerson(s.org, "facilitator", { name: "Hal Cohort" });
    const ivy = await createPerson(s.org, "facilitator", { name: "Ivy Cohort" });
    const shared = await groupLedBy("Shared", [hal, ivy]);
    // A cohort of Shared on Thursdays 18:00 led by Ivy (as a published round creates it).
    const { seriesId } = await createSeries(s.manager, shared.id, weekly("thu", "18:00", "2027-05-06", 2), undefined, undefined, [ivy.id]);
    await db.insert(seriesAssignments).values({ seriesId, userId: ivy.id, organizationId: s.org.id, role: "facilitator" });
    // Hal is not at Ivy's cohort: his own group can meet then. Ivy's cannot.
    const halsOwn = await groupLedBy("Hal's own", [hal]);
    expect((await createSeries(s.manager, halsOwn.id, weekly("thu", "18:00", "2027-05-06", 2))).sessions).toBe(2);
    const ivysOwn = await groupLedBy("Ivy's own", [ivy]);
    await expect(createSeries(s.manager, ivysOwn.id, weekly("thu", "18:30", "2027-05-13", 2))).rejects.toThrow(
      "Ivy Cohort already leads Shared on Thu, May 13, 2027, 6:00–7:00 PM EDT, at the same time as a session of this series.",
    );
    // A series of Shared nobody is assigned to lead is led by both (the co-facilitator too).
    await expect(createSeries(s.manager, shared.id, weekly("thu", "17:30", "2027-05-06", 1))).rejects.toThrow(/^(Hal Cohort already leads Hal's own|Ivy Cohort already leads Shared) on Thu, May 6, 2027, 6:00–7:00 PM EDT/);
    expect(await seriesCount(ivysOwn.id)).toBe(0);
  });
});

describe("moving a session", () => {
  it("into a time its facilitator already leads is refused, naming the other group and time in the group's zone; the session is unchanged and the entries kept", async () => {
    const wednesday = await groupLedBy("Wednesday club", [fay]);
    await createSeries(s.manager, wednesday.id, weekly("wed", "19:00", "2027-03-03", 2));
    const [first] = await sessionsOf(wednesday.id);
    const out = await moveSession(first.id, { date: "2027-03-09", startTime: "19:30", durationMinutes: "60" });
    expect(out.status).toBe(400);
    const data = out.data as Failure;
    const message = `${fay.name} already leads Circle on Tue, Mar 9, 2027, 7:00–8:00 PM EST, at the same time as this session's new time. The session was not moved: choose another time.`;
    expect(data.errors.startTime).toEqual([message]);
    expect(data.values).toMatchObject({ intent: "move", date: "2027-03-09", startTime: "19:30", durationMinutes: "60" });
    expect(translateMessage(message, "es-ES")).toBe(
      `${fay.name} ya dirige Circle el Tue, Mar 9, 2027, 7:00–8:00 PM EST, a la misma hora que la nueva hora de esta sesión. La sesión no se movió: elija otra hora.`,
    );
    const [after] = await sessionsOf(wednesday.id);
    expect({ startsAt: after.startsAt, endsAt: after.endsAt, sequence: after.sequence }).toEqual({ startsAt: first.startsAt, endsAt: first.endsAt, sequence: first.sequence });
    // Later that evening, after Circle and Budgeting (20:00–21:00 New York), it moves; and a quarter
    // of an hour within its own old time too.
    expect((await moveSession(first.id, { date: "2027-03-09", startTime: "20:30", durationMinutes: "60" })).status).toBe(400);
    expect((await moveSession(first.id, { date: "2027-03-09", startTime: "21:00", durationMinutes: "60" })).status).toBe(302);
    const [, second] = await sessionsOf(wednesday.id);
    expect((await moveSession(second.id, { date: "2027-03-10", startTime: "19:15", durationMinutes: "60" })).status).toBe(302);
  });
});

describe("adding a facilitator to a group with sessions", () => {
  it("is refused when they already lead a session at one of the group's times; their assignment is not saved", async () => {
    const jo = await createPerson(s.org, "facilitator", { name: "Jo Lead" });
    const evening = await groupLedBy("Evening group", [jo]);
    await createSeries(s.manager, evening.id, weekly("tue", "19:30", "2027-03-23", 2));
    const input = {
      name: evening.name,
      kind: evening.kind,
      description: evening.description,
      timezone: evening.timezone,
      capacity: evening.capacity,
      location: evening.location,
      onlineUrl: evening.onlineUrl,
      language: evening.language,
      facilitatorIds: [jo.id, fay.id],
    };
    // From the edit page: the refusal beside the facilitators, the person's entries kept.
    const page = (await callRoute(groupEdit, { path: `/groups/${evening.id}/edit`, params: { groupId: evening.id }, cookie: s.manager.cookie })).data as { version: string };
    const form = { ...input, capacity: String(input.capacity), "facilitatorIds[]": input.facilitatorIds, version: page.version, location: "Room 12" } as Record<string, string | string[]>;
    delete form.facilitatorIds;
    const out = await callRoute(groupEdit, { path: `/groups/${evening.id}/edit`, params: { groupId: evening.id }, cookie: s.manager.cookie, form });
    expect(out.status).toBe(400);
    const message = `${fay.name} already leads Circle on Tue, Mar 23, 2027, 7:00–8:00 PM EDT, at the same time as this group's session on Tue, Mar 23, 2027, 7:30–8:30 PM EDT. Nothing was saved: choose another facilitator, or move one of the sessions first.`;
    expect((out.data as Failure).errors.facilitatorIds).toEqual([message]);
    expect((out.data as Failure).values).toMatchObject({ location: "Room 12", facilitatorIds: `${jo.id},${fay.id}` });
    expect((await db.select({ location: groups.location }).from(groups).where(eq(groups.id, evening.id)))[0].location).toBe(evening.location);
    expect(translateMessage(message, "es-ES")).toBe(
      `${fay.name} ya dirige Circle el Tue, Mar 23, 2027, 7:00–8:00 PM EDT, a la misma hora que la sesión de este grupo del Tue, Mar 23, 2027, 7:30–8:30 PM EDT. No se guardó nada: elija otro/a facilitador/a o mueva antes una de las sesiones.`,
    );
    const leaders = await db.select({ id: groupFacilitators.userId }).from(groupFacilitators).where(eq(groupFacilitators.groupId, evening.id));
    expect(leaders.map((l) => l.id)).toEqual([jo.id]);
    // Once the group meets after Circle and Budgeting (21:00), Fay can join it.
    const later = 90 * 60_000;
    for (const x of await sessionsOf(evening.id)) await db.update(sessions).set({ startsAt: new Date(x.startsAt.getTime() + later), endsAt: new Date(x.endsAt.getTime() + later) }).where(eq(sessions.id, x.id));
    await updateGroup(s.manager, evening.id, input);
    const now = await db.select({ id: groupFacilitators.userId }).from(groupFacilitators).where(eq(groupFacilitators.groupId, evening.id));
    expect(now.map((l) => l.id).sort()).toEqual([jo.id, fay.id].sort());
  });
});

describe("the round page's count of a facilitator's sessions", () => {
  it("uses the same definition: a cohort's sessions count for its facilitator only, held ones count, cancelled ones do not", async () => {
    const kim = await createPerson(s.org, "facilitator", { name: "Kim Round" });
    const lee = await createPerson(s.org, "facilitator", { name: "Lee Round" });
    const planned = await groupLedBy("Planned", [kim, lee]);
    // Mondays 12:00 (nobody assigned: both lead them) on 1 and 8 March; Lee's cohort on Thursdays 4–25 March.
    await createSeries(s.manager, planned.id, weekly("mon", "12:00", "2027-03-01", 2));
    const { seriesId } = await createSeries(s.manager, planned.id, weekly("thu", "18:00", "2027-03-04", 4), undefined, undefined, [lee.id]);
    await db.insert(seriesAssignments).values({ seriesId, userId: lee.id, organizationId: s.org.id, role: "facilitator" });
    const mondays = (await sessionsOf(planned.id)).filter((x) => x.seriesId !== seriesId);
    await db.update(sessions).set({ status: "held" }).where(eq(sessions.id, mondays[0].id));
    const thursdays = await db.select().from(sessions).where(and(eq(sessions.seriesId, seriesId))).orderBy(asc(sessions.startsAt));
    await db.update(sessions).set({ status: "cancelled" }).where(eq(sessions.id, thursdays[3].id));
    await addParticipant(s, { name: "Round invitee", timezone: "America/New_York", groupId: planned.id });
    const roundId = await createRoundAs(s.manager, planned.id, ROUND_FORM);
    const leaders = (await viewRound(s.manager, roundId)).data.staff!.leaders;
    const count = (who: Person) => leaders.find((l) => l.id === who.id)!.busySessions;
    expect({ kim: count(kim), lee: count(lee) }).toEqual({ kim: 2, lee: 5 });
  });
});
