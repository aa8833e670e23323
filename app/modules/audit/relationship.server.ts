import { and, eq } from "drizzle-orm";
import { db, type Executor } from "~/db/client.server";
import { enrolments, groupFacilitators, memberships } from "~/db/schema";
import { staffRelationship, type CurrentUser, type PersonRelations } from "~/modules/auth/policy";

/**
 * A member of the organisation with the facilitators of the groups they are enrolled in now, or
 * null when they are not a member. Feed it to `staffRelationship` (auth/policy.ts).
 */
export async function personRelations(exec: Executor, organizationId: string, personId: string): Promise<(PersonRelations & { role: string }) | null> {
  const [member] = await exec
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.userId, personId), eq(memberships.organizationId, organizationId)));
  if (!member) return null;
  const leads = await exec
    .selectDistinct({ userId: groupFacilitators.userId })
    .from(enrolments)
    .innerJoin(groupFacilitators, eq(groupFacilitators.groupId, enrolments.groupId))
    .where(and(eq(enrolments.userId, personId), eq(enrolments.organizationId, organizationId), eq(enrolments.status, "enrolled")));
  return { id: personId, organizationId, role: member.role, currentFacilitatorIds: leads.map((l) => l.userId) };
}

/** Whether `user` (staff) may see this person's records right now. */
export async function hasStaffRelationship(user: CurrentUser, personId: string, exec: Executor = db): Promise<boolean> {
  const person = await personRelations(exec, user.organizationId, personId);
  return Boolean(person && staffRelationship(user, person));
}
