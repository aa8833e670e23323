import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { enrolments, groupFacilitators, groups, memberships } from "~/db/schema";
import { enrolmentDetails, waitlistSettings } from "~/db/tables/registration";
import { setMembershipActive } from "~/modules/auth/mutations.server";
import { acceptOffer, registerForGroup, withdrawEnrolment } from "~/modules/registration/mutations.server";
import { createEmptyGroup, createParticipants, intake, statusOf } from "../../factories/registration";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

// A person is deactivated at the very moment they accept a seat offer, or register (themselves or
// by a facilitator), in a group and in another group where they already hold a place. Whatever the
// interleaving: the deactivation succeeds, the person holds no place anywhere afterwards, no group
// is overfull, and no seat is free beside a waiting list.

const BASE = "http://test.local";
const OPEN = ["enrolled", "offered", "waitlisted"] as const;
let s: Scenario;
beforeAll(async () => {
  s = await createOrgScenario();
});

const membershipOf = async (userId: string) =>
  (await db.select({ id: memberships.id }).from(memberships).where(and(eq(memberships.userId, userId), eq(memberships.organizationId, s.org.id))))[0].id;

async function expectSound(groupIds: string[], leaverId: string, now: Date) {
  const open = await db
    .select({ groupId: enrolments.groupId, userId: enrolments.userId, status: enrolments.status, expires: enrolmentDetails.offerExpiresAt })
    .from(enrolments)
    .leftJoin(enrolmentDetails, eq(enrolmentDetails.enrolmentId, enrolments.id))
    .where(and(inArray(enrolments.groupId, groupIds), inArray(enrolments.status, [...OPEN])));
  expect(open.filter((r) => r.userId === leaverId), "a place held by the deactivated person").toEqual([]);
  for (const groupId of groupIds) {
    const [{ capacity }] = await db.select({ capacity: groups.capacity }).from(groups).where(eq(groups.id, groupId));
    const mine = open.filter((r) => r.groupId === groupId);
    const taken = mine.filter((r) => r.status === "enrolled" || (r.status === "offered" && (!r.expires || r.expires > now))).length;
    expect(taken, "seats taken").toBeLessThanOrEqual(capacity);
    if (mine.some((r) => r.status === "waitlisted")) expect(taken, "a free seat beside a waiting list").toBe(capacity);
  }
}

describe("deactivation at the same moment as the person's own seat changes", () => {
  it("accepting an offer while being deactivated never leaves them a seat (8 rounds)", async () => {
    for (let round = 0; round < 8; round++) {
      const [leaver, holder, behind] = await createParticipants(s, 3);
      const g = await createEmptyGroup(s, 1, `Offer race ${round}`);
      await db.insert(waitlistSettings).values({ groupId: g.id, organizationId: s.org.id, mode: "offer", offerHours: 48 });
      for (const p of [holder, leaver, behind]) await registerForGroup(p, g.id, intake(), { baseUrl: BASE });
      // Another group where the leaver holds a seat, so the deactivation takes two group locks.
      const elsewhere = await createEmptyGroup(s, 2, `Elsewhere ${round}`);
      await registerForGroup(leaver, elsewhere.id, intake(), { baseUrl: BASE });
      const [{ id: holderEnrolment }] = await db.select({ id: enrolments.id }).from(enrolments).where(and(eq(enrolments.groupId, g.id), eq(enrolments.userId, holder.id)));
      await withdrawEnrolment(holder, holderEnrolment, { baseUrl: BASE });
      const [{ id: offer }] = await db.select({ id: enrolments.id }).from(enrolments).where(and(eq(enrolments.groupId, g.id), eq(enrolments.userId, leaver.id)));
      expect(await statusOf(g.id, leaver.id)).toBe("offered");
      const membershipId = await membershipOf(leaver.id);

      const now = new Date();
      const [accepted, deactivated] = await Promise.allSettled([
        acceptOffer(leaver, offer, { now }),
        setMembershipActive(s.manager, { membershipId, active: false }, now, BASE),
      ]);
      expect(deactivated.status, String((deactivated as PromiseRejectedResult).reason ?? "")).toBe("fulfilled");
      if (accepted.status === "rejected") expect(String(accepted.reason)).toMatch(/no open offer/);
      await expectSound([g.id, elsewhere.id], leaver.id, now);
      // The seat went on to the person behind (an offer), whichever came first.
      expect(await statusOf(g.id, behind.id)).toBe("offered");
    }
  }, 120_000);

  it("registering (themselves or by a facilitator) while being deactivated never leaves them a place (8 rounds)", async () => {
    for (let round = 0; round < 8; round++) {
      const [leaver, seated, newcomer] = await createParticipants(s, 3);
      const g = await createEmptyGroup(s, 2, `Register race ${round}`);
      await registerForGroup(seated, g.id, intake(), { baseUrl: BASE });
      const elsewhere = await createEmptyGroup(s, 1, `Held ${round}`);
      await registerForGroup(leaver, elsewhere.id, intake(), { baseUrl: BASE });
      const membershipId = await membershipOf(leaver.id);
      const byStaff = round % 2 === 1;
      if (byStaff) {
        await db.insert(groupFacilitators).values({ groupId: g.id, userId: s.facilitator.id, organizationId: s.org.id });
      }

      const now = new Date();
      const [registered, deactivated] = await Promise.allSettled([
        byStaff
          ? registerForGroup(s.facilitator, g.id, intake({ participantId: leaver.id }), { baseUrl: BASE, now })
          : registerForGroup(leaver, g.id, intake(), { baseUrl: BASE, now }),
        setMembershipActive(s.manager, { membershipId, active: false }, now, BASE),
        registerForGroup(newcomer, g.id, intake(), { baseUrl: BASE, now }),
      ]);
      expect(deactivated.status, String((deactivated as PromiseRejectedResult).reason ?? "")).toBe("fulfilled");
      if (registered.status === "rejected") {
        const reason = registered.reason as { status?: number; message?: string };
        expect(byStaff ? reason.message : reason.status).toEqual(byStaff ? "Choose a participant of your organisation." : 403);
      }
      await expectSound([g.id, elsewhere.id], leaver.id, now);
      expect(await statusOf(g.id, newcomer.id)).toBe("enrolled");
    }
  }, 120_000);
});
