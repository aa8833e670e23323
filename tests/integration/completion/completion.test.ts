import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { auditEvents, enrolments, groupFacilitators } from "~/db/schema";
import { attendanceRecords } from "~/db/tables/attendance";
import { completionCriteria, enrolmentOutcomes } from "~/db/tables/completion";
import { groupNotes } from "~/db/tables/records";
import { registerForGroup } from "~/modules/registration/mutations.server";
import * as groupCompletion from "~/routes/groups.$groupId.completion";
import * as programCompletion from "~/routes/programs.$programId.completion";
import * as summaryRoute from "~/routes/enrolments.$enrolmentId.summary";
import * as myGroups from "~/routes/my.groups";
import * as groupPage from "~/routes/groups.$groupId._index";
import { addParticipant, createGroup, createSessionAt } from "../../factories/attendance";
import { createEmptyGroup, intake, statusOf } from "../../factories/registration";
import { callRoute } from "../../factories/requests";
import { postGroupCriteria, postProgramCriteria } from "../../factories/versioned-saves";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";

/** Completion criteria, outcomes (completed / discharged / transferred) and the discharge summary. */
let s: Scenario;
let foreign: Scenario;
const DAY = 86_400_000;
const today = () => new Date().toLocaleDateString("en-CA", { timeZone: "America/New_York" });

beforeAll(async () => {
  [s, foreign] = await Promise.all([createOrgScenario(), createOrgScenario()]);
});

const enrolmentOf = async (groupId: string, userId: string) =>
  (await db.select({ id: enrolments.id }).from(enrolments).where(and(eq(enrolments.groupId, groupId), eq(enrolments.userId, userId))))[0].id;
const post = (who: Person, groupId: string, form: Record<string, string>) =>
  callRoute(groupCompletion, { path: `/groups/${groupId}/completion`, params: { groupId }, cookie: who.cookie, form });
const auditsOf = (action: string, subjectId: string) =>
  db.select().from(auditEvents).where(and(eq(auditEvents.action, action), eq(auditEvents.subjectId, subjectId)));

/** A group with three past held sessions, one cancelled and one to come; returns the session ids. */
async function groupWithHistory(name: string, facilitatorId = s.facilitator.id) {
  const group = await createGroup(s, { name, facilitatorId });
  const now = Date.now();
  const held = [];
  for (const d of [5, 4, 3]) held.push(await createSessionAt(group.id, s.org.id, new Date(now - d * DAY), { status: "held", minutes: 90 }));
  const cancelled = await createSessionAt(group.id, s.org.id, new Date(now - 2 * DAY), { status: "cancelled" });
  const upcoming = await createSessionAt(group.id, s.org.id, new Date(now + 3 * DAY));
  return { group, held, cancelled, upcoming };
}
async function mark(groupId: string, sessionId: string, userId: string, status: "present" | "late" | "excused" | "absent", walkIn = false) {
  await db.insert(attendanceRecords).values({ organizationId: s.org.id, groupId, sessionId, userId, status, walkIn, source: "roster" });
}

describe("completion criteria", () => {
  it("a manager sets a group's criteria; bad numbers are explained and change nothing; it is audited", async () => {
    const { group } = await groupWithHistory("Criteria group");
    const bad = await post(s.manager, group.id, { intent: "criteria", minSessionsAttended: "0", maxUnexcusedAbsences: "x" });
    expect(bad.status).toBe(400);
    const errors = (bad.data as { errors: Record<string, string[]> }).errors;
    expect(errors.minSessionsAttended[0]).toMatch(/between 1 and 500/);
    expect(errors.maxUnexcusedAbsences[0]).toMatch(/whole number/);
    expect(await db.select().from(completionCriteria).where(eq(completionCriteria.groupId, group.id))).toHaveLength(0);
    const ok = await postGroupCriteria(s.manager.cookie, group.id, { intent: "criteria", minSessionsAttended: "3", maxUnexcusedAbsences: "1" });
    expect(ok.status).toBe(302);
    const [saved] = await db.select().from(completionCriteria).where(eq(completionCriteria.groupId, group.id));
    expect(saved).toMatchObject({ minSessionsAttended: 3, maxUnexcusedAbsences: 1, organizationId: s.org.id });
    const [event] = await auditsOf("completion.criteria_set", group.id);
    expect(event).toMatchObject({ actorUserId: s.manager.id, before: null, after: { minSessionsAttended: 3, maxUnexcusedAbsences: 1 } });
  });

  it("a refused form records nothing, not even a read of the group's progress", async () => {
    const { group } = await groupWithHistory("Junk form");
    await addParticipant(s, group.id);
    const count = async () => (await db.select({ id: auditEvents.id }).from(auditEvents).where(eq(auditEvents.organizationId, s.org.id))).length;
    const before = await count();
    const out = await post(s.manager, group.id, {});
    expect(out.status).toBe(400);
    expect(await count()).toBe(before);
  });

  it("only managers set criteria: the facilitator is refused, another organisation's manager gets 404", async () => {
    const { group } = await groupWithHistory("Guarded criteria");
    const form = { intent: "criteria", minSessionsAttended: "2", maxUnexcusedAbsences: "" };
    await expect(post(s.facilitator, group.id, form)).resolves.toMatchObject({ status: 403 });
    await expect(post(s.participant, group.id, form)).resolves.toMatchObject({ status: 403 });
    await expect(post(foreign.manager, group.id, form)).resolves.toMatchObject({ status: 404 });
    const program = await callRoute(programCompletion, { path: `/programs/${s.program.id}/completion`, params: { programId: s.program.id }, cookie: foreign.manager.cookie, form });
    expect(program.status).toBe(404);
    expect(await db.select().from(completionCriteria).where(eq(completionCriteria.groupId, group.id))).toHaveLength(0);
  });

  it("a program's criteria apply to its groups; the participant sees their progress on /my/groups", async () => {
    const { group, held } = await groupWithHistory("Program criteria group");
    const person = await addParticipant(s, group.id, { name: "Progress Person" });
    await mark(group.id, held[0].id, person.id, "present");
    await mark(group.id, held[1].id, person.id, "excused");
    await mark(group.id, held[2].id, person.id, "late", true);
    const set = await postProgramCriteria(s.manager.cookie, s.program.id, { intent: "criteria", minSessionsAttended: "3", maxUnexcusedAbsences: "" });
    expect(set.status).toBe(302);
    const mine = await callRoute(myGroups, { path: "/my/groups", cookie: person.cookie });
    const { progress } = mine.data as Awaited<ReturnType<typeof myGroups.loader>>;
    expect(progress[await enrolmentOf(group.id, person.id)].summary).toBe("2 of 3 sessions attended; 1 more to complete");
    const onGroupPage = await callRoute(groupPage, { path: `/groups/${group.id}`, params: { groupId: group.id }, cookie: person.cookie });
    expect((onGroupPage.data as { myProgress: string | null }).myProgress).toBe("2 of 3 sessions attended; 1 more to complete");
    const staffView = await callRoute(groupPage, { path: `/groups/${group.id}`, params: { groupId: group.id }, cookie: s.manager.cookie });
    expect((staffView.data as { myProgress: string | null }).myProgress).toBeNull();
    // The group's own criteria override the program's.
    expect((await postGroupCriteria(s.manager.cookie, group.id, { intent: "criteria", minSessionsAttended: "2", maxUnexcusedAbsences: "" })).status).toBe(302);
    const again = (await callRoute(myGroups, { path: "/my/groups", cookie: person.cookie })).data as Awaited<ReturnType<typeof myGroups.loader>>;
    expect(again.progress[await enrolmentOf(group.id, person.id)].summary).toBe("2 of 2 sessions attended; you have met the completion requirements");
    expect((await postProgramCriteria(s.manager.cookie, s.program.id, { intent: "clear-criteria" })).status).toBe(302);
  });
});

describe("recording how an enrolment ended", () => {
  it("refuses 'completed' while the criteria are not met, then records it when they are; audited with the person", async () => {
    const { group, held } = await groupWithHistory("Completing group");
    expect((await postGroupCriteria(s.manager.cookie, group.id, { intent: "criteria", minSessionsAttended: "2", maxUnexcusedAbsences: "0" })).status).toBe(302);
    const person = await addParticipant(s, group.id, { name: "Finisher" });
    const enrolmentId = await enrolmentOf(group.id, person.id);
    await mark(group.id, held[0].id, person.id, "present");
    const early = await post(s.facilitator, group.id, { intent: "outcome", enrolmentId, outcome: "completed", endedOn: today() });
    expect(early.status).toBe(400);
    expect((early.data as { errors: Record<string, string[]> }).errors.outcome[0]).toMatch(/has not met the completion criteria: 1 of 2 sessions attended/);
    expect(await statusOf(group.id, person.id)).toBe("enrolled");
    await mark(group.id, held[1].id, person.id, "present");
    const done = await post(s.facilitator, group.id, { intent: "outcome", enrolmentId, outcome: "completed", endedOn: today(), participantComment: "Thank you all." });
    expect(done.status).toBe(302);
    expect(await statusOf(group.id, person.id)).toBe("completed");
    const [outcome] = await db.select().from(enrolmentOutcomes).where(eq(enrolmentOutcomes.enrolmentId, enrolmentId));
    expect(outcome).toMatchObject({ outcome: "completed", recordedBy: s.facilitator.id, endedOn: today(), participantComment: "Thank you all.", undoneAt: null });
    const [event] = await auditsOf("enrolment.complete", enrolmentId);
    expect(event).toMatchObject({ actorUserId: s.facilitator.id, subjectUserId: person.id, before: { status: "enrolled" }, after: { status: "completed" } });
  });

  it("a discharge frees the seat: the next person waiting is promoted in the same transaction", async () => {
    const group = await createEmptyGroup(s, 1, "One seat");
    await db.insert(groupFacilitators).values({ groupId: group.id, userId: s.facilitator.id, organizationId: s.org.id });
    const holder = await createPerson(s.org, "participant", { name: "Holder" });
    const waiting = await createPerson(s.org, "participant", { name: "Waiting" });
    await registerForGroup(holder, group.id, intake(), { baseUrl: "http://test.local" });
    await registerForGroup(waiting, group.id, intake(), { baseUrl: "http://test.local" });
    expect(await statusOf(group.id, waiting.id)).toBe("waitlisted");
    const enrolmentId = await enrolmentOf(group.id, holder.id);
    const out = await post(s.manager, group.id, { intent: "outcome", enrolmentId, outcome: "discharged", reason: "no_longer_attending", endedOn: today() });
    expect(out.status).toBe(302);
    expect(out.location).toContain("promoted=1");
    expect(await statusOf(group.id, holder.id)).toBe("discharged");
    expect(await statusOf(group.id, waiting.id)).toBe("enrolled");
    const [event] = await auditsOf("enrolment.discharge", enrolmentId);
    expect(event).toMatchObject({ subjectUserId: holder.id, after: { status: "discharged", reason: "no_longer_attending" } });
    expect(await auditsOf("enrolment.promote", await enrolmentOf(group.id, waiting.id))).toHaveLength(1);
  });

  it("explains each bad outcome form and changes nothing", async () => {
    const { group } = await groupWithHistory("Bad forms");
    const person = await addParticipant(s, group.id);
    const enrolmentId = await enrolmentOf(group.id, person.id);
    const foreignGroup = foreign.group.id;
    const tomorrow = new Date(Date.now() + 2 * DAY).toLocaleDateString("en-CA", { timeZone: "America/New_York" });
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ outcome: "discharged", endedOn: today() }, "reason", /reason for the discharge/],
      [{ outcome: "discharged", reason: "other", endedOn: today() }, "reasonText", /other reason/],
      [{ outcome: "transferred", endedOn: today() }, "transferredToGroupId", /group they move to/],
      [{ outcome: "transferred", transferredToGroupId: foreignGroup, endedOn: today() }, "transferredToGroupId", /another group of this organisation/],
      [{ outcome: "transferred", transferredToGroupId: group.id, endedOn: today() }, "transferredToGroupId", /another group of this organisation/],
      [{ outcome: "discharged", reason: "withdrew", endedOn: tomorrow }, "endedOn", /future/],
      [{ outcome: "discharged", reason: "withdrew", endedOn: "2020-01-01" }, "endedOn", /before the enrolment began/],
      [{ outcome: "discharged", reason: "withdrew", endedOn: "2026-02-30" }, "endedOn", /does not exist/],
      [{ outcome: "finished", endedOn: today() }, "outcome", /completed, discharged or transferred/],
    ];
    for (const [form, field, message] of cases) {
      const out = await post(s.manager, group.id, { intent: "outcome", enrolmentId, ...form });
      expect({ form, status: out.status }).toEqual({ form, status: 400 });
      expect((out.data as { errors: Record<string, string[]> }).errors[field]?.[0]).toMatch(message);
    }
    expect(await statusOf(group.id, person.id)).toBe("enrolled");
    expect(await db.select().from(enrolmentOutcomes).where(eq(enrolmentOutcomes.enrolmentId, enrolmentId))).toHaveLength(0);
  });

  it("other roles, a former facilitator and another organisation cannot record outcomes", async () => {
    const former = await createPerson(s.org, "facilitator", { name: "Former" });
    const { group } = await groupWithHistory("Guarded outcomes", former.id);
    await db.delete(groupFacilitators).where(and(eq(groupFacilitators.groupId, group.id), eq(groupFacilitators.userId, former.id)));
    const person = await addParticipant(s, group.id);
    const enrolmentId = await enrolmentOf(group.id, person.id);
    const form = { intent: "outcome", enrolmentId, outcome: "discharged", reason: "withdrew", endedOn: today() };
    for (const who of [former, s.facilitator, s.otherFacilitator, person, s.participant]) {
      const out = await post(who, group.id, form);
      expect({ who: who.name, status: out.status }).toEqual({ who: who.name, status: 403 });
    }
    await expect(post(foreign.manager, group.id, form)).resolves.toMatchObject({ status: 404 });
    expect(await statusOf(group.id, person.id)).toBe("enrolled");
  });

  it("a transfer names the group; undo puts the person back and is audited", async () => {
    const { group } = await groupWithHistory("Transfer from");
    const target = await createGroup(s, { name: "Transfer to" });
    const person = await addParticipant(s, group.id);
    const enrolmentId = await enrolmentOf(group.id, person.id);
    await post(s.manager, group.id, { intent: "outcome", enrolmentId, outcome: "transferred", transferredToGroupId: target.id, endedOn: today() });
    const [outcome] = await db.select().from(enrolmentOutcomes).where(eq(enrolmentOutcomes.enrolmentId, enrolmentId));
    expect(outcome).toMatchObject({ outcome: "transferred", transferredToGroupId: target.id, reason: null });
    const undone = await post(s.manager, group.id, { intent: "undo-outcome", outcomeId: outcome.id });
    expect(undone.status).toBe(302);
    expect(await statusOf(group.id, person.id)).toBe("enrolled");
    const [after] = await db.select().from(enrolmentOutcomes).where(eq(enrolmentOutcomes.id, outcome.id));
    expect(after.undoneAt).not.toBeNull();
    expect(await auditsOf("enrolment.outcome_undone", enrolmentId)).toHaveLength(1);
    const twice = await post(s.manager, group.id, { intent: "undo-outcome", outcomeId: outcome.id });
    expect(twice.status).toBe(400);
  });
});

describe("the discharge summary", () => {
  it("the participant and staff with a relationship read it (staff reads are disclosures); others are refused", async () => {
    const former = await createPerson(s.org, "facilitator", { name: "Former lead" });
    const { group, held } = await groupWithHistory("Summary group");
    await db.insert(groupFacilitators).values({ groupId: group.id, userId: former.id, organizationId: s.org.id });
    const person = await addParticipant(s, group.id, { name: "Summarised" });
    await mark(group.id, held[0].id, person.id, "present");
    await mark(group.id, held[1].id, person.id, "absent");
    await db.insert(groupNotes).values([
      { organizationId: s.org.id, groupId: group.id, sessionId: held[0].id, topic: "Unit 1: Needs and wants", signedAt: new Date(), signedBy: s.facilitator.id },
      { organizationId: s.org.id, groupId: group.id, sessionId: held[1].id, topic: "Unit 2: Missed by them", signedAt: new Date(), signedBy: s.facilitator.id },
      { organizationId: s.org.id, groupId: group.id, sessionId: held[2].id, topic: "Unit 3: Draft only" },
    ]);
    const enrolmentId = await enrolmentOf(group.id, person.id);
    const path = `/enrolments/${enrolmentId}/summary`;
    const read = (who: Person) => callRoute(summaryRoute, { path, params: { enrolmentId }, cookie: who.cookie });
    expect((await read(s.manager)).status).toBe(404); // not ended yet
    await post(s.facilitator, group.id, { intent: "outcome", enrolmentId, outcome: "discharged", reason: "referred_elsewhere", endedOn: today(), participantComment: "Moving town." });
    await db.delete(groupFacilitators).where(and(eq(groupFacilitators.groupId, group.id), eq(groupFacilitators.userId, former.id)));
    const own = await read(person);
    expect(own.status).toBe(200);
    const summary = (own.data as Awaited<ReturnType<typeof summaryRoute.loader>>).summary;
    expect(summary).toMatchObject({ person: "Summarised", outcome: { kind: "discharged", reason: "referred_elsewhere", participantComment: "Moving town." }, hours: "1.5" });
    expect(summary.progress).toMatchObject({ attended: 1, unexcusedAbsences: 1 });
    expect(summary.unitsCovered.map((u) => u.topic)).toEqual(["Unit 1: Needs and wants"]);
    expect(await auditsOf("discharge_summary.viewed", enrolmentId)).toHaveLength(0); // the person's own read is not a disclosure
    for (const who of [s.manager, s.facilitator]) expect((await read(who)).status).toBe(200);
    const views = await auditsOf("discharge_summary.viewed", enrolmentId);
    expect(views.map((v) => v.actorUserId).sort()).toEqual([s.manager.id, s.facilitator.id].sort());
    expect(views.every((v) => v.subjectUserId === person.id)).toBe(true);
    for (const who of [former, s.otherFacilitator, s.participant]) expect({ who: who.name, status: (await read(who)).status }).toEqual({ who: who.name, status: 403 });
    expect((await read(foreign.manager)).status).toBe(404);
  });
});
