import { and, eq, isNull, ne, sql } from "drizzle-orm";
import { db, type Executor } from "~/db/client.server";
import { competencyItems, competencyRecords, competencySettings } from "~/db/tables/competency";
import { audit } from "~/modules/audit/mutations.server";
import type { CurrentUser } from "~/modules/auth/policy";
import { forbidden, notFound, UserInputError } from "~/modules/errors";
import { computeExpiry } from "~/modules/competency/expiry";
import { STARTER_FRAMEWORK } from "~/modules/competency/framework";
import { itemForm } from "~/modules/competency/framework/version";
import { canEditFramework } from "~/modules/competency/policy";
import { getSettings } from "~/modules/competency/queries.server";
import type { ItemInput } from "~/modules/competency/schema";

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

/**
 * Two saves of the same code at once (a form sent twice, two administrators) take turns, so the
 * second finds the first's item and says so instead of failing on the unique index.
 */
async function lockCode(tx: Executor, organizationId: string, code: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`competency-item-code:${organizationId}:${code}`}, 0))`);
}

export async function createItem(user: CurrentUser, input: ItemInput) {
  assertAdmin(user);
  return db.transaction(async (tx) => {
    await lockCode(tx, user.organizationId, input.code);
    const [clash] = await tx
      .select({ id: competencyItems.id })
      .from(competencyItems)
      .where(and(eq(competencyItems.organizationId, user.organizationId), eq(competencyItems.code, input.code)));
    if (clash) throw new UserInputError("Another item already uses this code.", "code");
    const [item] = await tx
      .insert(competencyItems)
      .values({ ...input, organizationId: user.organizationId })
      .returning({ id: competencyItems.id });
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "competency.item.create",
      subjectType: "competency_item",
      subjectId: item.id,
      after: input,
    });
    return item;
  });
}

/**
 * Saves an item's form whole. `version` is the one the edit form was opened on (itemForm.version):
 * a save from a form opened before a colleague changed the item would write the old fields back, so
 * it is refused, naming the fields changed (StaleSave); `null` (a form that named none) is refused
 * too (UnversionedSave); callers outside a form pass none.
 */
export async function updateItem(user: CurrentUser, itemId: string, input: ItemInput, options: { version?: string | null } = {}) {
  assertAdmin(user);
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(competencyItems)
      .where(and(eq(competencyItems.id, itemId), eq(competencyItems.organizationId, user.organizationId)))
      .for("update");
    if (!before) notFound("Item not found");
    itemForm.assertUnchanged(options.version, before);
    await lockCode(tx, user.organizationId, input.code);
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
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
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
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: archived ? "competency.item.archive" : "competency.item.restore",
      subjectType: "competency_item",
      subjectId: itemId,
    });
  });
}
