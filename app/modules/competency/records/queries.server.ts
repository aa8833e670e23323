import { alias } from "drizzle-orm/pg-core";
import { and, desc, eq, gte, inArray } from "drizzle-orm";
import { db } from "~/db/client.server";
import { groupFacilitators, groups, sessions, users } from "~/db/schema";
import {
  competencyEvidence,
  competencyItems,
  competencyObservationRatings,
  competencyObservations,
  competencyProposals,
  competencyRecords,
  competencySupervisors,
} from "~/db/tables/competency";
import { audit } from "~/modules/audit/mutations.server";
import { canManage, type CurrentUser } from "~/modules/auth/policy";
import { notFound } from "~/modules/errors";
import { deriveStatus, describeRecord, isExpiringSoon, todayInZone } from "~/modules/competency/expiry";
import { missingRequirements, requiredItems, type HeldRecord } from "~/modules/competency/gate";
import { canAddEvidence, canAssess, canObserve, canVerify, canViewRecord } from "~/modules/competency/policy";
import { loadFramework, userOrgZone, recordsFor, staffMember, supervisorContacts, supervisorIdsFor } from "~/modules/competency/queries.server";
import { cellState } from "~/modules/competency/matrix/queries.server";

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
  const zone = await userOrgZone(db, user);
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
  // null both for nobody and for a deleted account: the page tells them apart by the record's id column.
  const nameOf = (id: string | null) => (id ? (names.find((n) => n.id === id)?.name ?? null) : null);
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
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "competency.evidence.read",
      subjectType: "competency_evidence",
      subjectId: row.id,
    });
    return { fileName: row.fileName ?? "certificate", contentType: row.contentType, content: row.content };
  });
}

/** The facilitator's own page: what they hold, what is expiring, what is missing for their groups. */
export async function getMyCompetency(user: CurrentUser, now: Date) {
  const zone = await userOrgZone(db, user);
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
