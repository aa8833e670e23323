import { and, eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { auditEvents, emailOutbox, enrolments, groups, memberships } from "~/db/schema";
import type { CurrentUser } from "~/modules/auth/policy";
import { registerForGroup } from "~/modules/registration/mutations.server";
import { getGroupWaitlist } from "~/modules/registration/queries.server";
import * as waitlistRoute from "~/routes/groups.$groupId.waitlist";
import { createEmptyGroup, createParticipants, intake, statusOf } from "../../factories/registration";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Person, type Scenario } from "../../factories/scenario";

const BASE = "http://test.local";
let s: Scenario;
let foreign: Scenario;
let group: { id: string };
let people: CurrentUser[];

const enrolmentOf = async (userId: string) => {
  const [row] = await db.select({ id: enrolments.id }).from(enrolments).where(and(eq(enrolments.groupId, group.id), eq(enrolments.userId, userId)));
  return row.id;
};
const post = (who: Person, form: Record<string, string>) =>
  callRoute(waitlistRoute, { path: `/groups/${group.id}/waitlist`, params: { groupId: group.id }, cookie: who.cookie, form });
const capacity = async () => (await db.select({ capacity: groups.capacity }).from(groups).where(eq(groups.id, group.id)))[0].capacity;
const REASON = "Released from hospital today; the next cohort is too late.";

beforeAll(async () => {
  [s, foreign] = await Promise.all([createOrgScenario(), createOrgScenario()]);
  group = await createEmptyGroup(s, 2, "Small circle");
  people = await createParticipants(s, 5);
  // Two seated, three waiting in order P02, P03, P04.
  for (const [i, p] of people.entries()) {
    await registerForGroup(p, group.id, intake(), { baseUrl: BASE, now: new Date(Date.UTC(2027, 0, 1, 9, i)) });
  }
  expect(await Promise.all(people.map((p) => statusOf(group.id, p.id)))).toEqual(["enrolled", "enrolled", "waitlisted", "waitlisted", "waitlisted"]);
});

describe("a manager seats one waiting person out of turn", () => {
  it("is refused to facilitators and other organisations, and changes nothing", async () => {
    const enrolmentId = await enrolmentOf(people[4].id);
    expect((await post(s.facilitator, { intent: "seat", enrolmentId, seatReason: REASON })).status).toBe(403);
    expect((await post(s.participant, { intent: "seat", enrolmentId, seatReason: REASON })).status).toBe(403);
    expect((await post(foreign.manager, { intent: "seat", enrolmentId, seatReason: REASON })).status).toBe(404);
    expect(await statusOf(group.id, people[4].id)).toBe("waitlisted");
    expect(await capacity()).toBe(2);
  });

  it("needs a reason of at least 10 characters, shown beside the field, and changes nothing", async () => {
    const enrolmentId = await enrolmentOf(people[4].id);
    const out = await post(s.manager, { intent: "seat", enrolmentId, seatReason: "urgent" });
    expect(out.status).toBe(400);
    expect(Object.keys((out.data as { errors: Record<string, string[]> }).errors)).toEqual(["seatReason"]);
    expect(await statusOf(group.id, people[4].id)).toBe("waitlisted");
    expect(await capacity()).toBe(2);
  });

  it("refuses an enrolment of another group or one that already has a seat", async () => {
    const seated = await post(s.manager, { intent: "seat", enrolmentId: await enrolmentOf(people[0].id), seatReason: REASON });
    expect(seated.status).toBe(400);
    expect((seated.data as { errors: Record<string, string[]> }).errors.enrolmentId[0]).toContain("already has a seat");
    const [elsewhere] = await db.select({ id: enrolments.id }).from(enrolments).where(eq(enrolments.groupId, s.group.id)).limit(1);
    const other = await post(s.manager, { intent: "seat", enrolmentId: elsewhere.id, seatReason: REASON });
    expect(other.status).toBe(400);
    expect(await capacity()).toBe(2);
  });

  it("adds one seat for the last in line, keeps everyone ahead in order, audits the reason and emails them", async () => {
    const enrolmentId = await enrolmentOf(people[4].id);
    const out = await post(s.manager, { intent: "seat", enrolmentId, seatReason: REASON });
    expect(out.status).toBe(302);
    expect(await capacity()).toBe(3);
    expect(await Promise.all(people.map((p) => statusOf(group.id, p.id)))).toEqual(["enrolled", "enrolled", "waitlisted", "waitlisted", "enrolled"]);
    const page = await getGroupWaitlist(s.manager, group.id, new Date());
    expect(page.waitlist.map((w) => w.name)).toEqual([people[2].name, people[3].name]);
    const audit = await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, enrolmentId), eq(auditEvents.action, "enrolment.seat_out_of_turn")));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorUserId: s.manager.id, reason: REASON, before: { status: "waitlisted", position: 3 } });
    const capacityAudit = await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, group.id), eq(auditEvents.action, "group.capacity")));
    expect(capacityAudit.at(-1)).toMatchObject({ before: { capacity: 2 }, after: { capacity: 3 } });
    const mails = await db.select().from(emailOutbox).where(like(emailOutbox.dedupeKey, `seat:${enrolmentId}:%`));
    expect(mails.map((m) => m.toAddress)).toEqual([people[4].email]);
  });

  it("when someone later withdraws, the freed seat goes to the first in line as usual", async () => {
    const { withdrawEnrolment } = await import("~/modules/registration/mutations.server");
    await withdrawEnrolment(people[0], await enrolmentOf(people[0].id), { baseUrl: BASE });
    expect(await statusOf(group.id, people[2].id)).toBe("enrolled");
    expect(await statusOf(group.id, people[3].id)).toBe("waitlisted");
  });
});

describe("seating out of turn someone whose membership has ended", () => {
  it("is refused with their name and changes nothing (a place left over from before deactivation gave places up)", async () => {
    const small = await createEmptyGroup(s, 1, "Closed door");
    const [seated, leaver] = await createParticipants(s, 2);
    for (const p of [seated, leaver]) await registerForGroup(p, small.id, intake(), { baseUrl: BASE });
    // Deactivated before deactivation gave up places: the worker job has not reached them yet.
    await db.update(memberships).set({ deactivatedAt: new Date() }).where(and(eq(memberships.userId, leaver.id), eq(memberships.organizationId, s.org.id)));
    const [{ id: enrolmentId }] = await db.select({ id: enrolments.id }).from(enrolments).where(and(eq(enrolments.groupId, small.id), eq(enrolments.userId, leaver.id)));
    const out = await callRoute(waitlistRoute, {
      path: `/groups/${small.id}/waitlist`,
      params: { groupId: small.id },
      cookie: s.manager.cookie,
      form: { intent: "seat", enrolmentId, seatReason: REASON },
    });
    expect(out.status).toBe(400);
    expect(JSON.stringify(out.data)).toContain(`${leaver.name}'s membership of this organisation has ended, so they cannot be given a seat.`);
    expect(await statusOf(small.id, leaver.id)).toBe("waitlisted");
    expect((await db.select({ capacity: groups.capacity }).from(groups).where(eq(groups.id, small.id)))[0].capacity).toBe(1);
    expect(await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, enrolmentId), eq(auditEvents.action, "enrolment.seat_out_of_turn")))).toHaveLength(0);
  });
});
