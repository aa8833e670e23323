import { and, asc, eq, inArray, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { auditEvents, emailOutbox, enrolments, memberships } from "~/db/schema";
import { seriesAssignments } from "~/db/tables/scheduling";
import { removeFromGroup, withdrawEnrolment } from "~/modules/registration/mutations.server";
import { setMembershipActive } from "~/modules/auth/mutations.server";
import { publishRound } from "~/modules/scheduling/mutations.server";
import { roundPageData } from "~/modules/scheduling/queries.server";
import { createEmptyGroup } from "../../factories/registration";
import { addParticipant, createRoundAs, ROUND_FORM, setAvailability, w } from "../../factories/scheduling";
import { createOrgScenario, FIXED_SERIES_START, type Person, type Scenario } from "../../factories/scenario";

// Publishing a scheduling round enrols each cohort's members. Before, it enrolled everyone the
// round had invited whatever had happened since: a person who withdrew (or whom staff removed)
// after answering was enrolled again, assigned to a series and sent its calendar invitation — also
// when the withdrawal was committed while the publication was running.

const BASE = "http://test.local";
let s: Scenario;

beforeAll(async () => {
  s = await createOrgScenario({ seriesStart: FIXED_SERIES_START });
});

async function roundWith(names: string[]) {
  const group = await createEmptyGroup(s, 10, `Round ${Math.random().toString(36).slice(2, 7)}`);
  const people: Person[] = [];
  for (const name of names) {
    const p = await addParticipant(s, { name, timezone: "America/New_York", groupId: group.id });
    await setAvailability(p, [w("thu", "17:00", "21:00")]);
    people.push(p);
  }
  // One cohort of up to 4 on Thursday evenings (1 March to 4 April 2027).
  const roundId = await createRoundAs(s.manager, group.id, { ...ROUND_FORM, sections: "1" });
  return { group, people, roundId };
}

const statusOf = async (groupId: string, userId: string) =>
  (await db.select({ status: enrolments.status }).from(enrolments).where(and(eq(enrolments.groupId, groupId), eq(enrolments.userId, userId))))[0].status;

const enrolmentOf = async (groupId: string, userId: string) =>
  (await db.select({ id: enrolments.id }).from(enrolments).where(and(eq(enrolments.groupId, groupId), eq(enrolments.userId, userId))))[0].id;

async function assignedTo(groupId: string, userIds: string[]) {
  const rows = await db.select({ userId: seriesAssignments.userId }).from(seriesAssignments).where(inArray(seriesAssignments.userId, userIds));
  return rows.map((r) => r.userId);
}

async function calendarInvitations(to: string) {
  const rows = await db.select({ attachments: emailOutbox.attachments }).from(emailOutbox).where(eq(emailOutbox.toAddress, to));
  return rows.filter((r) => r.attachments.some((a) => a.method === "REQUEST")).length;
}

describe("publishing a round enrols only people who are still in the group", () => {
  it("leaves out someone who withdrew and someone staff removed after they answered", async () => {
    const { group, people, roundId } = await roundWith(["Ann", "Bo", "Cy", "Di"]);
    const [ann, bo, cy, di] = people;
    await withdrawEnrolment(cy, await enrolmentOf(group.id, cy.id), { baseUrl: BASE });
    await removeFromGroup(s.manager, group.id, { enrolmentId: await enrolmentOf(group.id, di.id), reason: "Moved away" }, { baseUrl: BASE });

    const done = await publishRound(s.manager, roundId, { baseUrl: BASE, now: new Date() });
    expect(done.series).toHaveLength(1);
    expect(done.series[0].participants).toBe(2);
    expect(await statusOf(group.id, cy.id)).toBe("withdrawn");
    expect(await statusOf(group.id, di.id)).toBe("removed");
    expect((await assignedTo(group.id, [ann.id, bo.id, cy.id, di.id])).sort()).toEqual([ann.id, bo.id].sort());
    expect(await calendarInvitations(cy.email)).toBe(0);
    expect(await calendarInvitations(di.email)).toBe(0);
    expect(await calendarInvitations(ann.email)).toBe(1);
  });

  it("a withdrawal at the same moment as the publication is never undone by it (10 rounds)", async () => {
    for (let round = 0; round < 10; round++) {
      const { group, people, roundId } = await roundWith(["Ed", "Flo", "Gus"]);
      const leaver = people[round % 3];
      const enrolmentId = await enrolmentOf(group.id, leaver.id);
      const [, withdrawal] = await Promise.allSettled([
        publishRound(s.manager, roundId, { baseUrl: BASE, now: new Date() }),
        withdrawEnrolment(leaver, enrolmentId, { baseUrl: BASE }),
      ]);
      expect(withdrawal.status).toBe("fulfilled");
      // Whichever went first, the person who withdrew stays withdrawn.
      expect(await statusOf(group.id, leaver.id)).toBe("withdrawn");
      const invites = await db.select({ id: emailOutbox.id }).from(emailOutbox).where(and(eq(emailOutbox.toAddress, leaver.email), like(emailOutbox.subject, "%")));
      expect(invites.length).toBeGreaterThan(0); // the round's invitation
      // Which took the group's lock first: both write their audit record while holding it, so
      // the records' ids give the order.
      const [first] = await db
        .select({ action: auditEvents.action })
        .from(auditEvents)
        .where(and(inArray(auditEvents.action, ["enrolment.withdraw", "scheduling_round.publish"]), inArray(auditEvents.subjectId, [enrolmentId, roundId])))
        .orderBy(asc(auditEvents.id))
        .limit(1);
      if (first?.action === "enrolment.withdraw") {
        // Withdrawn before the cohorts were formed: in no cohort, no calendar invitation.
        expect(await assignedTo(group.id, [leaver.id])).toEqual([]);
        expect(await calendarInvitations(leaver.email)).toBe(0);
      } else {
        // Published first: they were placed in a cohort and invited, then withdrew — and the
        // withdrawal stands (the old code's parallel publish set them back to 'enrolled').
        expect(first?.action).toBe("scheduling_round.publish");
        expect(await assignedTo(group.id, [leaver.id])).toEqual([leaver.id]);
      }
    }
  }, 120_000);

  it("leaves out an interested invitee whose membership was deactivated (deactivation gives up places, not interest)", async () => {
    const group = await createEmptyGroup(s, 10, `Round ${Math.random().toString(36).slice(2, 7)}`);
    const people: Person[] = [];
    for (const name of ["Hal", "Ivy", "Jo"]) {
      const p = await addParticipant(s, { name, timezone: "America/New_York", groupId: group.id, status: "interested" });
      await setAvailability(p, [w("thu", "17:00", "21:00")]);
      people.push(p);
    }
    const roundId = await createRoundAs(s.manager, group.id, { ...ROUND_FORM, sections: "1" });
    const [hal, ivy, jo] = people;
    const [membership] = await db.select({ id: memberships.id }).from(memberships).where(and(eq(memberships.userId, jo.id), eq(memberships.organizationId, s.org.id)));
    await setMembershipActive(s.manager, { membershipId: membership.id, active: false }, new Date(), BASE);

    const page = await roundPageData(s.manager, roundId, new Date());
    expect(page.round.current).toBe(2);
    expect(page.staff?.plan.flatMap((c) => c.participants.map((p) => p.id)).sort()).toEqual([hal.id, ivy.id].sort());
    const done = await publishRound(s.manager, roundId, { baseUrl: BASE, now: new Date() });
    expect(done.series[0].participants).toBe(2);
    expect(await statusOf(group.id, jo.id)).toBe("interested");
    expect((await assignedTo(group.id, [hal.id, ivy.id, jo.id])).sort()).toEqual([hal.id, ivy.id].sort());
    expect(await calendarInvitations(jo.email)).toBe(0);
  });
});
