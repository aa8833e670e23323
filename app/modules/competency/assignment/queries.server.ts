import { alias } from "drizzle-orm/pg-core";
import { and, asc, desc, eq, gte, inArray, isNull, sql, type SQL } from "drizzle-orm";
import { db } from "~/db/client.server";
import { groups, memberships, sessions, users } from "~/db/schema";
import { competencyItems, competencyOverrides, competencyRecords, competencySessionFlags } from "~/db/tables/competency";
import type { CurrentUser } from "~/modules/auth/policy";
import { GROUP_KINDS } from "~/modules/groups/schema";
import { todayInZone } from "~/modules/competency/expiry";
import { describeMissing, missingRequirements, type MissingRequirement } from "~/modules/competency/gate";
import { loadFramework, userOrgZone, recordsFor } from "~/modules/competency/queries.server";

/** Overrides of the competency gate or caseload limit, with who approved them and why. */
function overrideRows(where: SQL | undefined) {
  const approver = alias(users, "approver");
  return db
    .select({
      id: competencyOverrides.id,
      createdAt: competencyOverrides.createdAt,
      facilitatorId: competencyOverrides.facilitatorId,
      facilitatorName: users.name,
      groupId: competencyOverrides.groupId,
      groupName: groups.name,
      sessionId: competencyOverrides.sessionId,
      groupKind: competencyOverrides.groupKind,
      rule: competencyOverrides.rule,
      details: competencyOverrides.details,
      reason: competencyOverrides.reason,
      approvedBy: approver.name,
    })
    .from(competencyOverrides)
    .innerJoin(users, eq(users.id, competencyOverrides.facilitatorId))
    .leftJoin(groups, eq(groups.id, competencyOverrides.groupId))
    .leftJoin(approver, eq(approver.id, competencyOverrides.approvedBy))
    .where(where);
}

/** The latest overrides in the user's organisation, newest first. */
export async function listOverrides(user: CurrentUser, limit = 50) {
  return overrideRows(eq(competencyOverrides.organizationId, user.organizationId)).orderBy(desc(competencyOverrides.createdAt)).limit(limit);
}

/** Upcoming sessions led by someone whose required record expired (open flags). */
export async function listOpenFlags(user: CurrentUser, now: Date) {
  return db
    .select({
      id: competencySessionFlags.id,
      sessionId: sessions.id,
      startsAt: sessions.startsAt,
      endsAt: sessions.endsAt,
      groupId: groups.id,
      groupName: groups.name,
      facilitatorName: users.name,
      recordId: competencySessionFlags.recordId,
      itemName: competencyItems.name,
      expiredOn: competencySessionFlags.expiredOn,
    })
    .from(competencySessionFlags)
    .innerJoin(sessions, eq(sessions.id, competencySessionFlags.sessionId))
    .innerJoin(groups, eq(groups.id, sessions.groupId))
    .innerJoin(users, eq(users.id, competencySessionFlags.facilitatorId))
    .innerJoin(competencyRecords, eq(competencyRecords.id, competencySessionFlags.recordId))
    .innerJoin(competencyItems, eq(competencyItems.id, competencyRecords.itemId))
    .where(
      and(
        eq(competencySessionFlags.organizationId, user.organizationId),
        isNull(competencySessionFlags.resolvedAt),
        eq(sessions.status, "scheduled"),
        gte(sessions.endsAt, now),
      ),
    )
    .orderBy(asc(sessions.startsAt))
    .limit(100);
}

export type ReadinessLine = { name: string; kinds: string[]; missing: { name: string; standard: string; problem: MissingRequirement["problem"] }[] };

/**
 * For the group form: one entry per staff member and set of group kinds (codes) they are not yet
 * cleared to lead, with what they lack — as data; the page words it ("Felix Facilitator (Class,
 * Workshop): Managing group dynamics (PA-CSE 2.04): no record").
 */
export async function assignmentReadiness(user: CurrentUser, now: Date): Promise<ReadinessLine[]> {
  const zone = await userOrgZone(db, user);
  const today = todayInZone(now, zone);
  const items = await loadFramework(db, user.organizationId);
  if (items.length === 0) return [];
  const staff = await db
    .select({ id: users.id, name: users.name, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, user.organizationId), inArray(memberships.role, ["facilitator", "manager", "admin"])))
    .orderBy(users.name);
  const records = await recordsFor(
    db,
    user.organizationId,
    staff.map((s) => s.id),
  );
  const lines: ReadinessLine[] = [];
  for (const person of staff) {
    const held = records.filter((r) => r.userId === person.id).map((r) => ({ itemId: r.itemId, status: r.status, expiresOn: r.expiresOn }));
    const byText = new Map<string, ReadinessLine>();
    for (const kind of GROUP_KINDS) {
      const missing = missingRequirements({ items, records: held, groupKind: kind, role: person.role, today });
      if (!missing.length) continue;
      const text = describeMissing(missing);
      const line = byText.get(text) ?? { name: person.name, kinds: [], missing: missing.map((m) => ({ name: m.name, standard: m.standard, problem: m.problem })) };
      line.kinds.push(kind);
      byText.set(text, line);
    }
    // Managers and admins without records are not expected to lead; list facilitators, and others who hold some record.
    if (person.role !== "facilitator" && held.length === 0) continue;
    lines.push(...byText.values());
  }
  return lines;
}

/**
 * For the evidence report (metrics): every override of the competency gate or caseload limit in
 * [from, to), with who approved it and why. Scoped to one organisation.
 */
export async function listOverridesForReport(organizationId: string, period: { from: Date; to: Date }) {
  const rows = await overrideRows(
    and(
      eq(competencyOverrides.organizationId, organizationId),
      gte(competencyOverrides.createdAt, period.from),
      sql`${competencyOverrides.createdAt} < ${period.to.toISOString()}::timestamptz`,
    ),
  ).orderBy(asc(competencyOverrides.createdAt));
  return rows.map(({ createdAt, ...row }) => ({ ...row, at: createdAt }));
}
