import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { memberships, organizations, users } from "~/db/schema";
import { participantDemographics } from "~/db/tables/demographics";
import { seedDemo } from "~/demo/seed.server";
import { funderPage } from "~/modules/demographics/queries.server";
import type { CurrentUser } from "~/modules/auth/policy";

describe("demographics demo data", () => {
  it("gives the demo's last-quarter funder report figures and at least one suppressed cell with its complement", async () => {
    const now = new Date();
    await seedDemo(now);
    const [org] = await db.select().from(organizations).where(eq(organizations.slug, "riverside"));
    const [manager] = await db
      .select({ id: users.id, name: users.name, email: users.email, timezone: users.timezone, locale: users.locale })
      .from(users)
      .innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.organizationId, org.id)))
      .where(eq(users.email, "manager@riverside.example"));
    const user: CurrentUser = { ...manager, role: "manager", organizationId: org.id, organizationSlug: org.slug, organizationName: org.name, sessionIdHash: "" };
    const page = await funderPage(user, new URLSearchParams(`saved=${page0(await funderPage(user, new URLSearchParams(), now))}`), now);
    const report = page.report!;
    expect(page.savedName).toBe("County behavioral health grant (quarterly)");
    expect(report.total.people.value).toBeGreaterThanOrEqual(10);
    expect(report.sessionsDelivered).toBeGreaterThan(0);
    const cells = report.dimensions.flatMap((d) => d.rows);
    expect(cells.some((r) => r.people.hidden === "small")).toBe(true);
    expect(cells.some((r) => r.people.hidden === "complementary")).toBe(true);
    // Answers show as figures where a category holds 5 or more people.
    expect(cells.filter((r) => r.key !== "not_recorded" && (r.people.value ?? 0) >= 5).length).toBeGreaterThanOrEqual(3);
    // Pat has not answered yet (the tour fills it in on "About me").
    const [pat] = await db.select({ id: users.id }).from(users).where(eq(users.email, "pat@riverside.example"));
    expect(await db.select().from(participantDemographics).where(eq(participantDemographics.userId, pat.id))).toHaveLength(0);
  });
});

function page0(page: { saved: { id: string }[] }): string {
  return page.saved[0].id;
}
