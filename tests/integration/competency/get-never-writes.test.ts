import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { competencyItems, competencySettings } from "~/db/tables/competency";
import * as matrixPage from "~/routes/competency._index";
import * as itemsPage from "~/routes/competency.items";
import * as mePage from "~/routes/competency.me";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

let s: Scenario;

/** Rows of every competency table for the organisation: a GET must leave them all as they were. */
async function competencyRowCounts(organizationId: string) {
  const tables = [
    "competency_items",
    "competency_settings",
    "competency_records",
    "competency_evidence",
    "competency_supervision_entries",
    "competency_caseload_limits",
  ];
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const rows = await db.execute<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)} where organization_id = ${organizationId}`);
    counts[table] = Number([...rows][0].n);
  }
  return counts;
}

beforeAll(async () => {
  // An organisation inserted directly, without the starter framework (as if created before migration 0028).
  s = await createOrgScenario();
});

describe("GET never writes (issue 15)", () => {
  it("the matrix, the framework page and 'my competencies' answer without installing anything", async () => {
    const before = await competencyRowCounts(s.org.id);
    expect(before.competency_items).toBe(0);
    expect((await callRoute(matrixPage, { path: "/competency", cookie: s.manager.cookie })).status).toBe(200);
    expect((await callRoute(itemsPage, { path: "/competency/items", cookie: s.admin.cookie })).status).toBe(200);
    expect((await callRoute(mePage, { path: "/competency/me", cookie: s.facilitator.cookie })).status).toBe(200);
    expect(await competencyRowCounts(s.org.id)).toEqual(before);
    expect(await db.select().from(competencySettings).where(eq(competencySettings.organizationId, s.org.id))).toEqual([]);
    expect(await db.select().from(competencyItems).where(eq(competencyItems.organizationId, s.org.id))).toEqual([]);
  });
});
