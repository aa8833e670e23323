import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { enrolments, groups } from "~/db/schema";
import { enrolmentOutcomes } from "~/db/tables/completion";
import { waitlistSettings } from "~/db/tables/registration";
import { recordOutcome, undoOutcome } from "~/modules/completion/mutations.server";
import { civilDate } from "~/modules/completion/outcome";
import { getGroupWaitlist, getRegistrationContext } from "~/modules/registration/queries.server";
import * as groupCompletion from "~/routes/groups.$groupId.completion";
import { callRoute } from "../../factories/requests";
import { registerForGroup } from "~/modules/registration/mutations.server";
import type { CurrentUser } from "~/modules/auth/policy";
import { createEmptyGroup, createParticipants, intake, statusOf } from "../../factories/registration";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

// Taking back a recorded outcome puts the person back in a seat only when one is free for them
// by the same count every other seat reader uses (groupSeats): a seat nobody holds AND nobody
// waiting is due; otherwise on the waiting list. Before, the undo counted held seats only, so a
// seat freed by a lapsed offer (the waiting-list job not yet run) went to the person undone instead
// of the next person in the queue, while the catalogue said "Full: waitlist (1 waiting)" and a
// newcomer would have queued; a seat left free beside the waiting list stayed free until the job
// ran; and with no seat the undo was refused with "register them again", which registering
// refuses for an enrolment that ended with an outcome (a dead end).

const BASE = "http://test.local";
const HOUR = 3_600_000;
let s: Scenario;
beforeAll(async () => {
  s = await createOrgScenario();
});

const enrolmentOf = async (groupId: string, userId: string) =>
  (await db.select({ id: enrolments.id }).from(enrolments).where(and(eq(enrolments.groupId, groupId), eq(enrolments.userId, userId))))[0].id;

async function discharge(groupId: string, person: CurrentUser, now: Date) {
  const enrolmentId = await enrolmentOf(groupId, person.id);
  const { outcomeId } = await recordOutcome(
    s.manager,
    groupId,
    { enrolmentId, outcome: "discharged", reason: "withdrew", reasonText: "", transferredToGroupId: "", endedOn: civilDate(now, "America/New_York"), participantComment: "" },
    { now, baseUrl: BASE },
  );
  return outcomeId;
}

describe("undoing an outcome takes a seat only when the queue has none due", () => {
  it("a seat freed by a lapsed offer goes to the next person waiting; the person undone goes on the waiting list behind them", async () => {
    const [a, c, d] = await createParticipants(s, 3);
    const group = await createEmptyGroup(s, 1, "Undo after a lapsed offer");
    await db.insert(waitlistSettings).values({ groupId: group.id, organizationId: s.org.id, mode: "offer", offerHours: 48 });
    for (const p of [a, c, d]) await registerForGroup(p, group.id, intake(), { baseUrl: BASE });
    const now = new Date();
    const outcomeId = await discharge(group.id, a, now);
    expect(await statusOf(group.id, c.id)).toBe("offered");
    // C's offer has lapsed; the job has not run yet: the seat is free, D is next.
    const later = new Date(now.getTime() + 49 * HOUR);
    expect((await getRegistrationContext(s.participant, group.id, later)).seats.label).toBe("Full: waitlist (1 waiting)");

    const undone = await undoOutcome(s.manager, group.id, outcomeId, { now: later, baseUrl: BASE });
    expect(undone.status).toBe("waitlisted");
    expect(await statusOf(group.id, a.id)).toBe("waitlisted");
    expect(await statusOf(group.id, d.id)).toBe("offered");
    const [outcome] = await db.select({ undoneAt: enrolmentOutcomes.undoneAt }).from(enrolmentOutcomes).where(eq(enrolmentOutcomes.id, outcomeId));
    expect(outcome.undoneAt).not.toBeNull();
    const page = await getGroupWaitlist(s.manager, group.id, later);
    expect(page.waitlist.map((w) => w.userId)).toEqual([a.id]);
  });

  it("a full group: the manager reads that the person is back on the waiting list (registering again is refused after an outcome, so this is the way back)", async () => {
    const [a, b, w] = await createParticipants(s, 3);
    const group = await createEmptyGroup(s, 1, "Undo into a full group");
    for (const p of [a, b, w]) await registerForGroup(p, group.id, intake(), { baseUrl: BASE });
    const outcomeId = await discharge(group.id, a, new Date());
    expect(await statusOf(group.id, b.id)).toBe("enrolled");
    const out = await callRoute(groupCompletion, {
      path: `/groups/${group.id}/completion`,
      params: { groupId: group.id },
      cookie: s.manager.cookie,
      form: { intent: "undo-outcome", outcomeId },
    });
    expect(out.status).toBe(302);
    expect(out.location).toContain("done=undo-outcome-waitlisted");
    expect(await statusOf(group.id, a.id)).toBe("waitlisted");
    // Behind W, who was already waiting.
    const page = await getGroupWaitlist(s.manager, group.id, new Date());
    expect(page.waitlist.map((x) => x.userId)).toEqual([w.id, a.id]);
  });

  it("with seats enough for both, the person is seated again and a seat still free goes to the next person waiting at once", async () => {
    const [a, x, y] = await createParticipants(s, 3);
    const group = await createEmptyGroup(s, 1, "Undo with seats raised");
    for (const p of [a, x, y]) await registerForGroup(p, group.id, intake(), { baseUrl: BASE });
    const now = new Date();
    const outcomeId = await discharge(group.id, a, now);
    expect(await statusOf(group.id, x.id)).toBe("enrolled");
    // Seats raised on the group form (which leaves filling them to the waiting-list job): 3 seats, X seated, Y waiting.
    await db.update(groups).set({ capacity: 3 }).where(eq(groups.id, group.id));

    await undoOutcome(s.manager, group.id, outcomeId, { now, baseUrl: BASE });
    expect(await statusOf(group.id, a.id)).toBe("enrolled");
    expect(await statusOf(group.id, y.id)).toBe("enrolled");
    expect((await getRegistrationContext(s.participant, group.id, now)).seats.label).toBe("Full: waitlist open");
  });
});
