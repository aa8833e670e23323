import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { db } from "~/db/client.server";
import { enrolments, memberships, organizations, users } from "~/db/schema";
import { seedDemo } from "~/demo/seed.server";
import { referrals, resources } from "~/db/tables/referrals";
import { FULL_GROUP } from "~/demo/registration.server";
import type { CurrentUser } from "~/modules/auth/policy";
import { getGroupWaitlist, listCatalogue } from "~/modules/registration/queries.server";
import { catalogueFilterSchema } from "~/modules/registration/schema";

describe("registration demo data", () => {
  it("has a full workshop with a waitlist (urgent first), a directory of at least 10 services and open referrals", async () => {
    const now = new Date();
    await seedDemo(now);
    const [org] = await db.select().from(organizations).where(eq(organizations.slug, "riverside"));
    const [manager] = await db
      .select({ id: users.id, name: users.name, email: users.email, timezone: users.timezone, locale: users.locale })
      .from(users)
      .innerJoin(memberships, eq(memberships.userId, users.id))
      .where(and(eq(users.email, "manager@riverside.example"), eq(memberships.organizationId, org.id)));
    const viewer: CurrentUser = { ...manager, role: "manager", organizationId: org.id, organizationSlug: org.slug, organizationName: org.name, sessionIdHash: "" };
    const { groups } = await listCatalogue(viewer, catalogueFilterSchema.parse({}), now);
    const workshop = groups.find((g) => g.name === FULL_GROUP)!;
    expect(workshop.seats).toEqual({ seatsLeft: 0, label: "Full: waitlist (3 waiting)" });
    const view = await getGroupWaitlist(viewer, workshop.id, now);
    expect(view.enrolled).toHaveLength(8);
    expect(view.waitlist.map((w) => w.name)).toEqual(["Frankie Ortiz", "Harper Nguyen", "Indigo Price"]);
    expect((await db.select().from(resources).where(eq(resources.organizationId, org.id))).length).toBeGreaterThanOrEqual(10);
    const open = await db.select().from(referrals).where(and(eq(referrals.organizationId, org.id), eq(referrals.outcome, "pending")));
    expect(open.length).toBeGreaterThanOrEqual(3);
    const enrolledCounts = await db.select().from(enrolments).where(and(eq(enrolments.groupId, workshop.id), eq(enrolments.status, "enrolled")));
    expect(enrolledCounts).toHaveLength(workshop.capacity);
  });
});
