import { and, asc, desc, eq, gte, inArray, isNull, lte, ne, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { db, type Executor } from "~/db/client.server";
import { groupFacilitators, groups, memberships, organizations, sessions, users } from "~/db/schema";
import {
  competencyEvidence,
  competencyItems,
  competencyObservationRatings,
  competencyObservations,
  competencyOverrides,
  competencyProposals,
  competencyRecords,
  competencySessionFlags,
  competencySettings,
  competencySupervisors,
} from "~/db/tables/competency";
import { recordAudit } from "~/modules/audit/mutations.server";
import { canManage, type CurrentUser } from "~/modules/auth/policy";
import { GROUP_KINDS, GROUP_KIND_LABELS } from "~/modules/groups/schema";
import { notFound } from "~/web/http.server";
import {
  deriveStatus,
  describeRecord,
  isExpiringSoon,
  todayInZone,
  type CompetencyStatus,
} from "./expiry";
import { describeMissing, missingRequirements, requiredItems, type HeldRecord } from "./gate";
import { canAddEvidence, canAssess, canObserve, canVerify, canViewRecord } from "./policy";
import type { MatrixFilter } from "./schema";

export type FrameworkItem = typeof competencyItems.$inferSelect;

export async function orgZone(exec: Executor, organizationId: string): Promise<string> {
  const [org] = await exec.select({ timezone: organizations.timezone }).from(organizations).where(eq(organizations.id, organizationId));
  if (!org) notFound("Organisation not found");
  return org.timezone;
}

export async function loadFramework(exec: Executor, organizationId: string, options: { includeArchived?: boolean } = {}) {
  return exec
    .select()
    .from(competencyItems)
    .where(and(eq(competencyItems.organizationId, organizationId), options.includeArchived ? undefined : isNull(competencyItems.archivedAt)))
    .orderBy(asc(competencyItems.sortOrder), asc(competencyItems.name));
}

export async function getSettings(exec: Executor, organizationId: string) {
  const [row] = await exec.select().from(competencySettings).where(eq(competencySettings.organizationId, organizationId));
  return {
    maxGroupsPerFacilitator: row?.maxGroupsPerFacilitator ?? null,
    maxParticipantsPerFacilitator: row?.maxParticipantsPerFacilitator ?? null,
    defaultSupervisorId: row?.defaultSupervisorId ?? null,
    frameworkInstalledAt: row?.frameworkInstalledAt ?? null,
  };
}

/** People named as this facilitator's supervisor: their own, else the organisation's default. */
export async function supervisorIdsFor(exec: Executor, organizationId: string, facilitatorId: string): Promise<string[]> {
  const [own] = await exec
    .select({ id: competencySupervisors.supervisorId })
    .from(competencySupervisors)
    .where(and(eq(competencySupervisors.organizationId, organizationId), eq(competencySupervisors.facilitatorId, facilitatorId)));
  if (own) return [own.id];
  const settings = await getSettings(exec, organizationId);
  return settings.defaultSupervisorId ? [settings.defaultSupervisorId] : [];
}

/**
 * Who hears about this facilitator's expiring records: their supervisor, else the organisation's
 * default supervisor, else every manager. Never the facilitator themself.
 */
export async function supervisorContacts(exec: Executor, organizationId: string, facilitatorId: string) {
  const named = await supervisorIdsFor(exec, organizationId, facilitatorId);
  const staffOfOrg = (ids: string[] | null) =>
    exec
      .select({ id: users.id, name: users.name, email: users.email, timezone: users.timezone })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(
        and(
          eq(memberships.organizationId, organizationId),
          ne(memberships.userId, facilitatorId),
          ids ? inArray(memberships.userId, ids) : eq(memberships.role, "manager"),
          inArray(memberships.role, ["facilitator", "manager", "admin"]),
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
async function staffMember(exec: Executor, organizationId: string, userId: string) {
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

export type CellState = "verified" | "expiring" | "demonstrated" | "in_progress" | "expired" | "missing" | "not_required";

export function cellState(record: { status: CompetencyStatus; expiresOn: string | null } | null, required: boolean, today: string): CellState {
  const status = deriveStatus(record, today);
  if (status === "expired") return "expired";
  if (record && (status === "verified" || status === "demonstrated") && isExpiringSoon(record, today)) return "expiring";
  if (status === "verified") return "verified";
  if (status === "demonstrated") return "demonstrated";
  if (status === "in_progress") return "in_progress";
  return required ? "missing" : "not_required";
}

const ATTENTION: CellState[] = ["missing", "expired", "expiring", "demonstrated"];

function cellMatches(state: CellState, filter: MatrixFilter["status"]): boolean {
  switch (filter) {
    case "all":
      return true;
    case "attention":
      return ATTENTION.includes(state);
    default:
      return state === filter;
  }
}

/**
 * The manager's matrix: staff who facilitate (the facilitator role, or anyone leading a group)
 * × the framework's items, each cell with a state and a text label.
 */
export async function getMatrix(user: CurrentUser, filter: MatrixFilter, now: Date) {
  const zone = await orgZone(db, user.organizationId);
  const today = todayInZone(now, zone);
  const allItems = await loadFramework(db, user.organizationId);
  const items = filter.kind ? allItems.filter((i) => i.kind === filter.kind) : allItems;
  const leaders = db
    .select({ id: groupFacilitators.userId })
    .from(groupFacilitators)
    .where(eq(groupFacilitators.organizationId, user.organizationId));
  const people = await db
    .select({ id: users.id, name: users.name, email: users.email, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.organizationId, user.organizationId),
        inArray(memberships.role, ["facilitator", "manager", "admin"]),
        sql`(${memberships.role} = 'facilitator' or ${memberships.userId} in (${leaders}))`,
      ),
    )
    .orderBy(users.name);
  const led = await db
    .select({ userId: groupFacilitators.userId, kind: groups.kind })
    .from(groupFacilitators)
    .innerJoin(groups, eq(groups.id, groupFacilitators.groupId))
    .where(eq(groupFacilitators.organizationId, user.organizationId));
  // Whole-organisation reads (one pass each), joined in memory: cheaper than long IN lists.
  const records = await db
    .select({
      id: competencyRecords.id,
      userId: competencyRecords.userId,
      itemId: competencyRecords.itemId,
      status: competencyRecords.status,
      achievedOn: competencyRecords.achievedOn,
      expiresOn: competencyRecords.expiresOn,
      verifiedBy: competencyRecords.verifiedBy,
      verifiedAt: competencyRecords.verifiedAt,
    })
    .from(competencyRecords)
    .where(eq(competencyRecords.organizationId, user.organizationId));
  const verifiers = await db
    .select({ id: users.id, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, user.organizationId), inArray(memberships.role, ["facilitator", "manager", "admin"])));
  const verifierName = new Map(verifiers.map((v) => [v.id, v.name]));
  const recordKey = (userId: string, itemId: string) => `${userId}:${itemId}`;
  const byKey = new Map(records.map((r) => [recordKey(r.userId, r.itemId), r]));
  const rows = people
    .filter((p) => !filter.person || p.id === filter.person)
    .map((person) => {
      const kinds = [...new Set(led.filter((l) => l.userId === person.id).map((l) => l.kind as string))];
      const required = new Set(
        [...kinds.map((k) => requiredItems(allItems, { groupKind: k, role: person.role })), requiredItems(allItems, { groupKind: null, role: person.role })]
          .flat()
          .map((i) => i.id),
      );
      const cells = items.map((item) => {
        const record = byKey.get(recordKey(person.id, item.id)) ?? null;
        const isRequired = required.has(item.id);
        const state = cellState(record, isRequired, today);
        return {
          itemId: item.id,
          recordId: record?.id ?? null,
          required: isRequired,
          state,
          label: state === "not_required" && !record ? "Not required" : describeRecord(record, today),
          matches: cellMatches(state, filter.status),
          achievedOn: record?.achievedOn ?? null,
          expiresOn: record?.expiresOn ?? null,
          verifiedBy: record?.verifiedBy ? (verifierName.get(record.verifiedBy) ?? "") : "",
          verifiedAt: record?.verifiedAt ?? null,
        };
      });
      return { person, groupKinds: kinds, cells };
    })
    .filter((row) => filter.status === "all" || row.cells.some((c) => cellMatches(c.state, filter.status)));
  return {
    today,
    zone,
    items: items.map((i) => ({ id: i.id, code: i.code, name: i.name, standard: i.standard, kind: i.kind })),
    people: people.map((p) => ({ id: p.id, name: p.name })),
    rows,
  };
}

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

/** A record with its item, person, evidence (without file bytes) and what the viewer may do; 404 if not theirs to see. */
export async function getRecordPage(user: CurrentUser, recordId: string, now: Date) {
  const [record] = await db
    .select()
    .from(competencyRecords)
    .where(and(eq(competencyRecords.id, recordId), eq(competencyRecords.organizationId, user.organizationId)));
  if (!record) notFound("Record not found");
  const subject = {
    organizationId: record.organizationId,
    userId: record.userId,
    supervisorIds: await supervisorIdsFor(db, user.organizationId, record.userId),
  };
  // Someone who may not see it gets the same answer as for a record that does not exist.
  if (!canViewRecord(user, subject)) notFound("Record not found");
  const [item] = await db.select().from(competencyItems).where(eq(competencyItems.id, record.itemId));
  const person = await staffMember(db, user.organizationId, record.userId);
  if (!item || !person) notFound("Record not found");
  const zone = await orgZone(db, user.organizationId);
  const today = todayInZone(now, zone);
  const adder = alias(users, "adder");
  const evidence = await db
    .select({
      id: competencyEvidence.id,
      kind: competencyEvidence.kind,
      note: competencyEvidence.note,
      observationId: competencyEvidence.observationId,
      fileName: competencyEvidence.fileName,
      contentType: competencyEvidence.contentType,
      sizeBytes: competencyEvidence.sizeBytes,
      addedBy: adder.name,
      createdAt: competencyEvidence.createdAt,
    })
    .from(competencyEvidence)
    .leftJoin(adder, eq(adder.id, competencyEvidence.addedBy))
    .where(and(eq(competencyEvidence.recordId, record.id), eq(competencyEvidence.organizationId, user.organizationId)))
    .orderBy(desc(competencyEvidence.createdAt));
  const observationIds = evidence.map((e) => e.observationId).filter((v): v is string => Boolean(v));
  const observer = alias(users, "observer");
  const observations = observationIds.length
    ? await db
        .select({
          id: competencyObservations.id,
          observerName: observer.name,
          notes: competencyObservations.notes,
          sessionStartsAt: sessions.startsAt,
          sessionEndsAt: sessions.endsAt,
          groupName: groups.name,
          rating: competencyObservationRatings.rating,
          ratingNote: competencyObservationRatings.note,
        })
        .from(competencyObservations)
        .innerJoin(sessions, eq(sessions.id, competencyObservations.sessionId))
        .innerJoin(groups, eq(groups.id, sessions.groupId))
        .leftJoin(observer, eq(observer.id, competencyObservations.observerId))
        .leftJoin(
          competencyObservationRatings,
          and(eq(competencyObservationRatings.observationId, competencyObservations.id), eq(competencyObservationRatings.itemId, item.id)),
        )
        .where(and(inArray(competencyObservations.id, observationIds), eq(competencyObservations.organizationId, user.organizationId)))
    : [];
  const people = alias(users, "people");
  const names = await db
    .select({ id: people.id, name: people.name })
    .from(people)
    .where(inArray(people.id, [record.assessedBy, record.verifiedBy, "00000000-0000-0000-0000-000000000000"].filter((v): v is string => Boolean(v))));
  const nameOf = (id: string | null) => (id ? (names.find((n) => n.id === id)?.name ?? "a former member") : null);
  return {
    today,
    zone,
    record: {
      ...record,
      derivedStatus: deriveStatus(record, today),
      label: describeRecord(record, today),
      assessedByName: nameOf(record.assessedBy),
      verifiedByName: nameOf(record.verifiedBy),
    },
    item,
    person,
    evidence,
    observations,
    isSelf: user.id === record.userId,
    can: {
      verify: canVerify(user, subject),
      assess: canAssess(user, subject),
      addEvidence: canAddEvidence(user, subject),
      observe: canObserve(user, subject),
    },
  };
}

/**
 * An uploaded certificate, for someone allowed to see the record (the person, their supervisor,
 * managers and admins of the same organisation); the read is audited. Anyone else: 404.
 */
export async function getEvidenceFile(user: CurrentUser, evidenceId: string) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({
        id: competencyEvidence.id,
        recordId: competencyEvidence.recordId,
        kind: competencyEvidence.kind,
        fileName: competencyEvidence.fileName,
        contentType: competencyEvidence.contentType,
        content: competencyEvidence.content,
        ownerId: competencyRecords.userId,
      })
      .from(competencyEvidence)
      .innerJoin(competencyRecords, eq(competencyRecords.id, competencyEvidence.recordId))
      .where(and(eq(competencyEvidence.id, evidenceId), eq(competencyEvidence.organizationId, user.organizationId)));
    if (!row || row.kind !== "upload" || !row.content || !row.contentType) notFound("File not found");
    const subject = { organizationId: user.organizationId, userId: row.ownerId, supervisorIds: await supervisorIdsFor(tx, user.organizationId, row.ownerId) };
    if (!canViewRecord(user, subject)) notFound("File not found");
    await recordAudit(tx, {
      organizationId: user.organizationId,
      actorUserId: user.id,
      action: "competency.evidence.read",
      subjectType: "competency_evidence",
      subjectId: row.id,
    });
    return { fileName: row.fileName ?? "certificate", contentType: row.contentType, content: row.content };
  });
}

/** The facilitator's own page: what they hold, what is expiring, what is missing for their groups. */
export async function getMyCompetency(user: CurrentUser, now: Date) {
  const zone = await orgZone(db, user.organizationId);
  const today = todayInZone(now, zone);
  const items = await loadFramework(db, user.organizationId);
  const records = await recordsFor(db, user.organizationId, [user.id]);
  const held: HeldRecord[] = records.map((r) => ({ itemId: r.itemId, status: r.status, expiresOn: r.expiresOn }));
  const recordByItem = new Map(records.map((r) => [r.itemId, r]));
  const leading = await db
    .select({ id: groups.id, name: groups.name, kind: groups.kind })
    .from(groupFacilitators)
    .innerJoin(groups, eq(groups.id, groupFacilitators.groupId))
    .where(and(eq(groupFacilitators.userId, user.id), eq(groupFacilitators.organizationId, user.organizationId)))
    .orderBy(groups.name);
  const since = new Date(now.getTime() - 180 * 86_400_000);
  const proposals = await db
    .selectDistinctOn([competencyProposals.groupKind, competencyProposals.groupName], {
      groupId: competencyProposals.groupId,
      groupName: competencyProposals.groupName,
      groupKind: competencyProposals.groupKind,
      createdAt: competencyProposals.createdAt,
    })
    .from(competencyProposals)
    .where(
      and(
        eq(competencyProposals.organizationId, user.organizationId),
        eq(competencyProposals.facilitatorId, user.id),
        gte(competencyProposals.createdAt, since),
      ),
    )
    .orderBy(competencyProposals.groupKind, competencyProposals.groupName, desc(competencyProposals.createdAt));
  const leadingIds = new Set(leading.map((g) => g.id));
  const gaps = (groupKind: string) => missingRequirements({ items, records: held, groupKind, role: user.role, today });
  const roleItems = requiredItems(items, { groupKind: null, role: user.role });
  const supervisors = await supervisorContacts(db, user.organizationId, user.id);
  const supervisees = await db
    .select({ id: users.id, name: users.name })
    .from(competencySupervisors)
    .innerJoin(users, eq(users.id, competencySupervisors.facilitatorId))
    .where(and(eq(competencySupervisors.organizationId, user.organizationId), eq(competencySupervisors.supervisorId, user.id)))
    .orderBy(users.name);
  const describe = (itemId: string) => {
    const item = items.find((i) => i.id === itemId)!;
    const record = recordByItem.get(itemId) ?? null;
    return {
      itemId,
      code: item.code,
      name: item.name,
      standard: item.standard,
      kind: item.kind,
      recordId: record?.id ?? null,
      state: cellState(record, true, today),
      label: describeRecord(record, today),
      expiresOn: record?.expiresOn ?? null,
    };
  };
  return {
    today,
    zone,
    held: records
      .filter((r) => items.some((i) => i.id === r.itemId) && ["verified", "demonstrated"].includes(deriveStatus(r, today)))
      .map((r) => describe(r.itemId)),
    expiring: records.filter((r) => items.some((i) => i.id === r.itemId) && isExpiringSoon(r, today)).map((r) => describe(r.itemId)),
    inProgress: records.filter((r) => items.some((i) => i.id === r.itemId) && deriveStatus(r, today) === "in_progress").map((r) => describe(r.itemId)),
    roleGaps: roleItems.filter((i) => deriveStatus(recordByItem.get(i.id), today) !== "verified").map((i) => describe(i.id)),
    leading: leading.map((g) => ({ ...g, missing: gaps(g.kind).map((m) => ({ ...describe(m.itemId), problem: m.problem })) })),
    proposed: proposals
      .filter((p) => !p.groupId || !leadingIds.has(p.groupId))
      .map((p) => ({ ...p, missing: gaps(p.groupKind).map((m) => ({ ...describe(m.itemId), problem: m.problem })) }))
      .filter((p) => p.missing.length > 0),
    supervisors: supervisors.map((s) => s.name),
    supervisees,
    canManage: canManage(user.role),
  };
}

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
  return {
    settings,
    staff,
    facilitators: staff.filter((s) => s.role === "facilitator"),
    supervisorOf: Object.fromEntries(assignments.map((a) => [a.facilitatorId, a.supervisorId])),
  };
}

/**
 * For the group form: one line per staff member and set of group kinds they are not yet cleared
 * to lead, e.g. "Felix Facilitator (Class, Workshop): Managing group dynamics (PA-CSE 2.04): no record".
 */
export async function assignmentReadiness(user: CurrentUser, now: Date): Promise<string[]> {
  const zone = await orgZone(db, user.organizationId);
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
  const lines: string[] = [];
  for (const person of staff) {
    const held = records.filter((r) => r.userId === person.id).map((r) => ({ itemId: r.itemId, status: r.status, expiresOn: r.expiresOn }));
    const byText = new Map<string, string[]>();
    for (const kind of GROUP_KINDS) {
      const missing = missingRequirements({ items, records: held, groupKind: kind, role: person.role, today });
      if (!missing.length) continue;
      const text = describeMissing(missing);
      byText.set(text, [...(byText.get(text) ?? []), GROUP_KIND_LABELS[kind]]);
    }
    // Managers and admins without records are not expected to lead; list facilitators, and others who hold some record.
    if (person.role !== "facilitator" && held.length === 0) continue;
    for (const [text, kinds] of byText) lines.push(`${person.name} (${kinds.join(", ")}): ${text}`);
  }
  return lines;
}

/** One CSV field: quoted when needed, and never read as a formula by a spreadsheet. */
export function csvField(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The matrix as CSV, one line per person and item (the filters apply per line); the export is audited. */
export async function exportMatrixCsv(user: CurrentUser, filter: MatrixFilter, now: Date): Promise<string> {
  const matrix = await getMatrix(user, filter, now);
  const header = ["Facilitator", "Email", "Role", "Item code", "Item", "Standard", "Kind", "Required", "Status", "Achieved on", "Expires on", "Verified by", "Verified at"];
  const lines = [header.map(csvField).join(",")];
  for (const row of matrix.rows) {
    for (const cell of row.cells) {
      if (!cell.matches) continue;
      const item = matrix.items.find((i) => i.id === cell.itemId)!;
      lines.push(
        [
          row.person.name,
          row.person.email,
          row.person.role,
          item.code,
          item.name,
          item.standard,
          item.kind,
          cell.required ? "yes" : "no",
          cell.label,
          cell.achievedOn,
          cell.expiresOn,
          cell.verifiedBy,
          cell.verifiedAt ? cell.verifiedAt.toISOString() : "",
        ]
          .map(csvField)
          .join(","),
      );
    }
  }
  await recordAudit(db, {
    organizationId: user.organizationId,
    actorUserId: user.id,
    action: "competency.matrix.export",
    subjectType: "organization",
    subjectId: user.organizationId,
    after: { filter, lines: lines.length - 1 },
  });
  return lines.join("\r\n") + "\r\n";
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
