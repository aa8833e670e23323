import { and, count, countDistinct, eq, isNull, ne, sql } from "drizzle-orm";
import { db, type Executor } from "~/db/client.server";
import { enrolments, groupFacilitators, groups, memberships, sessions } from "~/db/schema";
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
import type { CurrentUser } from "~/modules/auth/policy";
import { forbidden, notFound, UserInputError } from "~/web/http.server";
import { computeExpiry, deriveStatus, todayInZone } from "./expiry";
import { detectFileType, formatBytes, safeFileName } from "./files";
import { STARTER_FRAMEWORK } from "./framework";
import {
  caseloadProblems,
  describeCaseload,
  describeMissing,
  missingRequirements,
  type CaseloadProblem,
  type MissingRequirement,
} from "./gate";
import { canAddEvidence, canAssess, canEditCompetencySettings, canEditFramework, canObserve, canVerify } from "./policy";
import { getSettings, loadFramework, orgZone, recordsFor, rolesOf, supervisorIdsFor } from "./queries.server";
import { DEMONSTRATION_RATING, MAX_UPLOAD_BYTES, type ItemInput, type RatingInput, type RecordAction, type SettingsInput } from "./schema";

/* ------------------------------------------------------------------ framework */

/**
 * Gives the organisation the starter framework (PA-CSE 2.03, 2.04, 2.06, 2.07) once. Later
 * changes by admins (archiving, editing) are kept: it never runs twice for an organisation.
 */
export async function ensureStarterFramework(exec: Executor, organizationId: string): Promise<void> {
  const settings = await getSettings(exec, organizationId);
  if (settings.frameworkInstalledAt) return;
  const run = async (tx: Executor) => {
    const claimed = await tx
      .insert(competencySettings)
      .values({ organizationId, frameworkInstalledAt: new Date() })
      .onConflictDoUpdate({
        target: competencySettings.organizationId,
        set: { frameworkInstalledAt: new Date() },
        setWhere: isNull(competencySettings.frameworkInstalledAt),
      })
      .returning({ id: competencySettings.organizationId });
    if (claimed.length === 0) return; // another request installed it first
    await tx
      .insert(competencyItems)
      .values(STARTER_FRAMEWORK.map((item) => ({ ...item, organizationId })))
      .onConflictDoNothing();
  };
  await (exec === db ? db.transaction(run) : run(exec));
}

function assertAdmin(user: CurrentUser) {
  if (!canEditFramework(user)) forbidden("Only an administrator can change the framework.");
}

export async function createItem(user: CurrentUser, input: ItemInput) {
  assertAdmin(user);
  return db.transaction(async (tx) => {
    const [clash] = await tx
      .select({ id: competencyItems.id })
      .from(competencyItems)
      .where(and(eq(competencyItems.organizationId, user.organizationId), eq(competencyItems.code, input.code)));
    if (clash) throw new UserInputError("Another item already uses this code.", "code");
    const [item] = await tx
      .insert(competencyItems)
      .values({ ...input, organizationId: user.organizationId })
      .returning({ id: competencyItems.id });
    await recordAudit(tx, {
      organizationId: user.organizationId,
      actorUserId: user.id,
      action: "competency.item.create",
      subjectType: "competency_item",
      subjectId: item.id,
      after: input,
    });
    return item;
  });
}

export async function updateItem(user: CurrentUser, itemId: string, input: ItemInput) {
  assertAdmin(user);
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(competencyItems)
      .where(and(eq(competencyItems.id, itemId), eq(competencyItems.organizationId, user.organizationId)));
    if (!before) notFound("Item not found");
    const [clash] = await tx
      .select({ id: competencyItems.id })
      .from(competencyItems)
      .where(and(eq(competencyItems.organizationId, user.organizationId), eq(competencyItems.code, input.code), ne(competencyItems.id, itemId)));
    if (clash) throw new UserInputError("Another item already uses this code.", "code");
    await tx.update(competencyItems).set(input).where(eq(competencyItems.id, itemId));
    if (before.validityMonths !== input.validityMonths) {
      // Expiry dates follow the item's validity.
      const records = await tx
        .select({ id: competencyRecords.id, achievedOn: competencyRecords.achievedOn })
        .from(competencyRecords)
        .where(and(eq(competencyRecords.itemId, itemId), eq(competencyRecords.organizationId, user.organizationId)));
      for (const r of records) {
        await tx
          .update(competencyRecords)
          .set({ expiresOn: computeExpiry(r.achievedOn, input.validityMonths), updatedAt: new Date() })
          .where(eq(competencyRecords.id, r.id));
      }
    }
    const { createdAt: _c, ...beforeFields } = before;
    await recordAudit(tx, {
      organizationId: user.organizationId,
      actorUserId: user.id,
      action: "competency.item.update",
      subjectType: "competency_item",
      subjectId: itemId,
      before: beforeFields,
      after: input,
    });
  });
}

export async function setItemArchived(user: CurrentUser, itemId: string, archived: boolean) {
  assertAdmin(user);
  await db.transaction(async (tx) => {
    const updated = await tx
      .update(competencyItems)
      .set({ archivedAt: archived ? new Date() : null })
      .where(and(eq(competencyItems.id, itemId), eq(competencyItems.organizationId, user.organizationId)))
      .returning({ id: competencyItems.id });
    if (!updated.length) notFound("Item not found");
    await recordAudit(tx, {
      organizationId: user.organizationId,
      actorUserId: user.id,
      action: archived ? "competency.item.archive" : "competency.item.restore",
      subjectType: "competency_item",
      subjectId: itemId,
    });
  });
}

/* ------------------------------------------------------------------ settings */

async function assertStaff(exec: Executor, organizationId: string, userId: string, field: string, message: string) {
  const [row] = await exec
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId)));
  if (!row || row.role === "participant") throw new UserInputError(message, field);
  return row.role;
}

export async function saveCompetencySettings(user: CurrentUser, input: SettingsInput) {
  if (!canEditCompetencySettings(user)) forbidden();
  await db.transaction(async (tx) => {
    if (input.defaultSupervisorId) {
      await assertStaff(tx, user.organizationId, input.defaultSupervisorId, "defaultSupervisorId", "Choose a supervisor from your organisation's staff.");
    }
    const before = await getSettings(tx, user.organizationId);
    await tx
      .insert(competencySettings)
      .values({ organizationId: user.organizationId, ...input, updatedAt: new Date() })
      .onConflictDoUpdate({ target: competencySettings.organizationId, set: { ...input, updatedAt: new Date() } });
    await recordAudit(tx, {
      organizationId: user.organizationId,
      actorUserId: user.id,
      action: "competency.settings.update",
      subjectType: "organization",
      subjectId: user.organizationId,
      before: {
        maxGroupsPerFacilitator: before.maxGroupsPerFacilitator,
        maxParticipantsPerFacilitator: before.maxParticipantsPerFacilitator,
        defaultSupervisorId: before.defaultSupervisorId,
      },
      after: input,
    });
  });
}

export async function setSupervisor(user: CurrentUser, input: { facilitatorId: string; supervisorId: string | null }) {
  if (!canEditCompetencySettings(user)) forbidden();
  await db.transaction(async (tx) => {
    await assertStaff(tx, user.organizationId, input.facilitatorId, "facilitatorId", "Choose a facilitator from your organisation.");
    if (input.supervisorId) {
      if (input.supervisorId === input.facilitatorId) throw new UserInputError("Nobody supervises themself; choose someone else.", "supervisorId");
      await assertStaff(tx, user.organizationId, input.supervisorId, "supervisorId", "Choose a supervisor from your organisation's staff.");
      await tx
        .insert(competencySupervisors)
        .values({ organizationId: user.organizationId, facilitatorId: input.facilitatorId, supervisorId: input.supervisorId })
        .onConflictDoUpdate({ target: [competencySupervisors.organizationId, competencySupervisors.facilitatorId], set: { supervisorId: input.supervisorId } });
    } else {
      await tx
        .delete(competencySupervisors)
        .where(and(eq(competencySupervisors.organizationId, user.organizationId), eq(competencySupervisors.facilitatorId, input.facilitatorId)));
    }
    await recordAudit(tx, {
      organizationId: user.organizationId,
      actorUserId: user.id,
      action: "competency.supervisor.set",
      subjectType: "user",
      subjectId: input.facilitatorId,
      after: { supervisorId: input.supervisorId },
    });
  });
}

/* ------------------------------------------------------------------ records */

async function subjectOf(exec: Executor, organizationId: string, userId: string) {
  return { organizationId, userId, supervisorIds: await supervisorIdsFor(exec, organizationId, userId) };
}

/** Locks a record of the user's organisation with its item, or 404. */
async function lockRecord(tx: Executor, user: CurrentUser, recordId: string) {
  const [row] = await tx
    .select({ record: competencyRecords, item: competencyItems })
    .from(competencyRecords)
    .innerJoin(competencyItems, eq(competencyItems.id, competencyRecords.itemId))
    .where(and(eq(competencyRecords.id, recordId), eq(competencyRecords.organizationId, user.organizationId)))
    .for("update", { of: competencyRecords });
  if (!row) notFound("Record not found");
  return row;
}

/** The record for a person and item, created (not started) if there is none yet. */
export async function openRecord(user: CurrentUser, input: { userId: string; itemId: string }) {
  return db.transaction(async (tx) => {
    const [item] = await tx
      .select({ id: competencyItems.id })
      .from(competencyItems)
      .where(and(eq(competencyItems.id, input.itemId), eq(competencyItems.organizationId, user.organizationId)));
    if (!item) notFound("Item not found");
    const [member] = await tx
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.organizationId, user.organizationId), eq(memberships.userId, input.userId)));
    if (!member || member.role === "participant") notFound("Person not found");
    if (!canAssess(user, await subjectOf(tx, user.organizationId, input.userId))) notFound("Person not found");
    const [created] = await tx
      .insert(competencyRecords)
      .values({ organizationId: user.organizationId, userId: input.userId, itemId: input.itemId })
      .onConflictDoNothing()
      .returning({ id: competencyRecords.id });
    if (created) {
      await recordAudit(tx, {
        organizationId: user.organizationId,
        actorUserId: user.id,
        action: "competency.record.open",
        subjectType: "competency_record",
        subjectId: created.id,
        after: input,
      });
      return created;
    }
    const [existing] = await tx
      .select({ id: competencyRecords.id })
      .from(competencyRecords)
      .where(and(eq(competencyRecords.userId, input.userId), eq(competencyRecords.itemId, input.itemId)));
    return existing;
  });
}

async function addEvidenceRow(
  tx: Executor,
  user: CurrentUser,
  recordId: string,
  evidence: { kind: "note" | "observation" | "upload"; note?: string; observationId?: string; fileName?: string; contentType?: string; content?: Buffer },
) {
  const [row] = await tx
    .insert(competencyEvidence)
    .values({
      organizationId: user.organizationId,
      recordId,
      kind: evidence.kind,
      note: evidence.note ?? "",
      observationId: evidence.observationId ?? null,
      fileName: evidence.fileName ?? null,
      contentType: evidence.contentType ?? null,
      sizeBytes: evidence.content ? evidence.content.byteLength : null,
      content: evidence.content ?? null,
      addedBy: user.id,
    })
    .returning({ id: competencyEvidence.id });
  return row;
}

/** Resolves open session flags for a record once it is verified again. */
async function resolveFlags(tx: Executor, recordId: string, now: Date) {
  await tx
    .update(competencySessionFlags)
    .set({ resolvedAt: now })
    .where(and(eq(competencySessionFlags.recordId, recordId), isNull(competencySessionFlags.resolvedAt)));
}

/**
 * Assess (set status and date), verify, send back, or add a note. Verification needs a
 * demonstrated, unexpired record with accepted evidence, by someone other than its holder.
 */
export async function applyRecordAction(user: CurrentUser, recordId: string, action: RecordAction, now: Date) {
  return db.transaction(async (tx) => {
    const { record, item } = await lockRecord(tx, user, recordId);
    const subject = await subjectOf(tx, user.organizationId, record.userId);
    const today = todayInZone(now, await orgZone(tx, user.organizationId));
    const audit = (name: string, after: unknown, reason = "") =>
      recordAudit(tx, {
        organizationId: user.organizationId,
        actorUserId: user.id,
        action: `competency.record.${name}`,
        subjectType: "competency_record",
        subjectId: record.id,
        before: { status: record.status, achievedOn: record.achievedOn, expiresOn: record.expiresOn, verifiedBy: record.verifiedBy },
        after,
        reason,
      });
    switch (action.intent) {
      case "assess": {
        if (!canAssess(user, subject)) notFound("Record not found");
        let achievedOn: string | null = null;
        if (action.status === "demonstrated") {
          if (!action.achievedOn) throw new UserInputError("Enter the date it was achieved.", "achievedOn");
          if (action.achievedOn > today) throw new UserInputError("The date achieved cannot be in the future.", "achievedOn");
          achievedOn = action.achievedOn;
        }
        const expiresOn = computeExpiry(achievedOn, item.validityMonths);
        if (expiresOn && expiresOn <= today) {
          throw new UserInputError(`Achieved on ${achievedOn}, this would already have expired on ${expiresOn}. Enter the date of the renewal.`, "achievedOn");
        }
        const next = { status: action.status, achievedOn, expiresOn, verifiedBy: null, verifiedAt: null };
        await tx
          .update(competencyRecords)
          .set({ ...next, assessedBy: user.id, assessedAt: now, updatedAt: now })
          .where(eq(competencyRecords.id, record.id));
        if (action.assessNote) await addEvidenceRow(tx, user, record.id, { kind: "note", note: action.assessNote });
        await audit("assess", next);
        return { message: "Record updated." };
      }
      case "verify": {
        if (!canVerify(user, subject)) {
          if (user.id === record.userId) throw new UserInputError("You cannot verify your own record; your supervisor or a manager does that.");
          notFound("Record not found");
        }
        const status = deriveStatus(record, today);
        if (status === "verified") throw new UserInputError("This record is already verified.");
        if (status === "expired") throw new UserInputError("This record has expired. Record the renewal (date achieved) before verifying.");
        if (status !== "demonstrated" || !record.achievedOn) {
          throw new UserInputError("Only a demonstrated record with a date achieved can be verified.");
        }
        const evidence = await tx
          .select({ kind: competencyEvidence.kind })
          .from(competencyEvidence)
          .where(eq(competencyEvidence.recordId, record.id));
        if (!evidence.some((e) => item.acceptedEvidence.includes(e.kind))) {
          throw new UserInputError(
            `Add evidence first: this item accepts ${item.acceptedEvidence.map((k) => (k === "upload" ? "an uploaded certificate" : k === "observation" ? "a session observation" : "a written note")).join(" or ")}.`,
          );
        }
        await tx
          .update(competencyRecords)
          .set({ status: "verified", verifiedBy: user.id, verifiedAt: now, updatedAt: now })
          .where(eq(competencyRecords.id, record.id));
        await resolveFlags(tx, record.id, now);
        await audit("verify", { status: "verified", verifiedBy: user.id });
        return { message: "Record verified." };
      }
      case "return": {
        if (!canVerify(user, subject)) {
          if (user.id === record.userId) throw new UserInputError("Your supervisor or a manager reviews your record, not you.");
          notFound("Record not found");
        }
        await tx
          .update(competencyRecords)
          .set({ status: "in_progress", verifiedBy: null, verifiedAt: null, updatedAt: now })
          .where(eq(competencyRecords.id, record.id));
        await addEvidenceRow(tx, user, record.id, { kind: "note", note: `Sent back: ${action.reason}` });
        await audit("return", { status: "in_progress" }, action.reason);
        return { message: "Record sent back as in progress." };
      }
      case "note": {
        if (!canAddEvidence(user, subject)) notFound("Record not found");
        await addEvidenceRow(tx, user, record.id, { kind: "note", note: action.note });
        await audit("evidence.note", { kind: "note" });
        return { message: "Note added." };
      }
    }
  });
}

/**
 * Stores an uploaded certificate in PostgreSQL after checking its size and that its bytes really
 * are a PDF, PNG or JPEG (the declared type is ignored).
 */
export async function addUploadEvidence(user: CurrentUser, recordId: string, file: { name: string; bytes: Uint8Array }) {
  if (file.bytes.byteLength === 0) throw new UserInputError("Choose a file to upload.", "certificate");
  if (file.bytes.byteLength > MAX_UPLOAD_BYTES) {
    throw new UserInputError(`This file is ${formatBytes(file.bytes.byteLength)}; the limit is ${formatBytes(MAX_UPLOAD_BYTES)}.`, "certificate");
  }
  const type = detectFileType(file.bytes);
  if (!type) {
    throw new UserInputError("Upload a PDF, PNG or JPEG file. This file's content is not one of those, whatever its name says.", "certificate");
  }
  return db.transaction(async (tx) => {
    const { record, item } = await lockRecord(tx, user, recordId);
    if (!canAddEvidence(user, await subjectOf(tx, user.organizationId, record.userId))) notFound("Record not found");
    if (!item.acceptedEvidence.includes("upload")) {
      throw new UserInputError("This item does not accept uploaded certificates; add a note or an observation instead.", "certificate");
    }
    const evidence = await addEvidenceRow(tx, user, record.id, {
      kind: "upload",
      fileName: safeFileName(file.name, type),
      contentType: type,
      content: Buffer.from(file.bytes),
    });
    await recordAudit(tx, {
      organizationId: user.organizationId,
      actorUserId: user.id,
      action: "competency.record.evidence.upload",
      subjectType: "competency_record",
      subjectId: record.id,
      after: { evidenceId: evidence.id, contentType: type, sizeBytes: file.bytes.byteLength },
    });
    return evidence;
  });
}

/* ------------------------------------------------------------------ observations */

/**
 * A supervisor's observation of a session the facilitator led. Each rating of 3 or more counts as
 * demonstration of that competency (dated the session's day), to be verified separately.
 */
export async function recordObservation(
  user: CurrentUser,
  input: { facilitatorId: string; sessionId: string; notes: string; ratings: RatingInput[] },
  now: Date,
) {
  return db.transaction(async (tx) => {
    const [member] = await tx
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.organizationId, user.organizationId), eq(memberships.userId, input.facilitatorId)));
    if (!member || member.role === "participant") throw new UserInputError("Choose a facilitator from your organisation.", "facilitatorId");
    if (!canObserve(user, await subjectOf(tx, user.organizationId, input.facilitatorId))) {
      throw new UserInputError(
        user.id === input.facilitatorId ? "You cannot observe yourself; your supervisor records observations of you." : "You do not supervise this facilitator.",
        "facilitatorId",
      );
    }
    const [session] = await tx
      .select({ id: sessions.id, startsAt: sessions.startsAt, status: sessions.status, groupName: groups.name })
      .from(sessions)
      .innerJoin(groups, eq(groups.id, sessions.groupId))
      .innerJoin(groupFacilitators, and(eq(groupFacilitators.groupId, groups.id), eq(groupFacilitators.userId, input.facilitatorId)))
      .where(and(eq(sessions.id, input.sessionId), eq(sessions.organizationId, user.organizationId)));
    if (!session) throw new UserInputError("Choose a session this facilitator led.", "sessionId");
    if (session.status === "cancelled") throw new UserInputError("This session was cancelled; choose one that took place.", "sessionId");
    if (session.startsAt.getTime() > now.getTime()) throw new UserInputError("This session has not started yet; observe it first.", "sessionId");
    const zone = await orgZone(tx, user.organizationId);
    const sessionDay = todayInZone(session.startsAt, zone);
    const today = todayInZone(now, zone);
    const observable = (await loadFramework(tx, user.organizationId)).filter((i) => i.observable);
    for (const r of input.ratings) {
      if (!observable.some((i) => i.id === r.itemId)) throw new UserInputError("Rate only the competencies listed.", "_form");
    }
    const [observation] = await tx
      .insert(competencyObservations)
      .values({ organizationId: user.organizationId, facilitatorId: input.facilitatorId, observerId: user.id, sessionId: session.id, notes: input.notes })
      .returning({ id: competencyObservations.id });
    await tx
      .insert(competencyObservationRatings)
      .values(input.ratings.map((r) => ({ ...r, observationId: observation.id, organizationId: user.organizationId })));
    const existing = await recordsFor(tx, user.organizationId, [input.facilitatorId]);
    let demonstrated = 0;
    for (const rating of input.ratings) {
      const item = observable.find((i) => i.id === rating.itemId)!;
      let record = existing.find((r) => r.itemId === rating.itemId);
      if (!record) {
        [record] = await tx
          .insert(competencyRecords)
          .values({ organizationId: user.organizationId, userId: input.facilitatorId, itemId: item.id })
          .returning();
      }
      const current = deriveStatus(record, today);
      const label = `Observed ${session.groupName} on ${sessionDay}: rated ${rating.rating} of 4.${rating.note ? ` ${rating.note}` : ""}`;
      await addEvidenceRow(tx, user, record.id, { kind: "observation", observationId: observation.id, note: label });
      const expiresOn = computeExpiry(sessionDay, item.validityMonths);
      if (rating.rating >= DEMONSTRATION_RATING && current !== "verified" && (!expiresOn || expiresOn > today)) {
        demonstrated++;
        await tx
          .update(competencyRecords)
          .set({ status: "demonstrated", achievedOn: sessionDay, expiresOn, assessedBy: user.id, assessedAt: now, verifiedBy: null, verifiedAt: null, updatedAt: now })
          .where(eq(competencyRecords.id, record.id));
      } else if (rating.rating < DEMONSTRATION_RATING && (current === "not_started" || current === "expired")) {
        await tx
          .update(competencyRecords)
          .set({ status: "in_progress", assessedBy: user.id, assessedAt: now, updatedAt: now })
          .where(eq(competencyRecords.id, record.id));
      }
    }
    await recordAudit(tx, {
      organizationId: user.organizationId,
      actorUserId: user.id,
      action: "competency.observation.create",
      subjectType: "competency_observation",
      subjectId: observation.id,
      after: { facilitatorId: input.facilitatorId, sessionId: session.id, ratings: input.ratings.map((r) => ({ itemId: r.itemId, rating: r.rating })) },
    });
    return { id: observation.id, demonstrated };
  });
}

/* ------------------------------------------------------------------ the assignment gate */

/** Thrown when a facilitator may not be assigned and no override reason was given. */
export class FacilitatorNotEligibleError extends UserInputError {
  constructor(
    message: string,
    public blocked: { userId: string; missing: MissingRequirement[]; caseload: CaseloadProblem[] }[],
    field = "facilitatorIds",
  ) {
    super(message, field);
  }
}

export const MIN_OVERRIDE_REASON = 10;

type Override = { reason: string; actorUserId: string; groupId?: string | null; sessionId?: string | null };

async function eligibilityInputs(tx: Executor, organizationId: string, userIds: string[]) {
  // The gate always has a framework to apply, even before anyone opened a competency page: it is
  // installed in the caller's transaction (no second connection while this one is held; a refused
  // assignment rolls it back, and the next attempt installs it again).
  await ensureStarterFramework(tx, organizationId);
  const [items, records, roles, zone] = await Promise.all([
    loadFramework(tx, organizationId),
    recordsFor(tx, organizationId, userIds),
    rolesOf(tx, organizationId, userIds),
    orgZone(tx, organizationId),
  ]);
  return { items, records, roles, zone };
}

function overrideReasonOrNull(override: { reason: string } | undefined | null): string | null {
  const reason = override?.reason.trim() ?? "";
  return reason.length ? reason : null;
}

async function writeOverride(
  tx: Executor,
  input: {
    organizationId: string;
    facilitatorId: string;
    groupKind: string;
    rule: "competency" | "caseload";
    details: unknown;
    override: Override;
  },
) {
  const [row] = await tx
    .insert(competencyOverrides)
    .values({
      organizationId: input.organizationId,
      facilitatorId: input.facilitatorId,
      groupId: input.override.groupId ?? null,
      sessionId: input.override.sessionId ?? null,
      groupKind: input.groupKind,
      rule: input.rule,
      details: input.details,
      reason: input.override.reason.trim(),
      approvedBy: input.override.actorUserId,
    })
    .returning({ id: competencyOverrides.id });
  await recordAudit(tx, {
    organizationId: input.organizationId,
    actorUserId: input.override.actorUserId,
    action: `competency.override.${input.rule}`,
    subjectType: input.override.sessionId ? "session" : "group",
    subjectId: input.override.sessionId ?? input.override.groupId ?? "",
    after: { overrideId: row.id, facilitatorId: input.facilitatorId, groupKind: input.groupKind, details: input.details },
    reason: input.override.reason.trim(),
  });
}

/**
 * The gate for one person and one group kind (the scheduling publisher calls this before it
 * publishes sessions led by `userId`). Passes when they hold current verified records for
 * everything required; otherwise throws FacilitatorNotEligibleError, unless `override` carries a
 * written reason, in which case the override is stored and audited and the call passes.
 */
export async function assertFacilitatorEligible(
  tx: Executor,
  input: { organizationId: string; groupKind: string; userId: string; now: Date; override?: Override | null },
): Promise<{ missing: MissingRequirement[]; overridden: boolean }> {
  const { items, records, roles, zone } = await eligibilityInputs(tx, input.organizationId, [input.userId]);
  const person = roles.get(input.userId);
  if (!person || person.role === "participant") throw new UserInputError("Choose a facilitator from your organisation's staff.", "facilitatorIds");
  const missing = missingRequirements({
    items,
    records: records.map((r) => ({ itemId: r.itemId, status: r.status, expiresOn: r.expiresOn })),
    groupKind: input.groupKind,
    role: person.role,
    today: todayInZone(input.now, zone),
  });
  if (missing.length === 0) return { missing, overridden: false };
  const reason = overrideReasonOrNull(input.override);
  if (!reason || reason.length < MIN_OVERRIDE_REASON) {
    throw new FacilitatorNotEligibleError(
      `${person.name} cannot lead a ${input.groupKind.replace(/_/g, " ")} yet: ${describeMissing(missing)}.${
        reason ? ` An override needs a reason of at least ${MIN_OVERRIDE_REASON} characters.` : ""
      }`,
      [{ userId: input.userId, missing, caseload: [] }],
    );
  }
  await writeOverride(tx, {
    organizationId: input.organizationId,
    facilitatorId: input.userId,
    groupKind: input.groupKind,
    rule: "competency",
    details: missing.map((m) => ({ code: m.code, name: m.name, standard: m.standard, problem: m.problem })),
    override: input.override!,
  });
  return { missing, overridden: true };
}

/**
 * The gate as group facilitator assignment uses it (createGroup / updateGroup call this inside
 * their transaction, before writing the facilitators). Checks the people being added (everyone
 * when the group's kind changes) for required competencies, and the added people for the
 * caseload limits (PA-CSE 2.08). With a reason, every problem is overridden, stored and audited;
 * without one it throws a FacilitatorNotEligibleError listing every problem, and records the
 * refused proposal so the facilitator sees what they lack.
 */
export async function gateFacilitatorAssignment(
  tx: Executor,
  input: {
    actor: CurrentUser;
    group: { id: string; name: string; kind: string };
    previousFacilitatorIds: string[];
    facilitatorIds: string[];
    kindChanged: boolean;
    overrideReason: string;
    now: Date;
  },
) {
  const organizationId = input.actor.organizationId;
  const wanted = [...new Set(input.facilitatorIds)];
  const added = wanted.filter((id) => !input.previousFacilitatorIds.includes(id));
  const toCheck = input.kindChanged ? wanted : added;
  if (toCheck.length === 0) return { overrides: 0 };
  const { items, records, roles, zone } = await eligibilityInputs(tx, organizationId, toCheck);
  const today = todayInZone(input.now, zone);
  const settings = await getSettings(tx, organizationId);
  const limits = { maxGroups: settings.maxGroupsPerFacilitator, maxParticipants: settings.maxParticipantsPerFacilitator };
  const blocked: { userId: string; name: string; missing: MissingRequirement[]; caseload: CaseloadProblem[] }[] = [];
  for (const userId of toCheck) {
    const person = roles.get(userId);
    if (!person) continue; // assertStaffOfOrg already refused strangers
    const missing = missingRequirements({
      items,
      records: records.filter((r) => r.userId === userId).map((r) => ({ itemId: r.itemId, status: r.status, expiresOn: r.expiresOn })),
      groupKind: input.group.kind,
      role: person.role,
      today,
    });
    let caseload: CaseloadProblem[] = [];
    if (added.includes(userId) && (limits.maxGroups !== null || limits.maxParticipants !== null)) {
      caseload = caseloadProblems(limits, await caseloadAfter(tx, organizationId, userId, input.group.id));
    }
    if (missing.length || caseload.length) blocked.push({ userId, name: person.name, missing, caseload });
  }
  if (blocked.length === 0) return { overrides: 0 };
  const reason = input.overrideReason.trim();
  if (reason.length < MIN_OVERRIDE_REASON) {
    const lines = blocked.map((b) =>
      [`${b.name} cannot lead this ${input.group.kind.replace(/_/g, " ")}`, b.missing.length ? `missing ${describeMissing(b.missing)}` : "", b.caseload.length ? describeCaseload(b.caseload) : ""]
        .filter(Boolean)
        .join(": "),
    );
    await recordProposals(organizationId, input, blocked.filter((b) => b.missing.length));
    throw new FacilitatorNotEligibleError(
      `${lines.join(". ")}. ${
        reason.length
          ? `To assign anyway, the reason must be at least ${MIN_OVERRIDE_REASON} characters.`
          : "Untick them, or give a reason under “Assign anyway” to override."
      }`,
      blocked,
    );
  }
  let overrides = 0;
  const override: Override = { reason, actorUserId: input.actor.id, groupId: input.group.id };
  for (const b of blocked) {
    if (b.missing.length) {
      await writeOverride(tx, {
        organizationId,
        facilitatorId: b.userId,
        groupKind: input.group.kind,
        rule: "competency",
        details: b.missing.map((m) => ({ code: m.code, name: m.name, standard: m.standard, problem: m.problem })),
        override,
      });
      overrides++;
    }
    if (b.caseload.length) {
      await writeOverride(tx, { organizationId, facilitatorId: b.userId, groupKind: input.group.kind, rule: "caseload", details: b.caseload, override });
      overrides++;
    }
  }
  return { overrides };
}

/** Groups led and distinct enrolled participants served if `userId` also leads `groupId`. */
async function caseloadAfter(tx: Executor, organizationId: string, userId: string, groupId: string) {
  const led = tx
    .select({ id: groupFacilitators.groupId })
    .from(groupFacilitators)
    .where(and(eq(groupFacilitators.organizationId, organizationId), eq(groupFacilitators.userId, userId), ne(groupFacilitators.groupId, groupId)));
  const [groupCount] = await tx.select({ n: count() }).from(led.as("led"));
  const [participants] = await tx
    .select({ n: countDistinct(enrolments.userId) })
    .from(enrolments)
    .where(
      and(
        eq(enrolments.organizationId, organizationId),
        eq(enrolments.status, "enrolled"),
        sql`(${enrolments.groupId} in (${led}) or ${enrolments.groupId} = ${groupId})`,
      ),
    );
  return { groups: Number(groupCount?.n ?? 0) + 1, participants: Number(participants?.n ?? 0) };
}

/**
 * Written outside the caller's transaction on purpose: the refused assignment rolls back, but the
 * facilitator's page should still show what they lack for the group they were proposed for.
 * A new group has no id yet (its insert rolls back), so only its name and kind are kept.
 */
async function recordProposals(
  organizationId: string,
  input: { actor: CurrentUser; group: { id: string; name: string; kind: string }; previousFacilitatorIds: string[] },
  blocked: { userId: string }[],
) {
  if (!blocked.length) return;
  const [exists] = await db.select({ id: groups.id }).from(groups).where(and(eq(groups.id, input.group.id), eq(groups.organizationId, organizationId)));
  await db.insert(competencyProposals).values(
    blocked.map((b) => ({
      organizationId,
      facilitatorId: b.userId,
      groupId: exists ? input.group.id : null,
      groupName: input.group.name,
      groupKind: input.group.kind,
      proposedBy: input.actor.id,
    })),
  );
}

