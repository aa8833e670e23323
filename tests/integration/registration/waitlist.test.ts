import { beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq, like, sql } from "drizzle-orm";
import { db } from "~/db/client.server";
import { auditEvents, emailOutbox, enrolments } from "~/db/schema";
import { enrolmentDetails, intakes } from "~/db/tables/registration";
import {
  acceptOffer,
  changeCapacity,
  declineOffer,
  processWaitlists,
  registerForGroup,
  removeFromGroup,
  updateWaitlistSettings,
  withdrawEnrolment,
} from "~/modules/registration/mutations.server";
import { getGroupWaitlist, listMyGroups } from "~/modules/registration/queries.server";
import { UserInputError } from "~/web/http.server";
import { createEmptyGroup, createParticipants, intake, statusOf } from "../../factories/registration";
import { createOrgScenario, type Scenario } from "../../factories/scenario";
import type { CurrentUser } from "~/modules/auth/policy";

const BASE = "http://test.local";
let s: Scenario;

beforeAll(async () => {
  s = await createOrgScenario();
});

async function enrolmentIdOf(groupId: string, userId: string) {
  const [row] = await db.select({ id: enrolments.id }).from(enrolments).where(and(eq(enrolments.groupId, groupId), eq(enrolments.userId, userId)));
  return row.id;
}

describe("50 simultaneous registrations for 10 seats", () => {
  it("ends with exactly 10 enrolled and 40 waitlisted in the right order, every round (20 rounds)", async () => {
    const group = await createEmptyGroup(s, 10, "Race");
    const people = await createParticipants(s, 50);
    const urgentIds = new Set(people.filter((_, i) => i % 7 === 3).map((p) => p.id));
    for (let round = 0; round < 20; round++) {
      await db.delete(enrolments).where(eq(enrolments.groupId, group.id));
      // Shuffle the start order so each round races differently.
      const order = [...people].sort(() => Math.random() - 0.5);
      const results = await Promise.all(
        order.map((p) => registerForGroup(p, group.id, intake({ urgent: urgentIds.has(p.id) }), { baseUrl: BASE })),
      );
      const rows = await db
        .select({ userId: enrolments.userId, status: enrolments.status, urgent: enrolmentDetails.urgent, queuedAt: enrolmentDetails.queuedAt, seq: enrolmentDetails.queueSeq })
        .from(enrolments)
        .innerJoin(enrolmentDetails, eq(enrolmentDetails.enrolmentId, enrolments.id))
        .where(eq(enrolments.groupId, group.id))
        .orderBy(asc(enrolmentDetails.queueSeq));
      expect(rows).toHaveLength(50);
      expect(rows.filter((r) => r.status === "enrolled")).toHaveLength(10);
      expect(rows.filter((r) => r.status === "waitlisted")).toHaveLength(40);
      // The fairness clock follows the lock order.
      for (let i = 1; i < rows.length; i++) expect(rows[i].queuedAt.getTime()).toBeGreaterThanOrEqual(rows[i - 1].queuedAt.getTime());
      // Seats were free for the first ten to take the lock, whatever their urgency.
      expect(rows.slice(0, 10).every((r) => r.status === "enrolled")).toBe(true);
      // The waitlist: urgent first, then in order of registration, positions 1..40.
      const waiting = rows.slice(10);
      const expected = [...waiting.filter((r) => r.urgent), ...waiting.filter((r) => !r.urgent)].map((r) => r.userId);
      const view = await getGroupWaitlist(s.manager, group.id, new Date());
      expect(view.waitlist.map((w) => w.userId)).toEqual(expected);
      // Each caller was told the place they had when they joined (urgent people later jump ahead).
      const told = results.filter((r) => r.status === "waitlisted");
      expect(told).toHaveLength(40);
      expect(told.every((r) => r.position !== null && r.position >= 1 && r.position <= 40)).toBe(true);
      // Later urgent arrivals queue behind earlier urgent ones, so an urgent person's place never
      // changes; a non-urgent person can only move back.
      const finalPlace = new Map(view.waitlist.map((w, i) => [w.enrolmentId, i + 1]));
      for (const r of told) {
        const urgent = urgentIds.has(view.waitlist[finalPlace.get(r.enrolmentId)! - 1].userId);
        if (urgent) expect(r.position).toBe(finalPlace.get(r.enrolmentId));
        else expect(r.position).toBeLessThanOrEqual(finalPlace.get(r.enrolmentId)!);
      }
    }
  }, 180_000); // ~8 s on an idle 2-core machine; generous for a loaded CI runner.
});

describe("a double-submitted form", () => {
  it("registers once, with one intake and one confirmation email", async () => {
    const group = await createEmptyGroup(s, 5, "Double");
    const [person] = await createParticipants(s, 1);
    const twice = await Promise.all([
      registerForGroup(person, group.id, intake({ needAreas: ["housing"] }), { baseUrl: BASE }),
      registerForGroup(person, group.id, intake({ needAreas: ["housing"] }), { baseUrl: BASE }),
    ]);
    expect(twice.map((r) => r.enrolmentId)[0]).toBe(twice[1].enrolmentId);
    expect(twice.filter((r) => r.duplicate)).toHaveLength(1);
    expect(await db.select().from(enrolments).where(eq(enrolments.groupId, group.id))).toHaveLength(1);
    expect(await db.select().from(intakes).where(eq(intakes.groupId, group.id))).toHaveLength(1);
    const mail = await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, person.email));
    expect(mail).toHaveLength(1);
    // A participant's subject (shown on a locked phone) names no group unless they chose named entries; the body does.
    expect(mail[0].subject).toBe("Your registration: you have a seat");
    expect(mail[0].textBody).toContain("You have a seat in Double.");
  });
});

describe("promotion when a seat frees", () => {
  async function fullGroup(name: string) {
    const group = await createEmptyGroup(s, 2, name);
    const [a, b, c, d] = await createParticipants(s, 4);
    for (const [p, urgent] of [[a, false], [b, false], [c, false], [d, true]] as [CurrentUser, boolean][]) {
      await registerForGroup(p, group.id, intake({ urgent }), { baseUrl: BASE });
    }
    return { group, a, b, c, d };
  }

  it("promotes the urgent waiting person in the same transaction as the withdrawal and emails them", async () => {
    const { group, a, c, d } = await fullGroup("Withdrawal");
    expect(await statusOf(group.id, c.id)).toBe("waitlisted");
    expect((await listMyGroups(d, new Date()))[0]).toMatchObject({ status: "waitlisted", position: 1 });
    expect((await listMyGroups(c, new Date()))[0]).toMatchObject({ status: "waitlisted", position: 2 });
    const promoted = await withdrawEnrolment(a, await enrolmentIdOf(group.id, a.id), { baseUrl: BASE });
    expect(promoted).toEqual([{ enrolmentId: await enrolmentIdOf(group.id, d.id), to: "enrolled" }]);
    expect(await statusOf(group.id, a.id)).toBe("withdrawn");
    expect(await statusOf(group.id, d.id)).toBe("enrolled");
    expect(await statusOf(group.id, c.id)).toBe("waitlisted");
    expect((await listMyGroups(c, new Date()))[0]).toMatchObject({ position: 1 });
    const mail = await db.select({ subject: emailOutbox.subject }).from(emailOutbox).where(eq(emailOutbox.toAddress, d.email));
    expect(mail.map((m) => m.subject)).toContain("A seat freed up: you're in");
    expect(mail.filter((m) => m.subject.includes("Withdrawal"))).toEqual([]);
    const audit = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "enrolment.promote"), eq(auditEvents.subjectId, await enrolmentIdOf(group.id, d.id))));
    expect(audit).toHaveLength(1);
  });

  it("promotes when staff remove someone or raise the capacity", async () => {
    const { group, a, b, c, d } = await fullGroup("Removal");
    await removeFromGroup(s.manager, group.id, { enrolmentId: await enrolmentIdOf(group.id, b.id), reason: "Moved away" }, { baseUrl: BASE });
    expect(await statusOf(group.id, d.id)).toBe("enrolled");
    await changeCapacity(s.manager, group.id, 3, { baseUrl: BASE });
    expect(await statusOf(group.id, c.id)).toBe("enrolled");
    await expect(changeCapacity(s.manager, group.id, 2, { baseUrl: BASE })).rejects.toBeInstanceOf(UserInputError);
    expect(await statusOf(group.id, a.id)).toBe("enrolled");
  });

  it("a facilitator may not remove people or change seats", async () => {
    const { group, a } = await fullGroup("Guarded");
    await expect(removeFromGroup(s.facilitator, group.id, { enrolmentId: await enrolmentIdOf(group.id, a.id), reason: "x" }, { baseUrl: BASE })).rejects.toMatchObject({ status: 403 });
    await expect(changeCapacity(s.facilitator, group.id, 9, { baseUrl: BASE })).rejects.toMatchObject({ status: 403 });
  });
});

describe("offers with a deadline", () => {
  it("passes a lapsed offer to the next person, and a declined one too", async () => {
    const group = await createEmptyGroup(s, 1, "Offers");
    const [holder, first, second, third] = await createParticipants(s, 4);
    for (const p of [holder, first, second, third]) await registerForGroup(p, group.id, intake(), { baseUrl: BASE });
    await updateWaitlistSettings(s.manager, group.id, { mode: "offer", offerHours: 48, shareNamesWithGroup: false }, { baseUrl: BASE });
    const t0 = new Date("2027-05-01T12:00:00Z");
    await withdrawEnrolment(holder, await enrolmentIdOf(group.id, holder.id), { baseUrl: BASE, now: t0 });
    expect(await statusOf(group.id, first.id)).toBe("offered");
    const [offer] = await db.select().from(enrolmentDetails).where(eq(enrolmentDetails.enrolmentId, await enrolmentIdOf(group.id, first.id)));
    expect(offer.offerExpiresAt?.toISOString()).toBe("2027-05-03T12:00:00.000Z");

    // Before the deadline the job changes nothing.
    expect(await processWaitlists(new Date("2027-05-03T11:59:59Z"), BASE)).toEqual({ lapsed: 0, promoted: 0 });
    expect(await statusOf(group.id, first.id)).toBe("offered");
    // At the deadline the offer lapses and passes on, once, even with two runners at once.
    const late = new Date("2027-05-03T12:00:00Z");
    const runs = await Promise.all([processWaitlists(late, BASE), processWaitlists(late, BASE)]);
    expect(runs.reduce((n, r) => n + r.lapsed, 0)).toBe(1);
    expect(await statusOf(group.id, first.id)).toBe("declined");
    expect(await statusOf(group.id, second.id)).toBe("offered");
    const lapsedMail = await db.select().from(emailOutbox).where(and(eq(emailOutbox.toAddress, first.email), like(emailOutbox.subject, "%passed on%")));
    expect(lapsedMail).toHaveLength(1);
    await expect(acceptOffer(first, await enrolmentIdOf(group.id, first.id), { now: late })).rejects.toBeInstanceOf(UserInputError);

    // The second person declines: the seat passes to the third, who accepts in time.
    await declineOffer(second, await enrolmentIdOf(group.id, second.id), { baseUrl: BASE, now: late });
    expect(await statusOf(group.id, third.id)).toBe("offered");
    await expect(acceptOffer(third, await enrolmentIdOf(group.id, third.id), { now: new Date("2027-05-05T11:00:00Z") })).resolves.toBeUndefined();
    expect(await statusOf(group.id, third.id)).toBe("enrolled");
    const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(enrolments).where(and(eq(enrolments.groupId, group.id), eq(enrolments.status, "enrolled")));
    expect(n).toBe(1);
  });

  it("an offer cannot be accepted after its deadline even before the job runs", async () => {
    const group = await createEmptyGroup(s, 1, "Strict");
    const [holder, next] = await createParticipants(s, 2);
    await registerForGroup(holder, group.id, intake(), { baseUrl: BASE });
    await registerForGroup(next, group.id, intake(), { baseUrl: BASE });
    await updateWaitlistSettings(s.manager, group.id, { mode: "offer", offerHours: 2, shareNamesWithGroup: false }, { baseUrl: BASE });
    const t0 = new Date("2027-06-01T08:00:00Z");
    await withdrawEnrolment(holder, await enrolmentIdOf(group.id, holder.id), { baseUrl: BASE, now: t0 });
    await expect(acceptOffer(next, await enrolmentIdOf(group.id, next.id), { now: new Date("2027-06-01T10:00:00Z") })).rejects.toThrow(/lapsed/);
    await acceptOffer(next, await enrolmentIdOf(group.id, next.id), { now: new Date("2027-06-01T09:59:00Z") });
    expect(await statusOf(group.id, next.id)).toBe("enrolled");
  });
});
