import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { customOutcomeMeasures, outcomeMeasures } from "~/db/tables/metrics";
import * as dashboardRoute from "~/routes/metrics._index";
import * as exportRoute from "~/routes/metrics.export[.]csv";
import * as reportRoute from "~/routes/metrics.report";
import * as outcomesRoute from "~/routes/outcomes";
import * as logicModelRoute from "~/routes/programs.$programId.logic-model";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, createPerson, type Scenario } from "../../factories/scenario";

/**
 * Review (dec 6): an outcome cell of 1 to 4 people read "fewer than 5" on the page, but the page's
 * data (the loader JSON in the page source) still carried the exact count 1–4. A small cell sends
 * no count (null) and no mean on /metrics, its printable report, its CSV, /outcomes and a logic
 * model's outcome line — as figures hidden jointly already did (HN1).
 *
 * 2026 Q1 (ended): quality of life measured for 3 people, the organisation's own measure for 2,
 * functional status for 6 (shown, the control), all in one program.
 */
let s: Scenario;
let measureId: string;
const Q = "period=2026-Q1";

type Cell = { people: number | null; suppressed: boolean; complementary?: boolean; baselineMean: number | null; latestMean: number | null; meanChange: number | null; improved: number | null };
type Table = { outcomes: (Cell & { domain: string })[]; customOutcomes: (Cell & { measureId: string })[] };

const hiddenSmall = { people: null, suppressed: true, baselineMean: null, latestMean: null, meanChange: null, improved: null };

async function scorePeople(n: number, values: { domain: "quality_of_life" | "functional_status" | "other"; customMeasureId?: string }) {
  for (let i = 0; i < n; i++) {
    const person = await createPerson(s.org, "participant");
    await db.insert(outcomeMeasures).values([
      { organizationId: s.org.id, participantId: person.id, programId: s.program.id, ...values, phase: "intake" as const, score: 2, measuredOn: "2025-12-01" },
      { organizationId: s.org.id, participantId: person.id, programId: s.program.id, ...values, phase: "exit" as const, score: 4, measuredOn: "2026-02-15" },
    ]);
  }
}

function expectSmallCellsHidden(table: Table | null | undefined) {
  expect(table).toBeTruthy();
  expect(table!.outcomes.find((o) => o.domain === "quality_of_life")).toMatchObject({ ...hiddenSmall, complementary: false });
  expect(table!.customOutcomes.find((o) => o.measureId === measureId)).toMatchObject({ ...hiddenSmall, complementary: false });
  expect(table!.outcomes.find((o) => o.domain === "functional_status")).toMatchObject({ people: 6, suppressed: false, meanChange: 2, improved: 6 });
}

/** No small count anywhere in the data a page sends (the loader JSON is in the page source). */
function expectNoSmallCount(data: unknown) {
  expect(JSON.stringify(data)).not.toMatch(/"people":[1-4][,}]/);
}

beforeAll(async () => {
  s = await createOrgScenario();
  const [m] = await db
    .insert(customOutcomeMeasures)
    .values({ organizationId: s.org.id, name: "Housing stability", instrument: "Agency scale", scoreMin: 0, scoreMax: 10, higherIsBetter: true })
    .returning({ id: customOutcomeMeasures.id });
  measureId = m.id;
  await scorePeople(3, { domain: "quality_of_life" });
  await scorePeople(2, { domain: "other", customMeasureId: measureId });
  await scorePeople(6, { domain: "functional_status" });
});

describe("an outcome cell of 1 to 4 people sends no count and no mean", () => {
  it("/metrics and its printable report: people null, suppressed, no means", async () => {
    for (const route of [dashboardRoute, reportRoute]) {
      const out = await callRoute(route, { path: `/metrics?${Q}`, cookie: s.manager.cookie });
      expect(out.status).toBe(200);
      const data = out.data as { outcomes: { withheld: string | null; table?: Table } };
      expect(data.outcomes.withheld).toBeNull();
      expectSmallCellsHidden(data.outcomes.table);
      expectNoSmallCount(data);
    }
  });

  it("/outcomes: all programs and the program", async () => {
    const out = await callRoute(outcomesRoute, { path: `/outcomes?${Q}`, cookie: s.manager.cookie });
    expect(out.status).toBe(200);
    const data = out.data as { outcomes: { withheld: string | null; all: Table | null; byProgram: { id: string; table: Table | null }[] } };
    expect(data.outcomes.withheld).toBeNull();
    expectSmallCellsHidden(data.outcomes.all);
    expectSmallCellsHidden(data.outcomes.byProgram.find((p) => p.id === s.program.id)?.table);
    expectNoSmallCount(data.outcomes);
  });

  it("the outcomes CSV reads 'fewer than 5' with no figures", async () => {
    const out = await callRoute(exportRoute, { path: `/metrics/export.csv?${Q}&table=outcomes`, cookie: s.manager.cookie });
    expect(out.status).toBe(200);
    const lines = String(out.data).split("\r\n");
    expect(lines).toContain("Quality of life,fewer than 5,,,,");
    expect(lines.find((l) => l.includes("Housing stability"))).toMatch(/,fewer than 5,,,,$/);
    expect(lines.find((l) => l.startsWith("Functional status,"))).toMatch(/^Functional status,6,2,4,2,6$/);
  });

  it("a logic model's outcome line on a small cell: no count, no figure", async () => {
    const path = `/programs/${s.program.id}/logic-model`;
    const params = { programId: s.program.id };
    const added = await callRoute(logicModelRoute, { path, params, cookie: s.manager.cookie, form: { intent: "add-line", kind: "outcome", description: "Quality of life improves", metricKey: "outcome_change:quality_of_life", target: "0.5" } });
    expect(added.status).toBe(200);
    const out = await callRoute(logicModelRoute, { path: `${path}?${Q}`, params, cookie: s.manager.cookie });
    const data = out.data as { lines: { actual: number | null; people: number | null; suppressed: boolean; withheld: boolean }[] };
    expect(data.lines[0]).toMatchObject({ actual: null, people: null, suppressed: true, withheld: false });
  });
});
