/**
 * The managers' plans report lists plans due for review of people the organisation still serves:
 * a deactivated participant's plan is no one's to-do (the review reminder job already skips it),
 * yet the report listed it as overdue for good. Failed before the fix (two plans listed).
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { memberships } from "~/db/schema";
import { servicePlans } from "~/db/tables/plans";
import { setMembershipActive } from "~/modules/auth/mutations.server";
import { plansReport } from "~/modules/plans/queries.server";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

let s: Scenario;

beforeAll(async () => {
  s = await createOrgScenario();
  await db.insert(servicePlans).values([
    { organizationId: s.org.id, participantId: s.participant.id, nextReviewOn: "2031-01-10" },
    { organizationId: s.org.id, participantId: s.otherParticipant.id, nextReviewOn: "2031-01-12" },
  ]);
  const [m] = await db.select({ id: memberships.id }).from(memberships).where(and(eq(memberships.userId, s.otherParticipant.id), eq(memberships.organizationId, s.org.id)));
  await setMembershipActive(s.admin, { membershipId: m.id, active: false });
});

describe("plans due for review", () => {
  it("leaves out deactivated participants, as the reminder job does", async () => {
    const report = await plansReport(s.manager, { from: "2030-10-01", to: "2031-01-20" }, "2031-01-20", "America/New_York");
    expect(report.due.map((d) => d.participantId)).toEqual([s.participant.id]);
  });
});
