import { and, eq } from "drizzle-orm";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { memberships, organizations, users } from "~/db/schema";
import { seedDemo } from "~/demo/seed.server";
import type { CurrentUser } from "~/modules/auth/policy";
import { findParticipant } from "~/modules/metrics/queries.server";
import { loadServicePlan, plansReport } from "~/modules/plans/queries.server";

describe("service plans demo data", () => {
  it("Pat's plan is due within the week and Alex's overdue; Sam's objectives were met three weeks ago; Pat's planned group rolls up attendance", async () => {
    const now = new Date();
    await seedDemo(now);
    const [org] = await db.select().from(organizations).where(eq(organizations.slug, "riverside"));
    const [manager] = await db
      .select({ id: users.id, name: users.name, email: users.email, timezone: users.timezone, locale: users.locale })
      .from(users)
      .innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.organizationId, org.id)))
      .where(eq(users.email, "manager@riverside.example"));
    const viewer: CurrentUser = { ...manager, role: "manager", organizationId: org.id, organizationSlug: org.slug, organizationName: org.name, sessionIdHash: "" };
    const today = DateTime.fromJSDate(now, { zone: org.timezone }).toISODate()!;
    const report = await plansReport(viewer, { from: DateTime.fromISO(today).minus({ days: 89 }).toISODate()!, to: today }, today, org.timezone);
    expect(report.due.map((d) => d.name)).toEqual(["Alex Chen", "Pat Participant"]);
    expect(report.met.map((m) => m.name)).toEqual(["Sam Rivera", "Sam Rivera"]);

    const [pat] = await db.select({ id: users.id }).from(users).where(eq(users.email, "pat@riverside.example"));
    const plan = await loadServicePlan(viewer, await findParticipant(viewer, pat.id), now);
    expect(plan.plan?.strengths).toMatch(/^Good with numbers/);
    const [first] = plan.goals[0].objectives;
    expect(first.services[0]).toMatchObject({ groupName: "Budgeting Basics" });
    expect(first.services[0].held).toBeGreaterThan(0);
    expect(first.interventions.map((i) => i.component)).toContain("activation_engagement");
    expect(plan.proposals.map((p) => p.status)).toEqual(["discussing"]);
  });
});
