import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { auditEvents, enrolments, memberships } from "~/db/schema";
import { enrolmentOutcomes } from "~/db/tables/completion";
import { setMembershipActive } from "~/modules/auth/mutations.server";
import { recordOutcome, undoOutcome } from "~/modules/completion/mutations.server";
import { civilDate } from "~/modules/completion/outcome";
import { registerForGroup } from "~/modules/registration/mutations.server";
import * as groupCompletion from "~/routes/groups.$groupId.completion";
import { createEmptyGroup, createParticipants, intake, statusOf } from "../../factories/registration";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

// A manager takes back a recorded outcome (a discharge entered by mistake) for someone whose
// membership was deactivated meanwhile. Deactivation gives up open places only; a discharged
// person holds none, so before this fix the undo put them straight back in a seat (until the
// worker job gave it up again), and the seat's "N left" and the roster counted them. Now the undo
// is refused with a clear message and changes nothing, also when both happen at the same moment.

const BASE = "http://test.local";
const OPEN = ["enrolled", "offered", "waitlisted"] as const;
let s: Scenario;
beforeAll(async () => {
  s = await createOrgScenario();
});

const membershipOf = async (userId: string) =>
  (await db.select({ id: memberships.id }).from(memberships).where(and(eq(memberships.userId, userId), eq(memberships.organizationId, s.org.id))))[0].id;

/** A group of two seats where `person` was seated and then discharged; returns the group and the outcome. */
async function discharged(name: string) {
  const [person, other] = await createParticipants(s, 2);
  const group = await createEmptyGroup(s, 2, name);
  for (const p of [person, other]) await registerForGroup(p, group.id, intake(), { baseUrl: BASE });
  const [{ id: enrolmentId }] = await db.select({ id: enrolments.id }).from(enrolments).where(and(eq(enrolments.groupId, group.id), eq(enrolments.userId, person.id)));
  const now = new Date();
  const { outcomeId } = await recordOutcome(
    s.manager,
    group.id,
    { enrolmentId, outcome: "discharged", reason: "withdrew", reasonText: "", transferredToGroupId: "", endedOn: civilDate(now, group.timezone), participantComment: "" },
    { now, baseUrl: BASE },
  );
  expect(await statusOf(group.id, person.id)).toBe("discharged");
  return { group, person, enrolmentId, outcomeId };
}

const undoneAudits = (enrolmentId: string) =>
  db.select({ id: auditEvents.id }).from(auditEvents).where(and(eq(auditEvents.action, "enrolment.outcome_undone"), eq(auditEvents.subjectId, enrolmentId)));

describe("undoing an outcome of someone whose membership was deactivated", () => {
  it("is refused with a clear message and changes nothing (the person is not put back in a seat)", async () => {
    const { group, person, enrolmentId, outcomeId } = await discharged("Undo after deactivation");
    await setMembershipActive(s.manager, { membershipId: await membershipOf(person.id), active: false }, new Date(), BASE);

    const undo = await callRoute(groupCompletion, {
      path: `/groups/${group.id}/completion`,
      params: { groupId: group.id },
      cookie: s.manager.cookie,
      form: { intent: "undo-outcome", outcomeId },
    });
    expect(undo.status).toBe(400);
    expect(JSON.stringify(undo.data)).toContain("membership of this organisation has ended, so they cannot be put back in the group");
    expect(await statusOf(group.id, person.id)).toBe("discharged");
    const [outcome] = await db.select({ undoneAt: enrolmentOutcomes.undoneAt }).from(enrolmentOutcomes).where(eq(enrolmentOutcomes.id, outcomeId));
    expect(outcome.undoneAt).toBeNull();
    expect(await undoneAudits(enrolmentId)).toHaveLength(0);

    // Reactivated, the mistake can be taken back as before.
    await setMembershipActive(s.manager, { membershipId: await membershipOf(person.id), active: true }, new Date(), BASE);
    await undoOutcome(s.manager, group.id, outcomeId, { now: new Date(), baseUrl: BASE });
    expect(await statusOf(group.id, person.id)).toBe("enrolled");
  });

  it("an undo at the same moment as the deactivation never leaves the person a place (8 rounds)", async () => {
    for (let round = 0; round < 8; round++) {
      const { group, person, enrolmentId, outcomeId } = await discharged(`Undo race ${round}`);
      const membershipId = await membershipOf(person.id);
      const now = new Date();
      const [undone, deactivated] = await Promise.allSettled([
        undoOutcome(s.manager, group.id, outcomeId, { now, baseUrl: BASE }),
        setMembershipActive(s.manager, { membershipId, active: false }, now, BASE),
      ]);
      expect(deactivated.status, String((deactivated as PromiseRejectedResult).reason ?? "")).toBe("fulfilled");
      const open = await db
        .select({ id: enrolments.id })
        .from(enrolments)
        .where(and(eq(enrolments.groupId, group.id), eq(enrolments.userId, person.id), inArray(enrolments.status, [...OPEN])));
      expect(open, `round ${round}: a place held by the deactivated person`).toEqual([]);
      if (undone.status === "rejected") {
        expect(String(undone.reason)).toMatch(/membership of this organisation has ended/);
        expect(await statusOf(group.id, person.id)).toBe("discharged");
        expect(await undoneAudits(enrolmentId)).toHaveLength(0);
      } else {
        // The undo went first: the deactivation then gave the seat up, as it does every open place.
        expect(await statusOf(group.id, person.id)).toBe("withdrawn");
      }
    }
  }, 120_000);
});
