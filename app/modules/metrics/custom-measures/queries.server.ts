import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { db, type Executor } from "~/db/client.server";
import { rows } from "~/db/rows.server";
import { customOutcomeMeasures } from "~/db/tables/metrics";
import type { CurrentUser } from "~/modules/auth/policy";
import type { CustomMeasureDefinition } from "./change";

const columns = {
  id: customOutcomeMeasures.id,
  name: customOutcomeMeasures.name,
  instrument: customOutcomeMeasures.instrument,
  standardInstrument: customOutcomeMeasures.standardInstrument,
  scoreMin: customOutcomeMeasures.scoreMin,
  scoreMax: customOutcomeMeasures.scoreMax,
  higherIsBetter: customOutcomeMeasures.higherIsBetter,
  retired: sql<boolean>`${customOutcomeMeasures.retiredAt} is not null`,
};

/** The organisation's own outcome measures (domain `other`), active first, then by name. */
export async function listCustomMeasures(organizationId: string, exec: Executor = db): Promise<CustomMeasureDefinition[]> {
  return exec
    .select(columns)
    .from(customOutcomeMeasures)
    .where(eq(customOutcomeMeasures.organizationId, organizationId))
    .orderBy(sql`${customOutcomeMeasures.retiredAt} is not null`, asc(sql`lower(${customOutcomeMeasures.name})`));
}

/** The measures that take new scores now (not retired). */
export async function activeCustomMeasures(organizationId: string, exec: Executor = db): Promise<CustomMeasureDefinition[]> {
  return exec
    .select(columns)
    .from(customOutcomeMeasures)
    .where(and(eq(customOutcomeMeasures.organizationId, organizationId), isNull(customOutcomeMeasures.retiredAt)))
    .orderBy(asc(sql`lower(${customOutcomeMeasures.name})`));
}

/** The managers' page: every measure with how many scores are recorded on it. */
export async function customMeasuresPage(user: CurrentUser) {
  const counts = await rows<{ id: string; scores: number }>(sql`
    select c.id, (select count(*)::int from outcome_measures m where m.custom_measure_id = c.id and m.organization_id = ${user.organizationId}) as scores
    from custom_outcome_measures c where c.organization_id = ${user.organizationId}`);
  const byId = new Map(counts.map((r) => [r.id, r.scores]));
  return (await listCustomMeasures(user.organizationId)).map((m) => ({ ...m, scores: byId.get(m.id) ?? 0 }));
}
