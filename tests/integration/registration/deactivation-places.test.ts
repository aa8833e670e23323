import { and, eq, inArray, isNull, like, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { attendanceRecords } from "~/db/tables/attendance";
import { auditEvents, emailOutbox, enrolments, groupFacilitators, memberships } from "~/db/schema";
import { enrolmentDetails, waitlistSettings } from "~/db/tables/registration";
import { setMembershipActive } from "~/modules/auth/mutations.server";
import { getRegistrationContext } from "~/modules/registration/queries.server";
import {
  registerForGroup,
  undoWithdrawal,
  withdrawEnrolment,
  withdrawPlacesOfDeactivatedMembers,
} from "~/modules/registration/mutations.server";
import * as peopleRoute from "~/routes/admin.people";
import { createSessionAt } from "../../factories/attendance";
import { createEmptyGroup, createParticipants, intake, statusOf } from "../../factories/registration";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";

// Deactivating a membership gives up the person's open places in that organisation (seats, offers,
// waiting-list places), through the same withdrawal a participant makes: audited with the reason
// "account deactivated", each freed seat going to the next person waiting (one email each), in the
// deactivation's transaction. History is kept; reactivation does not give places back.

const BASE = "http://test.local";
let s: Scenario;
let other: Scenario;
beforeAll(async () => {
  [s, other] = await Promise.all([createOrgScenario(), createOrgScenario()]);
});

const membershipOf = async (userId: string, orgId = s.org.id) =>
  (await db.select({ id: memberships.id }).from(memberships).where(and(eq(memberships.userId, userId), eq(memberships.organizationId, orgId))))[0].id;
const act = (who: Person, form: Record<string, string>) => callRoute(peopleRoute, { path: "/admin/people", cookie: who.cookie, form });
const seatMailTo = (email: string) =>
  db.select({ id: emailOutbox.id }).from(emailOutbox).where(and(eq(emailOutbox.toAddress, email), like(emailOutbox.dedupeKey, "seat:%")));
const seats = async (groupId: string) => (await getRegistrationContext(s.participant, groupId, new Date())).seats.label;

/** A group whose seat went to `person` as an offer (offer mode; the holder before them withdrew). */
async function groupWithOfferTo(person: Person, after: { email: string; id: string }[], name: string) {
  const group = await createEmptyGroup(s, 1, name);
  await db.insert(waitlistSettings).values({ groupId: group.id, organizationId: s.org.id, mode: "offer", offerHours: 48 });
  const [holder] = await createParticipants(s, 1);
  await registerForGroup(holder, group.id, intake(), { baseUrl: BASE });
  await registerForGroup(person, group.id, intake(), { baseUrl: BASE });
  for (const p of after) await registerForGroup(p as never, group.id, intake(), { baseUrl: BASE });
  const [{ id }] = await db.select({ id: enrolments.id }).from(enrolments).where(and(eq(enrolments.groupId, group.id), eq(enrolments.userId, holder.id)));
  await withdrawEnrolment(holder, id, { baseUrl: BASE });
  expect(await statusOf(group.id, person.id)).toBe("offered");
  return group;
}

describe("deactivating a participant gives up their places", () => {
  it("withdraws their seat, offer and waiting-list places, promotes the next people waiting once each, frees seats, keeps history; audited; reactivation gives nothing back", async () => {
    const leaver = await createPerson(s.org, "participant", { name: "Lee Leaver" });
    const [w1, w2, x, z, p1] = await createParticipants(s, 5);
    // A: 2 seats, the leaver and p1 seated, w1 and w2 waiting.
    const a = await createEmptyGroup(s, 2, "Alpha seats");
    for (const p of [leaver, p1, w1, w2]) await registerForGroup(p, a.id, intake(), { baseUrl: BASE });
    // B: the leaver holds an offer, x waits behind.
    const b = await groupWithOfferTo(leaver, [x], "Bravo offer");
    // C: full, the leaver waits, z waits behind.
    const c = await createEmptyGroup(s, 1, "Charlie queue");
    await registerForGroup(p1, c.id, intake(), { baseUrl: BASE });
    for (const p of [leaver, z]) await registerForGroup(p, c.id, intake(), { baseUrl: BASE });
    // D: 3 seats, only the leaver.
    const d = await createEmptyGroup(s, 3, "Delta free");
    await registerForGroup(leaver, d.id, intake(), { baseUrl: BASE });
    // An attended session in A (history).
    const held = await createSessionAt(a.id, s.org.id, new Date("2026-01-06T15:00:00Z"), { status: "held" });
    await db.insert(attendanceRecords).values({ organizationId: s.org.id, sessionId: held.id, groupId: a.id, userId: leaver.id, status: "present", source: "roster" });

    expect(await seats(a.id)).toBe("Full: waitlist (2 waiting)");
    expect(await seats(d.id)).toBe("2 seats left");
    const leaverEnrolments = await db.select({ id: enrolments.id, groupId: enrolments.groupId }).from(enrolments).where(eq(enrolments.userId, leaver.id));
    expect(leaverEnrolments).toHaveLength(4);
    const mailBefore = { w1: (await seatMailTo(w1.email)).length, x: (await seatMailTo(x.email)).length, w2: (await seatMailTo(w2.email)).length, z: (await seatMailTo(z.email)).length };

    const out = await act(s.manager, { intent: "deactivate", membershipId: await membershipOf(leaver.id) });
    expect(out.status).toBe(200);
    const data = out.data as { ok: boolean; message: string; givenUp?: { name: string; groups: string[] } };
    expect(data.message).toMatch(/Lee Leaver is deactivated/);
    expect(data.givenUp?.name).toBe("Lee Leaver");
    expect([...(data.givenUp?.groups ?? [])].sort()).toEqual(["Alpha seats", "Bravo offer", "Charlie queue", "Delta free"]);

    // Every place given up.
    for (const g of [a, b, c, d]) expect(await statusOf(g.id, leaver.id)).toBe("withdrawn");
    const [offerRow] = await db.select({ outcome: enrolmentDetails.offerOutcome }).from(enrolmentDetails).where(inArray(enrolmentDetails.enrolmentId, leaverEnrolments.filter((e) => e.groupId === b.id).map((e) => e.id)));
    expect(offerRow.outcome).toBe("declined");
    // The next person waiting got each freed seat, with one email; nobody else moved.
    expect(await statusOf(a.id, w1.id)).toBe("enrolled");
    expect(await statusOf(a.id, w2.id)).toBe("waitlisted");
    expect(await statusOf(b.id, x.id)).toBe("offered");
    expect(await statusOf(c.id, z.id)).toBe("waitlisted");
    expect((await seatMailTo(w1.email)).length - mailBefore.w1).toBe(1);
    expect((await seatMailTo(x.email)).length - mailBefore.x).toBe(1);
    expect((await seatMailTo(w2.email)).length - mailBefore.w2).toBe(0);
    expect((await seatMailTo(z.email)).length - mailBefore.z).toBe(0);
    // Seats left reflect it.
    expect(await seats(a.id)).toBe("Full: waitlist (1 waiting)");
    expect(await seats(d.id)).toBe("3 seats left");
    // History kept.
    expect(await db.select().from(attendanceRecords).where(eq(attendanceRecords.userId, leaver.id))).toHaveLength(1);
    // Audited: each withdrawal by the manager with the reason, each promotion, and the deactivation.
    const withdrawals = await db
      .select({ subjectId: auditEvents.subjectId, actor: auditEvents.actorUserId, reason: auditEvents.reason, before: auditEvents.before })
      .from(auditEvents)
      .where(and(eq(auditEvents.organizationId, s.org.id), eq(auditEvents.action, "enrolment.withdraw"), inArray(auditEvents.subjectId, leaverEnrolments.map((e) => e.id))));
    expect(withdrawals).toHaveLength(4);
    for (const w of withdrawals) {
      expect(w.actor).toBe(s.manager.id);
      expect(w.reason).toBe("account deactivated");
    }
    expect(withdrawals.map((w) => (w.before as { status: string }).status).sort()).toEqual(["enrolled", "enrolled", "offered", "waitlisted"]);
    const promoted = await db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .innerJoin(enrolments, sql`${enrolments.id}::text = ${auditEvents.subjectId}`)
      .where(and(inArray(auditEvents.action, ["enrolment.promote", "enrolment.offer"]), inArray(enrolments.userId, [w1.id, x.id]), inArray(enrolments.groupId, [a.id, b.id])));
    expect(promoted.map((p) => p.action).sort()).toEqual(["enrolment.offer", "enrolment.promote"]);
    const [deactivation] = await db
      .select({ after: auditEvents.after })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "membership.deactivate"), eq(auditEvents.subjectId, leaver.id)));
    expect(deactivation.after).toEqual({ active: false, placesGivenUp: 4 });

    // Reactivation does not give the places back; the withdrawal is not theirs to undo.
    expect((await act(s.manager, { intent: "reactivate", membershipId: await membershipOf(leaver.id) })).status).toBe(200);
    for (const g of [a, b, c, d]) expect(await statusOf(g.id, leaver.id)).toBe("withdrawn");
    const dEnrolment = leaverEnrolments.find((e) => e.groupId === d.id)!.id;
    await expect(undoWithdrawal(leaver, dEnrolment, { baseUrl: BASE })).rejects.toThrow();
    expect(await statusOf(d.id, leaver.id)).toBe("withdrawn");
    // They can register again (a new place at the back of the line).
    expect((await registerForGroup(leaver, d.id, intake(), { baseUrl: BASE })).status).toBe("enrolled");
  });

  it("a person with no open places is deactivated as before, with nothing given up", async () => {
    const quiet = await createPerson(s.org, "participant");
    const out = await act(s.manager, { intent: "deactivate", membershipId: await membershipOf(quiet.id) });
    expect(out.status).toBe(200);
    expect((out.data as { givenUp?: unknown }).givenUp).toBeUndefined();
  });

  it("a deactivated person cannot register or take a withdrawal back", async () => {
    const gone = await createPerson(s.org, "participant");
    const g = await createEmptyGroup(s, 2, "Echo");
    await registerForGroup(gone, g.id, intake(), { baseUrl: BASE });
    const [{ id }] = await db.select({ id: enrolments.id }).from(enrolments).where(and(eq(enrolments.groupId, g.id), eq(enrolments.userId, gone.id)));
    await withdrawEnrolment(gone, id, { baseUrl: BASE });
    await setMembershipActive(s.manager, { membershipId: await membershipOf(gone.id), active: false }, new Date(), BASE);
    await expect(undoWithdrawal(gone, id, { baseUrl: BASE })).rejects.toMatchObject({ status: 403 });
    await expect(registerForGroup(gone, g.id, intake(), { baseUrl: BASE })).rejects.toMatchObject({ status: 403 });
    // Nor does staff register them on their behalf.
    await expect(registerForGroup(s.manager, g.id, intake({ participantId: gone.id }), { baseUrl: BASE })).rejects.toThrow(/Choose a participant of your organisation/);
    expect(await statusOf(g.id, gone.id)).toBe("withdrawn");
  });
});

describe("who may deactivate (unchanged), and what other roles keep", () => {
  it("a facilitator, a participant or another organisation's manager cannot, and the places stay", async () => {
    const keeper = await createPerson(s.org, "participant");
    const g = await createEmptyGroup(s, 1, "Foxtrot");
    await registerForGroup(keeper, g.id, intake(), { baseUrl: BASE });
    const membershipId = await membershipOf(keeper.id);
    expect((await act(s.facilitator, { intent: "deactivate", membershipId })).status).toBe(403);
    expect((await act(s.participant, { intent: "deactivate", membershipId })).status).toBe(403);
    const foreign = await act(other.manager, { intent: "deactivate", membershipId });
    expect(foreign.status).toBe(400);
    expect(JSON.stringify(foreign.data)).toMatch(/Choose a person of your organisation/);
    const [m] = await db.select({ deactivatedAt: memberships.deactivatedAt }).from(memberships).where(eq(memberships.id, membershipId));
    expect(m.deactivatedAt).toBeNull();
    expect(await statusOf(g.id, keeper.id)).toBe("enrolled");
  });

  it("deactivating a facilitator leaves their groups' facilitator list and the participants' places as they are", async () => {
    const lead = await createPerson(s.org, "facilitator");
    const g = await createEmptyGroup(s, 2, "Golf");
    await db.insert(groupFacilitators).values({ groupId: g.id, userId: lead.id, organizationId: s.org.id });
    const [p] = await createParticipants(s, 1);
    await registerForGroup(p, g.id, intake(), { baseUrl: BASE });
    const out = await act(s.manager, { intent: "deactivate", membershipId: await membershipOf(lead.id) });
    expect(out.status).toBe(200);
    expect((out.data as { givenUp?: unknown }).givenUp).toBeUndefined();
    expect(await db.select().from(groupFacilitators).where(and(eq(groupFacilitators.groupId, g.id), eq(groupFacilitators.userId, lead.id)))).toHaveLength(1);
    expect(await statusOf(g.id, p.id)).toBe("enrolled");
  });
});

describe("people deactivated before this change", () => {
  it("the background job gives up the places they still hold, promotes the next person waiting with one email, audited; a second run does nothing", async () => {
    const old = await createPerson(s.org, "participant");
    const [next, stays] = await createParticipants(s, 2);
    const g = await createEmptyGroup(s, 1, "Hotel");
    for (const p of [old, next]) await registerForGroup(p, g.id, intake(), { baseUrl: BASE });
    const g2 = await createEmptyGroup(s, 1, "India");
    await registerForGroup(stays, g2.id, intake(), { baseUrl: BASE });
    await registerForGroup(old, g2.id, intake(), { baseUrl: BASE });
    // Deactivated the old way: the membership alone.
    await db.update(memberships).set({ deactivatedAt: new Date() }).where(and(eq(memberships.userId, old.id), eq(memberships.organizationId, s.org.id)));
    expect(await statusOf(g.id, old.id)).toBe("enrolled");

    const now = new Date();
    expect(await withdrawPlacesOfDeactivatedMembers(now, BASE)).toBeGreaterThanOrEqual(2);
    expect(await statusOf(g.id, old.id)).toBe("withdrawn");
    expect(await statusOf(g2.id, old.id)).toBe("withdrawn");
    expect(await statusOf(g.id, next.id)).toBe("enrolled");
    expect(await statusOf(g2.id, stays.id)).toBe("enrolled");
    expect(await seatMailTo(next.email)).toHaveLength(1);
    const events = await db
      .select({ actor: auditEvents.actorUserId, reason: auditEvents.reason })
      .from(auditEvents)
      .innerJoin(enrolments, sql`${enrolments.id}::text = ${auditEvents.subjectId}`)
      .where(and(eq(auditEvents.action, "enrolment.withdraw"), eq(enrolments.userId, old.id)));
    expect(events).toEqual([
      { actor: null, reason: "account deactivated" },
      { actor: null, reason: "account deactivated" },
    ]);
    expect(await withdrawPlacesOfDeactivatedMembers(new Date(now.getTime() + 60_000), BASE)).toBe(0);
    expect(await seatMailTo(next.email)).toHaveLength(1);
    // Nobody active anywhere is touched, and no deactivated person holds a place afterwards.
    const [{ n }] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(enrolments)
      .innerJoin(memberships, and(eq(memberships.userId, enrolments.userId), eq(memberships.organizationId, enrolments.organizationId)))
      .where(and(inArray(enrolments.status, ["enrolled", "offered", "waitlisted"]), sql`${memberships.deactivatedAt} is not null`));
    expect(n).toBe(0);
    const [{ active }] = await db
      .select({ active: sql<number>`count(*)::int` })
      .from(memberships)
      .where(and(eq(memberships.userId, stays.id), isNull(memberships.deactivatedAt)));
    expect(active).toBe(1);
  });
});
