import { and, eq, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { emailOutbox, memberships } from "~/db/schema";
import { setMembershipActive } from "~/modules/auth/mutations.server";
import { flagMissingAttendance } from "~/modules/attendance/jobs.server";
import { createSessionAt, minutes } from "../../factories/attendance";
import { createOrgScenario, createPerson } from "../../factories/scenario";

// Deactivation leaves a facilitator's group assignments as they are (a manager reassigns the
// group), but the attendance emails (names, who was absent) no longer go to a deactivated
// facilitator or manager; a group whose only facilitator was deactivated alerts the managers.

const deactivate = async (orgId: string, userId: string, admin: Parameters<typeof setMembershipActive>[0]) => {
  const [m] = await db.select({ id: memberships.id }).from(memberships).where(and(eq(memberships.userId, userId), eq(memberships.organizationId, orgId)));
  await setMembershipActive(admin, { membershipId: m.id, active: false }, new Date(), "http://test.local");
};

describe("attendance emails after staff are deactivated", () => {
  it("'attendance not recorded' goes to active managers only, not to the group's deactivated facilitator or a deactivated manager", async () => {
    const t = await createOrgScenario();
    const formerManager = await createPerson(t.org, "manager");
    await deactivate(t.org.id, t.facilitator.id, t.admin);
    await deactivate(t.org.id, formerManager.id, t.admin);
    const session = await createSessionAt(t.group.id, t.org.id, new Date("2031-06-03T23:00:00Z"), { status: "held" });
    await flagMissingAttendance(minutes(session.endsAt, 25 * 60));
    const mails = await db.select({ to: emailOutbox.toAddress }).from(emailOutbox).where(like(emailOutbox.dedupeKey, `attendance:missing:${session.id}:%`));
    expect(mails.map((m) => m.to)).toEqual([t.manager.email]);
  });
});
