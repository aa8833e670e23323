import { and, eq, gt, lt, or, sql } from "drizzle-orm";
import type { z } from "zod";
import { db, type Executor } from "~/db/client.server";
import { customOutcomeMeasures, outcomeMeasures } from "~/db/tables/metrics";
import { audit } from "~/modules/audit/mutations.server";
import type { CurrentUser } from "~/modules/auth/policy";
import { forbidden, notFound, UserInputError } from "~/modules/errors";
import { canViewMetrics } from "../policy";
import type { customMeasureSchema } from "../schema";

type MeasureInput = z.infer<typeof customMeasureSchema>;

const fieldsOf = (m: { name: string; instrument: string; standardInstrument: boolean; scoreMin: number; scoreMax: number; higherIsBetter: boolean }) => ({
  name: m.name,
  instrument: m.instrument,
  standardInstrument: m.standardInstrument,
  scoreMin: m.scoreMin,
  scoreMax: m.scoreMax,
  higherIsBetter: m.higherIsBetter,
});

const valuesOf = (data: MeasureInput) => fieldsOf({ ...data, higherIsBetter: data.direction === "higher" });

async function assertNameFree(tx: Executor, organizationId: string, name: string, exceptId: string | null) {
  const [clash] = await tx
    .select({ id: customOutcomeMeasures.id })
    .from(customOutcomeMeasures)
    .where(and(eq(customOutcomeMeasures.organizationId, organizationId), sql`lower(${customOutcomeMeasures.name}) = lower(${name})`, exceptId ? sql`${customOutcomeMeasures.id} <> ${exceptId}` : sql`true`));
  if (clash) throw new UserInputError(`The organisation already has a measure called “${name}”; give this one another name.`, "name");
}

async function measureOf(tx: Executor, user: CurrentUser, measureId: string) {
  const [row] = await tx
    .select()
    .from(customOutcomeMeasures)
    .where(and(eq(customOutcomeMeasures.id, measureId), eq(customOutcomeMeasures.organizationId, user.organizationId)))
    .for("update");
  if (!row) notFound("Measure not found");
  return row;
}

/** Managers add one of the organisation's own outcome measures (domain `other`). */
export async function defineCustomMeasure(user: CurrentUser, data: MeasureInput) {
  if (!canViewMetrics(user)) forbidden("Only the organisation's managers define outcome measures.");
  return db.transaction(async (tx) => {
    // Two managers adding the same name at once: the unique index decides; take turns first.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('custom_outcome_measures'), hashtext(${user.organizationId}))`);
    await assertNameFree(tx, user.organizationId, data.name, null);
    const values = valuesOf(data);
    const [row] = await tx
      .insert(customOutcomeMeasures)
      .values({ organizationId: user.organizationId, ...values, createdBy: user.id })
      .returning({ id: customOutcomeMeasures.id });
    await audit(tx, { organizationId: user.organizationId, actorId: user.id, action: "outcome_measure.define", subjectType: "custom_outcome_measure", subjectId: row.id, after: values });
    return row.id;
  });
}

/**
 * Managers correct a measure's definition. A range that would leave recorded scores outside it is
 * refused with the count, as the five domains' scale is. Returns false when nothing changed.
 */
export async function editCustomMeasure(user: CurrentUser, measureId: string, data: MeasureInput) {
  if (!canViewMetrics(user)) forbidden("Only the organisation's managers define outcome measures.");
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('custom_outcome_measures'), hashtext(${user.organizationId}))`);
    const current = await measureOf(tx, user, measureId);
    const before = fieldsOf(current);
    const after = valuesOf(data);
    if (JSON.stringify(before) === JSON.stringify(after)) return false;
    await assertNameFree(tx, user.organizationId, data.name, current.id);
    const [outside] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(outcomeMeasures)
      .where(and(eq(outcomeMeasures.organizationId, user.organizationId), eq(outcomeMeasures.customMeasureId, current.id), or(lt(outcomeMeasures.score, after.scoreMin), gt(outcomeMeasures.score, after.scoreMax))));
    if (outside.n > 0) throw new UserInputError(`${outside.n} recorded ${outside.n === 1 ? "score falls" : "scores fall"} outside ${after.scoreMin}–${after.scoreMax}; keep the range wide enough for them.`, "scoreMin");
    await tx.update(customOutcomeMeasures).set({ ...after, updatedAt: new Date() }).where(eq(customOutcomeMeasures.id, current.id));
    await audit(tx, { organizationId: user.organizationId, actorId: user.id, action: "outcome_measure.edit", subjectType: "custom_outcome_measure", subjectId: current.id, before, after });
    return true;
  });
}

/** Retire (no new scores; recorded scores and their figures stay) or reinstate a measure. */
export async function setCustomMeasureRetired(user: CurrentUser, measureId: string, retired: boolean, now: Date) {
  if (!canViewMetrics(user)) forbidden("Only the organisation's managers define outcome measures.");
  return db.transaction(async (tx) => {
    const current = await measureOf(tx, user, measureId);
    if ((current.retiredAt !== null) === retired) return false;
    await tx.update(customOutcomeMeasures).set({ retiredAt: retired ? now : null, updatedAt: now }).where(eq(customOutcomeMeasures.id, current.id));
    await audit(tx, { organizationId: user.organizationId, actorId: user.id, action: retired ? "outcome_measure.retire" : "outcome_measure.reinstate", subjectType: "custom_outcome_measure", subjectId: current.id, after: { name: current.name } });
    return true;
  });
}
