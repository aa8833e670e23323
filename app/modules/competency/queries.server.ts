import { and, asc, eq, inArray, isNull, ne, sql, type SQL } from "drizzle-orm";
import type { Executor } from "~/db/client.server";
import { memberships, organizations, users } from "~/db/schema";
import { competencyCaseloadLimits, competencyItems, competencyRecords, competencySettings, competencySupervisors } from "~/db/tables/competency";
import { notFound } from "~/modules/errors";
import type { CurrentUser } from "~/modules/auth/policy";

export type FrameworkItem = typeof competencyItems.$inferSelect;

export async function orgZone(exec: Executor, organizationId: string): Promise<string> {
  const [org] = await exec.select({ timezone: organizations.timezone }).from(organizations).where(eq(organizations.id, organizationId));
  if (!org) notFound("Organisation not found");
  return org.timezone;
}

/** The zone of the person's organisation: read with the session (CurrentUser.organizationTimezone), else here. */
export async function userOrgZone(exec: Executor, user: Pick<CurrentUser, "organizationId" | "organizationTimezone">): Promise<string> {
  return user.organizationTimezone ?? orgZone(exec, user.organizationId);
}

export async function loadFramework(exec: Executor, organizationId: string, options: { includeArchived?: boolean } = {}) {
  return exec
    .select()
    .from(competencyItems)
    .where(and(eq(competencyItems.organizationId, organizationId), options.includeArchived ? undefined : isNull(competencyItems.archivedAt)))
    .orderBy(asc(competencyItems.sortOrder), asc(competencyItems.name));
}

export async function getSettings(exec: Executor, organizationId: string) {
  // With the organisation's zone (the gate's "today"): one query instead of two.
  const [found] = await exec
    .select({ row: competencySettings, zone: organizations.timezone })
    .from(organizations)
    .leftJoin(competencySettings, eq(competencySettings.organizationId, organizations.id))
    .where(eq(organizations.id, organizationId));
  const row = found?.row;
  return {
    /** The organisation's time zone; null when there is no such organisation. */
    zone: found?.zone ?? null,
    maxGroupsPerFacilitator: row?.maxGroupsPerFacilitator ?? null,
    maxParticipantsPerFacilitator: row?.maxParticipantsPerFacilitator ?? null,
    defaultSupervisorId: row?.defaultSupervisorId ?? null,
    frameworkInstalledAt: row?.frameworkInstalledAt ?? null,
    urgentParticipantWeight: row?.urgentParticipantWeight ?? 1,
  };
}

/** People named as this facilitator's supervisor: their own, else the organisation's default. */
export async function supervisorIdsFor(exec: Executor, organizationId: string, facilitatorId: string): Promise<string[]> {
  const [own] = await exec
    .select({ id: competencySupervisors.supervisorId })
    .from(competencySupervisors)
    .where(and(eq(competencySupervisors.organizationId, organizationId), eq(competencySupervisors.facilitatorId, facilitatorId)));
  const settings = await getSettings(exec, organizationId);
  const active = await activeStaffIds(exec, organizationId, [own?.id, settings.defaultSupervisorId]);
  // A deactivated supervisor supervises nobody: their supervisees fall back to the default supervisor.
  if (own && active.has(own.id)) return [own.id];
  return settings.defaultSupervisorId && active.has(settings.defaultSupervisorId) ? [settings.defaultSupervisorId] : [];
}

/** Which of these people are active (not deactivated) staff of the organisation. */
async function activeStaffIds(exec: Executor, organizationId: string, ids: readonly (string | null | undefined)[]): Promise<Set<string>> {
  const wanted = ids.filter((id): id is string => Boolean(id));
  if (!wanted.length) return new Set();
  const rows = await exec
    .select({ id: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), inArray(memberships.userId, wanted), inArray(memberships.role, ["facilitator", "manager", "admin"]), isNull(memberships.deactivatedAt)));
  return new Set(rows.map((r) => r.id));
}

/**
 * Who hears about this facilitator's expiring records: their supervisor, else the organisation's
 * default supervisor, else every manager. Never the facilitator themself.
 */
export async function supervisorContacts(exec: Executor, organizationId: string, facilitatorId: string) {
  const named = await supervisorIdsFor(exec, organizationId, facilitatorId);
  const staffOfOrg = (ids: string[] | null) =>
    exec
      .select({ id: users.id, name: users.name, email: users.email, timezone: users.timezone, locale: users.locale })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(
        and(
          eq(memberships.organizationId, organizationId),
          ne(memberships.userId, facilitatorId),
          ids ? inArray(memberships.userId, ids) : eq(memberships.role, "manager"),
          inArray(memberships.role, ["facilitator", "manager", "admin"]),
          isNull(memberships.deactivatedAt),
        ),
      )
      .orderBy(users.name);
  const people = named.length ? await staffOfOrg(named) : [];
  return people.length ? people : staffOfOrg(null);
}

export async function recordsFor(exec: Executor, organizationId: string, userIds: string[]) {
  if (userIds.length === 0) return [];
  return exec
    .select()
    .from(competencyRecords)
    .where(and(eq(competencyRecords.organizationId, organizationId), inArray(competencyRecords.userId, userIds)));
}

export async function rolesOf(exec: Executor, organizationId: string, userIds: string[]) {
  if (userIds.length === 0) return new Map<string, { role: string; name: string }>();
  const rows = await exec
    .select({ userId: memberships.userId, role: memberships.role, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, organizationId), inArray(memberships.userId, userIds)));
  return new Map(rows.map((r) => [r.userId, { role: r.role as string, name: r.name }]));
}

/** A staff member of the organisation (for pages about a person), or 404. */
export async function staffMember(exec: Executor, organizationId: string, userId: string) {
  const [row] = await exec
    .select({ id: users.id, name: users.name, email: users.email, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.organizationId, organizationId),
        eq(memberships.userId, userId),
        inArray(memberships.role, ["facilitator", "manager", "admin"]),
      ),
    );
  return row ?? null;
}

/** The facts the policy needs about a person's records: who they are and who supervises them. */
export async function subjectOf(exec: Executor, organizationId: string, userId: string) {
  return { organizationId, userId, supervisorIds: await supervisorIdsFor(exec, organizationId, userId) };
}

/**
 * Staff this person supervises now: facilitators who name them, and, when they are the
 * organisation's default supervisor, staff who name nobody (the rule supervisorIdsFor applies).
 */
export async function superviseeIdsOf(exec: Executor, organizationId: string, supervisorId: string): Promise<string[]> {
  const [named, settings, staff] = await Promise.all([
    exec
      .select({ facilitatorId: competencySupervisors.facilitatorId, supervisorId: competencySupervisors.supervisorId })
      .from(competencySupervisors)
      .where(eq(competencySupervisors.organizationId, organizationId)),
    getSettings(exec, organizationId),
    exec
      .select({ id: memberships.userId })
      .from(memberships)
      .where(and(eq(memberships.organizationId, organizationId), inArray(memberships.role, ["facilitator", "manager", "admin"]), isNull(memberships.deactivatedAt))),
  ]);
  // Only active staff, each with their supervisor as supervisorIdsFor decides it (a deactivated
  // named supervisor hands over to the default supervisor).
  const active = new Set(staff.map((s) => s.id));
  const own = new Map(named.filter((n) => active.has(n.supervisorId)).map((n) => [n.facilitatorId, n.supervisorId]));
  const fallback = settings.defaultSupervisorId && active.has(settings.defaultSupervisorId) ? settings.defaultSupervisorId : null;
  return staff.map((s) => s.id).filter((id) => id !== supervisorId && (own.get(id) ?? fallback) === supervisorId);
}

/** PA-CSE 2.08 limits by role or qualification, with each qualification's name. */
export async function caseloadRules(exec: Executor, organizationId: string) {
  return exec
    .select({
      id: competencyCaseloadLimits.id,
      role: competencyCaseloadLimits.role,
      itemId: competencyCaseloadLimits.itemId,
      itemName: competencyItems.name,
      maxGroups: competencyCaseloadLimits.maxGroups,
      maxParticipants: competencyCaseloadLimits.maxParticipants,
    })
    .from(competencyCaseloadLimits)
    .leftJoin(competencyItems, eq(competencyItems.id, competencyCaseloadLimits.itemId))
    .where(eq(competencyCaseloadLimits.organizationId, organizationId))
    .orderBy(asc(competencyCaseloadLimits.role), asc(competencyItems.name));
}

/**
 * Whether a group counts towards a facilitator's caseload (PA-CSE 2.08) at `now`: while it runs —
 * it has a session that has not ended yet (cancelled ones aside), or no sessions at all yet (just
 * created, about to be scheduled). A cohort whose last session is over is history, not workload.
 * One definition for the assignment check and the evidence page.
 */
export function groupRunsAt(groupId: SQL, now: Date): SQL {
  return sql`(exists (select 1 from sessions cs where cs.group_id = ${groupId} and cs.status <> 'cancelled' and cs.ends_at > ${now.toISOString()}::timestamptz)
    or not exists (select 1 from sessions cs where cs.group_id = ${groupId}))`;
}
