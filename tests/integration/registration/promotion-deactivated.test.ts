import { and, eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { emailOutbox, enrolments, memberships } from "~/db/schema";
import { waitlistSettings } from "~/db/tables/registration";
import { processWaitlists, registerForGroup, withdrawEnrolment, withdrawPlacesOfDeactivatedMembers } from "~/modules/registration/mutations.server";
import { createEmptyGroup, createParticipants, intake, statusOf } from "../../factories/registration";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

// A freed seat never goes to someone whose membership has ended. Deactivating gives up the
// person's waiting place at once; a place left from before that (given up by the worker job
// registration-deactivated-places, which runs after the waiting-list job) or one whose
// deactivation is committing at that moment is passed over: before, the first in line was seated
// or offered the seat and emailed 'A seat is yours' although they could no longer sign in, and
// the person behind them waited for the next worker run.

const BASE = "http://test.local";
let s: Scenario;
beforeAll(async () => {
  s = await createOrgScenario();
});

const deactivateWithoutGivingUp = (userId: string) =>
  db.update(memberships).set({ deactivatedAt: new Date() }).where(and(eq(memberships.userId, userId), eq(memberships.organizationId, s.org.id)));
const enrolmentOf = async (groupId: string, userId: string) =>
  (await db.select({ id: enrolments.id }).from(enrolments).where(and(eq(enrolments.groupId, groupId), eq(enrolments.userId, userId))))[0].id;
const seatMails = (groupId: string, userId: string) =>
  enrolmentOf(groupId, userId).then((id) => db.select({ id: emailOutbox.id }).from(emailOutbox).where(like(emailOutbox.dedupeKey, `seat:${id}:%`)));

describe("promotion from the waiting list passes over a deactivated member", () => {
  it("a freed seat goes to the next active person in line (automatic mode)", async () => {
    const [holder, leaver, next] = await createParticipants(s, 3);
    const group = await createEmptyGroup(s, 1, "Pass over, automatic");
    for (const p of [holder, leaver, next]) await registerForGroup(p, group.id, intake(), { baseUrl: BASE });
    await deactivateWithoutGivingUp(leaver.id);
    await withdrawEnrolment(holder, await enrolmentOf(group.id, holder.id), { baseUrl: BASE });
    expect(await statusOf(group.id, leaver.id)).toBe("waitlisted");
    expect(await seatMails(group.id, leaver.id)).toHaveLength(0);
    expect(await statusOf(group.id, next.id)).toBe("enrolled");
    // The worker job then gives up the leftover place; nobody else is moved.
    await withdrawPlacesOfDeactivatedMembers(new Date(), BASE);
    expect(await statusOf(group.id, leaver.id)).toBe("withdrawn");
    expect(await statusOf(group.id, next.id)).toBe("enrolled");
  });

  it("a lapsed offer's seat is offered to the next active person, not to a deactivated one (the waiting-list job)", async () => {
    const [holder, first, leaver, last] = await createParticipants(s, 4);
    const group = await createEmptyGroup(s, 1, "Pass over, offers");
    await db.insert(waitlistSettings).values({ groupId: group.id, organizationId: s.org.id, mode: "offer", offerHours: 1 });
    for (const p of [holder, first, leaver, last]) await registerForGroup(p, group.id, intake(), { baseUrl: BASE });
    const now = new Date();
    await withdrawEnrolment(holder, await enrolmentOf(group.id, holder.id), { baseUrl: BASE, now });
    expect(await statusOf(group.id, first.id)).toBe("offered");
    await deactivateWithoutGivingUp(leaver.id);
    await processWaitlists(new Date(now.getTime() + 2 * 3_600_000), BASE);
    expect(await statusOf(group.id, first.id)).toBe("declined");
    expect(await statusOf(group.id, leaver.id)).toBe("waitlisted");
    expect(await seatMails(group.id, leaver.id)).toHaveLength(0);
    expect(await statusOf(group.id, last.id)).toBe("offered");
  });
});
