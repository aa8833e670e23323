import { and, eq } from "drizzle-orm";
import { db, type Executor } from "~/db/client.server";
import { enrolments, groupFacilitators, groups, memberships } from "~/db/schema";
import { referrals, resources } from "~/db/tables/referrals";
import { audit } from "~/modules/audit/mutations.server";
import { claimForm, recordOutcome, type FormClaim } from "~/modules/forms/mutations.server";
import type { CurrentUser } from "~/modules/auth/policy";
import { forbidden, NO_VERSION_ANSWERS, notFound, StaleSave, UnversionedSave, UserInputError } from "~/modules/errors";
import { canEditDirectory, canRecordReferral, seesAllReferrals } from "./policy";
import { referralScope } from "./queries.server";
import type { ReferralInput, ResourceInput } from "./schema";
import { resourceChangedSince, resourceVersion } from "./version";

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } };
  return e?.code === "23505" || e?.cause?.code === "23505";
}

const duplicateName = (name: string) => new UserInputError(`"${name}" is already in the directory. Edit that entry instead.`, "name");

export async function createResource(user: CurrentUser, input: ResourceInput) {
  if (!canEditDirectory(user)) forbidden();
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(resources)
        .values({ ...input, organizationId: user.organizationId })
        .returning({ id: resources.id });
      await audit(tx, { organizationId: user.organizationId, actorId: user.id, action: "resource.create", subjectType: "resource", subjectId: row.id, after: input });
      return row;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateName(input.name);
    throw error;
  }
}

export const STALE_RESOURCE =
  "This directory entry was changed by someone else after you opened this page, so nothing was saved. The form keeps your entries and the entry as it is saved now is shown above it: compare them, then save again.";

/**
 * Saves a directory entry. `version`: the entry's version its page was opened on
 * (resourceVersion), compared under the entry's row lock: an entry changed by someone else since
 * (on its page or by an import) is refused (StaleSave, naming the fields), and so is `null`, a
 * form that named none (UnversionedSave); callers outside a form pass no `version`.
 */
export async function updateResource(user: CurrentUser, resourceId: string, input: ResourceInput, now = new Date(), options: { version?: string | null } = {}) {
  if (!canEditDirectory(user)) forbidden();
  try {
    await db.transaction(async (tx) => {
      const [before] = await tx
        .select()
        .from(resources)
        .where(and(eq(resources.id, resourceId), eq(resources.organizationId, user.organizationId)))
        .for("update");
      if (!before) notFound("Resource not found");
      if (options.version !== undefined) {
        if (options.version === null) throw new UnversionedSave(NO_VERSION_ANSWERS, resourceVersion(before));
        const changed = resourceChangedSince(options.version, before);
        if (changed.length) throw new StaleSave(STALE_RESOURCE, resourceVersion(before), changed);
      }
      await tx.update(resources).set({ ...input, updatedAt: now }).where(eq(resources.id, resourceId));
      const { id: _i, organizationId: _o, createdAt: _c, updatedAt: _u, ...old } = before;
      await audit(tx, { organizationId: user.organizationId, actorId: user.id, action: "resource.update", subjectType: "resource", subjectId: resourceId, before: old, after: input });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateName(input.name);
    throw error;
  }
}

/**
 * Imports validated rows in one transaction: a name already in the directory (any case) is
 * updated, a new name is added. All or nothing.
 */
export async function importResources(user: CurrentUser, rows: ResourceInput[], now = new Date()) {
  if (!canEditDirectory(user)) forbidden();
  return db.transaction(async (tx) => {
    const existing = await tx
      .select({ id: resources.id, name: resources.name })
      .from(resources)
      .where(eq(resources.organizationId, user.organizationId))
      .for("update");
    const byName = new Map(existing.map((r) => [r.name.toLowerCase(), r.id]));
    let created = 0;
    let updated = 0;
    for (const row of rows) {
      const { line: _line, ...input } = row as ResourceInput & { line?: number };
      const id = byName.get(input.name.toLowerCase());
      if (id) {
        await tx.update(resources).set({ ...input, updatedAt: now }).where(eq(resources.id, id));
        updated++;
      } else {
        await tx.insert(resources).values({ ...input, organizationId: user.organizationId });
        created++;
      }
    }
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "resource.import",
      subjectType: "directory",
      subjectId: user.organizationId,
      after: { created, updated },
    });
    return { created, updated };
  });
}

async function assertParticipantInScope(tx: Executor, user: CurrentUser, participantId: string) {
  const [member] = await tx
    .select({ id: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.organizationId, user.organizationId), eq(memberships.userId, participantId), eq(memberships.role, "participant")));
  if (!member) throw new UserInputError("Choose a participant of your organisation.", "participantId");
  if (seesAllReferrals(user)) return;
  const [link] = await tx
    .select({ id: enrolments.id })
    .from(enrolments)
    .innerJoin(groupFacilitators, eq(groupFacilitators.groupId, enrolments.groupId))
    .where(and(eq(enrolments.userId, participantId), eq(groupFacilitators.userId, user.id), eq(enrolments.organizationId, user.organizationId)))
    .limit(1);
  if (!link) throw new UserInputError("You can refer people registered in the groups you lead. Ask a manager for anyone else.", "participantId");
}

export async function createReferral(
  user: CurrentUser,
  input: ReferralInput,
  /** The form's one-time token: the same referral sent again is not recorded twice. */
  claim?: FormClaim,
): Promise<{ id: string }> {
  if (!canRecordReferral(user)) forbidden();
  return db.transaction(async (tx) => {
    if (claim) {
      const first = await claimForm<{ id: string }>(tx, user.organizationId, claim);
      if (first) return first.outcome;
    }
    await assertParticipantInScope(tx, user, input.participantId);
    const [resource] = await tx
      .select({ id: resources.id })
      .from(resources)
      .where(and(eq(resources.id, input.resourceId), eq(resources.organizationId, user.organizationId)));
    if (!resource) throw new UserInputError("Choose a service from your directory.", "resourceId");
    if (input.groupId) {
      const [group] = await tx.select({ id: groups.id }).from(groups).where(and(eq(groups.id, input.groupId), eq(groups.organizationId, user.organizationId)));
      if (!group) throw new UserInputError("Choose a group from the list.", "groupId");
    }
    const [row] = await tx
      .insert(referrals)
      .values({ ...input, organizationId: user.organizationId, createdBy: user.id })
      .returning({ id: referrals.id });
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "referral.create",
      subjectType: "referral",
      subjectId: row.id,
      after: { participantId: input.participantId, resourceId: input.resourceId, needArea: input.needArea, referredOn: input.referredOn, followUpOn: input.followUpOn },
    });
    if (claim) await recordOutcome(tx, claim, { id: row.id });
    return row;
  });
}

export async function updateReferralOutcome(
  user: CurrentUser,
  input: { referralId: string; outcome: "pending" | "connected" | "not_connected" | "declined" | "no_response"; outcomeNote: string },
  now = new Date(),
) {
  if (!canRecordReferral(user)) forbidden();
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select({ id: referrals.id, outcome: referrals.outcome, outcomeNote: referrals.outcomeNote })
      .from(referrals)
      .where(and(eq(referrals.id, input.referralId), referralScope(user)))
      .for("update");
    if (!before) notFound("Referral not found");
    await tx
      .update(referrals)
      .set({ outcome: input.outcome, outcomeNote: input.outcomeNote, updatedAt: now })
      .where(eq(referrals.id, input.referralId));
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "referral.outcome",
      subjectType: "referral",
      subjectId: input.referralId,
      before: { outcome: before.outcome, outcomeNote: before.outcomeNote },
      after: { outcome: input.outcome, outcomeNote: input.outcomeNote },
    });
  });
}

