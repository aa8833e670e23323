import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { groupFacilitators, groups, programs } from "~/db/schema";
import { outcomeMeasures } from "~/db/tables/metrics";
import * as dashboardRoute from "~/routes/metrics._index";
import * as exportRoute from "~/routes/metrics.export[.]csv";
import * as reportRoute from "~/routes/metrics.report";
import * as outcomesRoute from "~/routes/outcomes";
import * as logicModelRoute from "~/routes/programs.$programId.logic-model";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";

/**
 * Finding HN1: outcome-measure figures on /metrics, its printable report and CSV, and /outcomes
 * were each suppressed on their own (fewer than 5 people), so two views one person apart could be
 * subtracted (6·m6 − 5·m5) to work out that person's scores. Data (quality of life, scale 1–5):
 *
 * - Program A (group "Circle"): five people, intake 10 January 2025, exit 10 February 2025.
 * - Program B (group "Pathways"): Taylor, intake 10 January, exit 15 February 2025 — a fall from 2
 *   to 1; and five "regulars", intake 1 July, exit 10 August 2025.
 * - The scenario's facilitator leads both groups.
 *
 * So 2025 Q1 is 6 people for all programs and 5 for program A (and group Circle), 1 January – 14
 * February is 5 and 1 January – 15 February 6, and program B's 2025 is 6 and its third quarter
 * 5: before the fix every one of those pairs showed both figures, and Taylor's change followed.
 */
let s: Scenario;
let programB: { id: string };
let groupB: { id: string };

const DOMAIN = "quality_of_life";
const LABEL = "Quality of life";

async function scores(programId: string, people: Person[], intakeOn: string, exitOn: string, exits: number[], intake = 2) {
  for (const [i, p] of people.entries()) {
    await db.insert(outcomeMeasures).values([
      { organizationId: s.org.id, participantId: p.id, programId, domain: DOMAIN, phase: "intake" as const, score: intake, measuredOn: intakeOn },
      { organizationId: s.org.id, participantId: p.id, programId, domain: DOMAIN, phase: "exit" as const, score: exits[i], measuredOn: exitOn },
    ]);
  }
}

beforeAll(async () => {
  s = await createOrgScenario();
  [programB] = await db.insert(programs).values({ organizationId: s.org.id, name: "Program B" }).returning();
  [groupB] = await db.insert(groups).values({ organizationId: s.org.id, programId: programB.id, kind: "class", name: "Pathways", timezone: "America/New_York", capacity: 30 }).returning();
  await db.insert(groupFacilitators).values({ groupId: groupB.id, userId: s.facilitator.id, organizationId: s.org.id });
  const make = (n: number, name: string) => Promise.all(Array.from({ length: n }, (_, i) => createPerson(s.org, "participant", { name: `${name} ${i + 1}` })));
  const [circle, regulars] = await Promise.all([make(5, "Circle"), make(5, "Regular")]);
  const taylor = await createPerson(s.org, "participant", { name: "Taylor" });
  await scores(s.program.id, circle, "2025-01-10", "2025-02-10", [3, 4, 3, 5, 4]);
  await scores(programB.id, [taylor], "2025-01-10", "2025-02-15", [1]);
  await scores(programB.id, regulars, "2025-07-01", "2025-08-10", [4, 4, 5, 3, 4], 3);
}, 120_000);

// ---------------------------------------------------------------------------------------------
// Every reachable view and what its reader knows
// ---------------------------------------------------------------------------------------------

/** What a reader knows of the figure: people and the sums behind the means (mean × people), or nothing. */
type Known = { people: number; baseline: number; latest: number; improved: number } | null;
type View = { name: string; from: string; to: string; programs: string[]; known: Known };

/** Every period the filters take that touches the data: quarters and years, running ones, the rolling year and free dates a day apart. */
const PERIODS: { query: string; from: string; to: string }[] = [
  { query: "period=2025", from: "2025-01-01", to: "2026-01-01" },
  ...[1, 2, 3, 4].map((q) => ({ query: `period=2025-Q${q}`, from: `2025-${String(q * 3 - 2).padStart(2, "0")}-01`, to: q === 4 ? "2026-01-01" : `2025-${String(q * 3 + 1).padStart(2, "0")}-01` })),
  { query: "period=2026-Q1", from: "2026-01-01", to: "2026-04-01" },
  { query: "period=2026", from: "2026-01-01", to: "2027-01-01" },
  { query: "period=last-12-months", from: "2025-12-01", to: "2026-12-31" },
  { query: "period=custom&from=2025-01-01&to=2025-02-14", from: "2025-01-01", to: "2025-02-15" },
  { query: "period=custom&from=2025-01-01&to=2025-02-15", from: "2025-01-01", to: "2025-02-16" },
  { query: "period=custom&from=2025-02-15&to=2025-02-15", from: "2025-02-15", to: "2025-02-16" },
  { query: "period=custom&from=2025-01-01&to=2025-03-31", from: "2025-01-01", to: "2025-04-01" },
  { query: "period=custom&from=2025-07-01&to=2025-12-31", from: "2025-07-01", to: "2026-01-01" },
];

/** Every scope the filters take, with the programs whose scores it counts (a group or facilitator counts their groups' programs). */
function scopes() {
  const a = s.program.id;
  const b = programB.id;
  return [
    { query: "", programs: [a, b] },
    { query: `&program=${a}`, programs: [a] },
    { query: `&program=${b}`, programs: [b] },
    { query: `&group=${s.group.id}`, programs: [a] },
    { query: `&group=${groupB.id}`, programs: [b] },
    { query: `&facilitator=${s.facilitator.id}`, programs: [a, b] },
  ];
}

/** A CSV row of the outcomes table, as its reader knows it. */
function knownFromCsv(text: string): Known {
  const row = text
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .map((line) => line.split(","))
    .find((cells) => cells[0] === LABEL);
  if (!row) return null;
  const people = Number(row[1]);
  if (!Number.isFinite(people) || row[1] === "") return null;
  if (people === 0) return { people: 0, baseline: 0, latest: 0, improved: 0 };
  if (row[2] === "") return null;
  return { people, baseline: Number(row[2]) * people, latest: Number(row[3]) * people, improved: Number(row[5]) };
}

type Change = { domain: string; people: number | null; suppressed: boolean; baselineMean: number | null; latestMean: number | null; improved: number | null };

/** A page's outcome row, as its reader knows it (the page data is what the browser receives). */
function knownFromRow(rows: Change[] | undefined): Known {
  const o = rows?.find((r) => r.domain === DOMAIN);
  if (!o || o.people === null) return null;
  if (o.people === 0) return { people: 0, baseline: 0, latest: 0, improved: 0 };
  if (o.suppressed || o.baselineMean === null || o.latestMean === null) return null;
  return { people: o.people, baseline: o.baselineMean * o.people, latest: o.latestMean * o.people, improved: o.improved ?? 0 };
}

async function get(route: Parameters<typeof callRoute>[0], path: string) {
  const out = await callRoute(route, { path, cookie: s.manager.cookie });
  expect(out.status, path).toBe(200);
  return out.data;
}

type Section = { withheld: string | null; table?: { outcomes: Change[] } };

async function csvViews(): Promise<View[]> {
  const views: View[] = [];
  for (const p of PERIODS) {
    for (const scope of scopes()) {
      const path = `/metrics/export.csv?table=outcomes&${p.query}${scope.query}`;
      views.push({ name: `csv ${p.query}${scope.query}`, from: p.from, to: p.to, programs: scope.programs, known: knownFromCsv((await get(exportRoute, path)) as string) });
    }
  }
  return views;
}

async function pageViews(): Promise<View[]> {
  const views: View[] = [];
  for (const p of PERIODS) {
    for (const scope of scopes()) {
      for (const [surface, route, path] of [
        ["page", dashboardRoute, "/metrics"],
        ["report", reportRoute, "/metrics/report"],
      ] as const) {
        const data = (await get(route, `${path}?${p.query}${scope.query}`)) as { outcomes: Section };
        views.push({ name: `${surface} ${p.query}${scope.query}`, from: p.from, to: p.to, programs: scope.programs, known: knownFromRow(data.outcomes.table?.outcomes) });
      }
    }
    const data = (await get(outcomesRoute, `/outcomes?${p.query}`)) as {
      outcomes: { withheld: string | null; all: { outcomes: Change[] } | null; byProgram: { id: string; table: { outcomes: Change[] } | null }[] };
    };
    views.push({ name: `/outcomes all ${p.query}`, from: p.from, to: p.to, programs: [s.program.id, programB.id], known: knownFromRow(data.outcomes.all?.outcomes) });
    for (const program of data.outcomes.byProgram) {
      views.push({ name: `/outcomes ${program.id === s.program.id ? "A" : "B"} ${p.query}`, from: p.from, to: p.to, programs: [program.id], known: knownFromRow(program.table?.outcomes) });
    }
  }
  return views;
}

/**
 * What a reader works out from the views shown together: for a whole (all programs, or a year)
 * shown with every part but one (each program, or each quarter of the same programs), the
 * whole minus the parts shown is the missing part. (Nobody here is measured in two quarters or
 * two programs, so wholes are exactly the sums of their parts.)
 */
function derived(views: View[]): View[] {
  const shown = views.filter((v) => v.known !== null);
  const find = (from: string, to: string, programs: string[]) => shown.find((v) => v.from === from && v.to === to && v.programs.length === programs.length && programs.every((p) => v.programs.includes(p)));
  const out: View[] = [];
  const families: { whole: { from: string; to: string; programs: string[] }; parts: { from: string; to: string; programs: string[] }[] }[] = [];
  const both = [s.program.id, programB.id];
  for (const p of PERIODS) families.push({ whole: { from: p.from, to: p.to, programs: both }, parts: both.map((id) => ({ from: p.from, to: p.to, programs: [id] })) });
  for (const programsOf of [both, [s.program.id], [programB.id]]) {
    families.push({
      whole: { from: "2025-01-01", to: "2026-01-01", programs: programsOf },
      parts: PERIODS.slice(1, 5).map((q) => ({ from: q.from, to: q.to, programs: programsOf })),
    });
  }
  for (const f of families) {
    const whole = find(f.whole.from, f.whole.to, f.whole.programs);
    if (!whole?.known) continue;
    const parts = f.parts.map((p) => ({ p, view: find(p.from, p.to, p.programs) }));
    const missing = parts.filter((x) => !x.view);
    if (missing.length !== 1) continue;
    const known = { ...whole.known };
    for (const x of parts) {
      if (!x.view) continue;
      known.people -= x.view.known!.people;
      known.baseline -= x.view.known!.baseline;
      known.latest -= x.view.known!.latest;
      known.improved -= x.view.known!.improved;
    }
    const m = missing[0].p;
    out.push({ name: `${whole.name} − the other parts`, from: m.from, to: m.to, programs: m.programs, known });
  }
  return out;
}

/** View a counts a subset of view b's people: its period lies inside b's, its programs among b's. */
const within = (a: View, b: View) => a.from >= b.from && a.to <= b.to && a.programs.every((p) => b.programs.includes(p));

/** Every pair of views, one inside the other, differs by no one (and then shows the same figures) or by at least 5 people. */
function problems(views: View[]): string[] {
  const all = [...views, ...derived(views)].filter((v) => v.known !== null);
  const out: string[] = [];
  for (const a of all) {
    for (const b of all) {
      if (a === b || !within(a, b)) continue;
      const diff = b.known!.people - a.known!.people;
      const same = (x: number, y: number) => Math.abs(x - y) < 0.05;
      if (diff === 0 && same(a.known!.baseline, b.known!.baseline) && same(a.known!.latest, b.known!.latest) && a.known!.improved === b.known!.improved) continue;
      if (diff >= 5) continue;
      out.push(`${b.name} (${b.known!.people} people) − ${a.name} (${a.known!.people})`);
    }
  }
  return out;
}

describe("HN1: outcome figures cannot be subtracted to single out a person", () => {
  it("no two outcome CSV downloads one inside the other differ by 1 to 4 people", async () => {
    const views = await csvViews();
    expect(views.filter((v) => v.known !== null).length).toBeGreaterThan(0);
    expect(problems(views)).toEqual([]);
  });

  it("no two views on any page, the printable report, the CSV or /outcomes differ by 1 to 4 people", async () => {
    const views = [...(await csvViews()), ...(await pageViews())];
    expect(problems(views)).toEqual([]);
    // Not vacuous: all programs' first quarter and the whole of 2025 are shown, everywhere.
    for (const name of ["csv period=2025-Q1", "page period=2025-Q1", "report period=2025-Q1", "/outcomes all period=2025-Q1", "page period=2025"]) {
      expect(views.find((v) => v.name === name)?.known, name).not.toBeNull();
    }
    expect(views.find((v) => v.name === "page period=2025-Q1")!.known!.people).toBe(6);
  });

  it("the finding: program A beside all programs, and free dates, show no figure one person apart", async () => {
    const page = async (query: string) => ((await get(dashboardRoute, `/metrics?${query}`)) as { outcomes: Section }).outcomes;
    const all = await page("period=2025-Q1");
    expect(knownFromRow(all.table?.outcomes)?.people).toBe(6);
    // Program A's quarter (5) would be all programs' (6) less Taylor: not shown, not even its count.
    const a = await page(`period=2025-Q1&program=${s.program.id}`);
    expect(a.table?.outcomes.find((o) => o.domain === DOMAIN)).toMatchObject({ people: null, suppressed: true, meanChange: null });
    // Free dates, a group, a facilitator and a period still running show no outcome figures at all, with the reason.
    expect((await page("period=custom&from=2025-01-01&to=2025-02-14")).withheld).toBe("period");
    expect((await page("period=last-12-months")).withheld).toBe("period");
    expect((await page(`period=2025-Q1&group=${s.group.id}`)).withheld).toBe("scope");
    expect((await page(`period=2025-Q1&facilitator=${s.facilitator.id}`)).withheld).toBe("scope");
    expect((await page("period=2026")).withheld).toBe("running");
    const csv = (await get(exportRoute, `/metrics/export.csv?table=outcomes&period=custom&from=2025-01-01&to=2025-02-14`)) as string;
    expect(csv).toContain("Outcome figures are shown only for a whole calendar quarter or year that has ended");
    expect(knownFromCsv(csv)).toBeNull();
    // A logic model's outcome line shows the program's figure where the outcomes table does, and nothing where it does not.
    const line = async (programId: string, query: string) => {
      const path = `/programs/${programId}/logic-model`;
      const params = { programId };
      const before = (await callRoute(logicModelRoute, { path, params, cookie: s.manager.cookie })).data as { lines: unknown[] };
      if (!before.lines.length) {
        const added = await callRoute(logicModelRoute, { path, params, cookie: s.manager.cookie, form: { intent: "add-line", kind: "outcome", description: "Quality of life improves", metricKey: `outcome_change:${DOMAIN}`, target: "0.5" } });
        expect(added.status).toBe(200);
      }
      const out = await callRoute(logicModelRoute, { path: `${path}?${query}`, params, cookie: s.manager.cookie });
      expect(out.status).toBe(200);
      const data = out.data as { lines: { actual: number | null; people: number | null; withheld: boolean }[]; outcomesWithheld: { reason: string } | null };
      return { ...data.lines[0], reason: data.outcomesWithheld?.reason ?? null };
    };
    expect(await line(s.program.id, "period=2025-Q1")).toMatchObject({ actual: null, people: null, withheld: true, reason: null });
    expect(await line(s.program.id, "period=custom&from=2025-01-01&to=2025-02-14")).toMatchObject({ actual: null, withheld: true, reason: "period" });
    expect(await line(programB.id, "period=2025-Q3")).toMatchObject({ people: 5, withheld: false, reason: null });
    expect((await line(programB.id, "period=2025-Q3")).actual).toBeCloseTo((4 + 4 + 5 + 3 + 4) / 5 - 3);
    // A custom range that is exactly a quarter is that quarter's view.
    expect(knownFromRow((await page("period=custom&from=2025-01-01&to=2025-03-31")).table?.outcomes)).toEqual(knownFromRow(all.table?.outcomes));
  });
});
