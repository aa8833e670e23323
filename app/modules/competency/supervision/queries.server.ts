import { and, desc, eq, gte, inArray, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { db } from "~/db/client.server";
import { memberships, users } from "~/db/schema";
import { competencySupervisionEntries } from "~/db/tables/competency";
import { canManage, type CurrentUser } from "~/modules/auth/policy";
import { todayInZone } from "~/modules/competency/expiry";
import { last12Months } from "~/modules/metrics/definitions";
import { userOrgZone, superviseeIdsOf } from "~/modules/competency/queries.server";

/** Whose entries this person may read, and for whom (and as whom) they may write one. */
async function supervisionScope(user: CurrentUser) {
  const staff = await db
    .select({ id: users.id, name: users.name, role: memberships.role, active: sql<boolean>`${memberships.deactivatedAt} is null` })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, user.organizationId), inArray(memberships.role, ["facilitator", "manager", "admin"])))
    .orderBy(users.name);
  // A deactivated member's entries stay readable (history is kept) but they are never offered as a
  // peer worker or supervisor of a new entry.
  const active = staff.filter((s) => s.active);
  if (canManage(user.role)) {
    return { staff, visibleIds: staff.map((s) => s.id), peerWorkers: active.filter((s) => s.id !== user.id), supervisors: active };
  }
  const supervisees = new Set(await superviseeIdsOf(db, user.organizationId, user.id));
  return {
    staff,
    visibleIds: [user.id, ...supervisees],
    peerWorkers: active.filter((s) => supervisees.has(s.id)),
    supervisors: active.filter((s) => s.id === user.id),
  };
}

/**
 * The PA-CSE 2.06 supervision log as this person may see it: managers see the organisation's;
 * anyone else their own entries (as peer worker) and those about the people they supervise now.
 * With a totals line per peer worker for the last 12 months.
 */
export async function getSupervisionLog(user: CurrentUser, filter: { person: string }, now: Date) {
  const zone = await userOrgZone(db, user);
  const today = todayInZone(now, zone);
  const scope = await supervisionScope(user);
  const person = filter.person && scope.visibleIds.includes(filter.person) ? filter.person : "";
  const ids = person ? [person] : scope.visibleIds;
  const supervisor = alias(users, "supervisor");
  const peer = alias(users, "peer");
  const where = and(eq(competencySupervisionEntries.organizationId, user.organizationId), inArray(competencySupervisionEntries.peerWorkerId, ids));
  const entries = await db
    .select({
      id: competencySupervisionEntries.id,
      heldOn: competencySupervisionEntries.heldOn,
      peerWorkerId: competencySupervisionEntries.peerWorkerId,
      peerWorkerName: peer.name,
      supervisorName: supervisor.name,
      minutes: competencySupervisionEntries.minutes,
      topics: competencySupervisionEntries.topics,
      followUps: competencySupervisionEntries.followUps,
      mentoring: competencySupervisionEntries.mentoring,
    })
    .from(competencySupervisionEntries)
    .innerJoin(peer, eq(peer.id, competencySupervisionEntries.peerWorkerId))
    .innerJoin(supervisor, eq(supervisor.id, competencySupervisionEntries.supervisorId))
    .where(where)
    .orderBy(desc(competencySupervisionEntries.heldOn), desc(competencySupervisionEntries.createdAt))
    .limit(200);
  // The 12 months ending today, as every "last 12 months" (metrics/definitions.ts last12Months).
  const since = last12Months(today).from;
  const totals = await db
    .select({
      peerWorkerId: competencySupervisionEntries.peerWorkerId,
      name: peer.name,
      sessions: sql<number>`count(*) filter (where not ${competencySupervisionEntries.mentoring})`.mapWith(Number),
      mentoring: sql<number>`count(*) filter (where ${competencySupervisionEntries.mentoring})`.mapWith(Number),
      minutes: sql<number>`sum(${competencySupervisionEntries.minutes})`.mapWith(Number),
      lastHeldOn: sql<string>`max(${competencySupervisionEntries.heldOn})::text`,
    })
    .from(competencySupervisionEntries)
    .innerJoin(peer, eq(peer.id, competencySupervisionEntries.peerWorkerId))
    .where(and(where, gte(competencySupervisionEntries.heldOn, since)))
    .groupBy(competencySupervisionEntries.peerWorkerId, peer.name)
    .orderBy(peer.name);
  return {
    today,
    zone,
    since,
    person,
    entries,
    totals,
    people: scope.staff.filter((s) => scope.visibleIds.includes(s.id)).map((s) => ({ id: s.id, name: s.name })),
    peerWorkers: scope.peerWorkers.map((s) => ({ id: s.id, name: s.name })),
    supervisors: scope.supervisors.map((s) => ({ id: s.id, name: s.name })),
  };
}
