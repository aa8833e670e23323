import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { auditEvents, enrolments, groups, memberships, sessions, users } from "~/db/schema";
import { enrolmentDetails } from "~/db/tables/registration";
import { setMembershipActive } from "~/modules/auth/mutations.server";
import { createFeed } from "~/modules/calendar/mutations.server";
import { findFeed } from "~/modules/calendar/queries.server";
import { findSessionForStaff } from "~/modules/attendance/queries.server";
import { searchWalkInCandidates } from "~/modules/attendance/roster/queries.server";
import { listMyGroups } from "~/modules/registration/queries.server";
import { listReferrals, referralFormOptions } from "~/modules/referrals/queries.server";
import { groupFacilitators } from "~/db/schema";
import { referrals, resources } from "~/db/tables/referrals";
import { createOrgScenario, createPerson } from "../../factories/scenario";
import { callRoute } from "../../factories/requests";
import { createRoundAs } from "../../factories/scheduling";
import * as roundPage from "~/routes/rounds.$roundId._index";
import * as roundTable from "~/routes/rounds.$roundId.table";
import * as waitlistPage from "~/routes/groups.$groupId.waitlist";

// Findings of a hostile review of the Security and Privacy promises, each pinned by a test.
describe("standing grants and personal data after the relationship ends", () => {
  it("a deactivated member's calendar feeds answer nothing, and deactivation revokes them", async () => {
    const s = await createOrgScenario();
    const personal = await createFeed(s.participant, { groupId: null });
    const group = await createFeed(s.facilitator, { groupId: s.group.id });
    expect(await findFeed(personal)).not.toBeNull();
    expect(await findFeed(group)).not.toBeNull();
    for (const who of [s.participant, s.facilitator]) {
      const [m] = await db.select().from(memberships).where(eq(memberships.userId, who.id));
      await setMembershipActive(s.admin, { membershipId: m.id, active: false });
    }
    expect(await findFeed(personal)).toBeNull();
    expect(await findFeed(group)).toBeNull();
    // Reactivation does not revive the old links.
    const [m] = await db.select().from(memberships).where(eq(memberships.userId, s.participant.id));
    await setMembershipActive(s.admin, { membershipId: m.id, active: true });
    expect(await findFeed(personal)).toBeNull();
  });

  it("gives the meeting link on My groups only to people who hold a seat", async () => {
    const s = await createOrgScenario();
    await db.update(groups).set({ onlineUrl: "https://meet.example.org/circle-private" }).where(eq(groups.id, s.group.id));
    const waiting = await createPerson(s.org, "participant");
    await db.insert(enrolments).values({ groupId: s.group.id, userId: waiting.id, organizationId: s.org.id, status: "waitlisted" });
    const mine = await listMyGroups(waiting, new Date());
    expect(mine).toHaveLength(1);
    expect(JSON.stringify(mine)).not.toContain("circle-private");
    expect(JSON.stringify(await listMyGroups(s.participant, new Date()))).toContain("circle-private");
  });

  it("walk-in search finds people by name or a whole address, never by part of an address", async () => {
    const s = await createOrgScenario();
    const [session] = await db.select().from(sessions).where(eq(sessions.groupId, s.group.id)).limit(1);
    const staffSession = await findSessionForStaff(db, s.facilitator, session.id);
    const [someone] = await db.select().from(users).where(eq(users.id, s.otherParticipant.id));
    // Part of the address (with its "@", so no name matches it).
    const part = `${someone.email.split("@")[0].slice(-6)}@${someone.email.split("@")[1].slice(0, 4)}`;
    expect(await searchWalkInCandidates(staffSession, part, [])).toEqual([]);
    const whole = await searchWalkInCandidates(staffSession, someone.email.toUpperCase(), []);
    expect(whole.map((c) => c.userId)).toEqual([someone.id]);
    // Even then only a hint of the address comes back.
    expect(whole[0].email).not.toBe(someone.email);
  });

  it("the referral form gives a facilitator no addresses and nobody they do not currently serve", async () => {
    const s = await createOrgScenario();
    const interested = await createPerson(s.org, "participant");
    await db.insert(enrolments).values({ groupId: s.group.id, userId: interested.id, organizationId: s.org.id, status: "interested" });
    const options = await referralFormOptions(s.facilitator);
    const ids = options.participants.map((p) => p.id);
    expect(ids).toContain(s.participant.id);
    expect(ids).not.toContain(interested.id);
    expect(JSON.stringify(options)).not.toContain(s.participant.email);
    // Managers keep the organisation's addresses.
    expect(JSON.stringify(await referralFormOptions(s.manager))).toContain(s.participant.email);
  });
});

describe("referrals after the relationship ends", () => {
  it("a facilitator who wrote a referral no longer reads it (nor exports it) once they no longer lead the person's group", async () => {
    const s = await createOrgScenario();
    const [resource] = await db.insert(resources).values({ organizationId: s.org.id, name: "Harbor Detox" }).returning();
    await db.insert(referrals).values({
      organizationId: s.org.id,
      participantId: s.participant.id,
      resourceId: resource.id,
      groupId: s.group.id,
      needArea: "substance_use",
      reason: "Court-ordered; relapse last week",
      referredOn: "2027-03-01",
      createdBy: s.facilitator.id,
    });
    const seen = async () => (await listReferrals(s.facilitator, { view: "all", today: "2027-03-02" })).map((r) => r.reason);
    expect(await seen()).toEqual(["Court-ordered; relapse last week"]);
    await db.delete(groupFacilitators).where(and(eq(groupFacilitators.groupId, s.group.id), eq(groupFacilitators.userId, s.facilitator.id)));
    expect(await seen()).toEqual([]);
    // The manager keeps the organisation's referrals.
    expect((await listReferrals(s.manager, { view: "all", today: "2027-03-02" })).map((r) => r.reason)).toEqual(["Court-ordered; relapse last week"]);
  });
});

describe("a scheduling round's names", () => {
  it("are recorded against each invitee when staff open the heatmap or its table", async () => {
    const s = await createOrgScenario();
    const roundId = await createRoundAs(s.manager, s.group.id);
    for (const route of [roundPage, roundTable]) {
      const out = await callRoute(route, { path: `/rounds/${roundId}`, params: { roundId }, cookie: s.facilitator.cookie });
      expect(out.status).toBe(200);
    }
    const seen = await db
      .select({ person: auditEvents.subjectUserId })
      .from(auditEvents)
      .where(and(eq(auditEvents.actorUserId, s.facilitator.id), eq(auditEvents.action, "roster.viewed")));
    // Both enrolled participants were invited; each is recorded once for the day.
    expect(seen.map((r) => r.person).sort()).toEqual([s.participant.id, s.otherParticipant.id].sort());
    // A participant opening the round records nothing about others.
    await callRoute(roundPage, { path: `/rounds/${roundId}`, params: { roundId }, cookie: s.participant.cookie });
    const byParticipant = await db.select().from(auditEvents).where(and(eq(auditEvents.actorUserId, s.participant.id), eq(auditEvents.action, "roster.viewed")));
    expect(byParticipant).toHaveLength(0);
  });
});

describe("the waiting list", () => {
  it("shows a facilitator names and order, never the intake's urgency, and managers everything", async () => {
    const s = await createOrgScenario();
    const urgentPerson = await createPerson(s.org, "participant");
    const [enrolment] = await db
      .insert(enrolments)
      .values({ groupId: s.group.id, userId: urgentPerson.id, organizationId: s.org.id, status: "waitlisted" })
      .returning();
    await db.insert(enrolmentDetails).values({ enrolmentId: enrolment.id, organizationId: s.org.id, groupId: s.group.id, urgent: true });
    const page = (cookie: string) => callRoute(waitlistPage, { path: `/groups/${s.group.id}/waitlist`, params: { groupId: s.group.id }, cookie });
    const forFacilitator = (await page(s.facilitator.cookie)).data as { waitlist: { enrolmentId: string; urgent: boolean }[] };
    expect(forFacilitator.waitlist.find((w) => w.enrolmentId === enrolment.id)?.urgent).toBe(false);
    const forManager = (await page(s.manager.cookie)).data as { waitlist: { enrolmentId: string; urgent: boolean }[] };
    expect(forManager.waitlist.find((w) => w.enrolmentId === enrolment.id)?.urgent).toBe(true);
  });
});
