import { and, desc, eq, gte, inArray, lte, ne } from "drizzle-orm";
import { db } from "~/db/client.server";
import { groupFacilitators, groups, memberships, sessions, users } from "~/db/schema";
import type { CurrentUser } from "~/modules/auth/policy";
import { canObserve } from "~/modules/competency/policy";
import { loadFramework, supervisorIdsFor } from "~/modules/competency/queries.server";

/**
 * For the observation form: the facilitators this observer may observe, and for the chosen one
 * the sessions they led that have started (most recent first, last 120 days), with the
 * observable competencies.
 */
export async function getObservationForm(user: CurrentUser, facilitatorId: string | null, now: Date) {
  const staff = await db
    .select({ id: users.id, name: users.name, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, user.organizationId), inArray(memberships.role, ["facilitator", "manager", "admin"])))
    .orderBy(users.name);
  const observable = [];
  for (const person of staff) {
    const subject = { organizationId: user.organizationId, userId: person.id, supervisorIds: await supervisorIdsFor(db, user.organizationId, person.id) };
    if (canObserve(user, subject)) observable.push(person);
  }
  const chosen = facilitatorId && observable.some((p) => p.id === facilitatorId) ? facilitatorId : null;
  const sessionRows = chosen
    ? await db
        .select({ id: sessions.id, startsAt: sessions.startsAt, endsAt: sessions.endsAt, groupName: groups.name })
        .from(sessions)
        .innerJoin(groups, eq(groups.id, sessions.groupId))
        .innerJoin(groupFacilitators, and(eq(groupFacilitators.groupId, groups.id), eq(groupFacilitators.userId, chosen)))
        .where(
          and(
            eq(sessions.organizationId, user.organizationId),
            ne(sessions.status, "cancelled"),
            lte(sessions.startsAt, now),
            gte(sessions.startsAt, new Date(now.getTime() - 120 * 86_400_000)),
          ),
        )
        .orderBy(desc(sessions.startsAt))
        .limit(40)
    : [];
  const items = (await loadFramework(db, user.organizationId)).filter((i) => i.observable);
  return { facilitators: observable, chosen, sessions: sessionRows, items: items.map((i) => ({ id: i.id, name: i.name, standard: i.standard, description: i.description })) };
}
