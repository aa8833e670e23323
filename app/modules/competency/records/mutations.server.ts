import { and, eq, isNull } from "drizzle-orm";
import { db, type Executor } from "~/db/client.server";
import { memberships } from "~/db/schema";
import { competencyEvidence, competencyItems, competencyRecords, competencySessionFlags } from "~/db/tables/competency";
import { audit } from "~/modules/audit/mutations.server";
import type { CurrentUser } from "~/modules/auth/policy";
import { notFound, UserInputError } from "~/modules/errors";
import { computeExpiry, deriveStatus, todayInZone } from "~/modules/competency/expiry";
import { checkUploadedFile } from "~/modules/competency/files";
import { canAddEvidence, canAssess, canVerify } from "~/modules/competency/policy";
import { orgZone, subjectOf } from "~/modules/competency/queries.server";
import { MAX_UPLOAD_BYTES, type RecordAction } from "~/modules/competency/schema";

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
      await audit(tx, {
        organizationId: user.organizationId,
        actorId: user.id,
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

export async function addEvidenceRow(
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
    const trail = (name: "assess" | "verify" | "return" | "evidence.note", after: unknown, reason = "") =>
      audit(tx, {
        organizationId: user.organizationId,
        actorId: user.id,
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
        await trail("assess", next);
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
        await trail("verify", { status: "verified", verifiedBy: user.id });
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
        await trail("return", { status: "in_progress" }, action.reason);
        return { message: "Record sent back as in progress." };
      }
      case "note": {
        if (!canAddEvidence(user, subject)) notFound("Record not found");
        await addEvidenceRow(tx, user, record.id, { kind: "note", note: action.note });
        await trail("evidence.note", { kind: "note" });
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
  const checked = checkUploadedFile(file, { maxBytes: MAX_UPLOAD_BYTES });
  if (!checked.ok) throw new UserInputError(checked.message, "certificate");
  const type = checked.type;
  return db.transaction(async (tx) => {
    const { record, item } = await lockRecord(tx, user, recordId);
    if (!canAddEvidence(user, await subjectOf(tx, user.organizationId, record.userId))) notFound("Record not found");
    if (!item.acceptedEvidence.includes("upload")) {
      throw new UserInputError("This item does not accept uploaded certificates; add a note or an observation instead.", "certificate");
    }
    const evidence = await addEvidenceRow(tx, user, record.id, {
      kind: "upload",
      fileName: checked.fileName,
      contentType: type,
      content: Buffer.from(file.bytes),
    });
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "competency.record.evidence.upload",
      subjectType: "competency_record",
      subjectId: record.id,
      after: { evidenceId: evidence.id, contentType: type, sizeBytes: file.bytes.byteLength },
    });
    return evidence;
  });
}
