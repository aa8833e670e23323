import { and, eq, inArray } from "drizzle-orm";
import { db } from "~/db/client.server";
import { memberships, users } from "~/db/schema";
import { competencySupervisors } from "~/db/tables/competency";
import type { CurrentUser } from "~/modules/auth/policy";
import { caseloadRules, getSettings, loadFramework } from "~/modules/competency/queries.server";

export async function getSettingsPage(user: CurrentUser) {
  const settings = await getSettings(db, user.organizationId);
  const staff = await db
    .select({ id: users.id, name: users.name, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, user.organizationId), inArray(memberships.role, ["facilitator", "manager", "admin"])))
    .orderBy(users.name);
  const assignments = await db
    .select({ facilitatorId: competencySupervisors.facilitatorId, supervisorId: competencySupervisors.supervisorId })
    .from(competencySupervisors)
    .where(eq(competencySupervisors.organizationId, user.organizationId));
  const [limits, items] = await Promise.all([caseloadRules(db, user.organizationId), loadFramework(db, user.organizationId)]);
  return {
    settings,
    limits,
    qualifications: items.map((i) => ({ id: i.id, name: i.name, standard: i.standard })),
    staff,
    facilitators: staff.filter((s) => s.role === "facilitator"),
    supervisorOf: Object.fromEntries(assignments.map((a) => [a.facilitatorId, a.supervisorId])),
  };
}
