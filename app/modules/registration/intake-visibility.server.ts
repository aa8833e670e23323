import { and, Column, count, eq, inArray, is, isNull, or, type Placeholder, type SQL } from "drizzle-orm";
import { qualified } from "~/db/qualified";
import type { Database } from "~/db/client.server";
import { enrolments, groupFacilitators } from "~/db/schema";
import { intakes } from "~/db/tables/registration";

/** A value of the condition: given, a placeholder of a prepared query, or a column of the query around it. */
type Value = string | Placeholder | Column | SQL;

/**
 * Intakes visible to a staff member: managers see all their organisation's; facilitators their
 * groups', and only of people enrolled now in a group they lead (staffRelationship) — as
 * viewIntake — never of people waitlisted, interested or offered. The one definition of the
 * intake queue's scope and of the navigation's badge.
 */
export function intakesVisibleTo(database: Database, manager: boolean, organizationIdValue: Value, userIdValue: Value) {
  // An outer query's column, named in full (see qualified).
  const organizationId = is(organizationIdValue, Column) ? qualified(organizationIdValue) : organizationIdValue;
  const userId = is(userIdValue, Column) ? qualified(userIdValue) : userIdValue;
  if (manager) return eq(intakes.organizationId, organizationId);
  const led = database.select({ id: groupFacilitators.groupId }).from(groupFacilitators).where(eq(groupFacilitators.userId, userId));
  return and(
    eq(intakes.organizationId, organizationId),
    inArray(intakes.groupId, led),
    inArray(
      intakes.userId,
      database.select({ id: enrolments.userId }).from(enrolments).where(and(eq(enrolments.organizationId, organizationId), eq(enrolments.status, "enrolled"), inArray(enrolments.groupId, led))),
    ),
  );
}

/** The navigation badge's count: unreviewed urgent or crisis intakes visible to the person. */
export function intakeAlertCount(database: Database, manager: boolean, organizationId: Value, userId: Value) {
  return database
    .select({ n: count() })
    .from(intakes)
    .where(and(intakesVisibleTo(database, manager, organizationId, userId), isNull(intakes.reviewedAt), or(eq(intakes.urgent, true), eq(intakes.crisis, true))));
}
