import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { enrolments, groups, programs, sessions } from "~/db/schema";
import { attendanceRecords } from "~/db/tables/attendance";
import { funderReportDefinitions, funderReportViews, participantCoverage, participantDemographics } from "~/db/tables/demographics";
import type { Figure, ReportRow } from "~/modules/demographics/funder-report";
import type { FunderReportView } from "~/modules/demographics/queries.server";
import * as funder from "~/routes/metrics.funder";
import * as funderCsv from "~/routes/metrics.funder[.]csv";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";

/**
 * Finding HF1: two funder reports with different periods or programs could be subtracted to
 * single out one person. Data in 2025 (organisation zone America/New_York), two programs:
 *
 * - Program A ("Circle"): 10 people attend on 4 and 11 March — 5 women (white, ZIP 19104,
 *   private insurance) and 5 men (Black, ZIP 19104, private).
 * - Program B ("Pathways"): Taylor attends only on 11 February (transgender woman, Asian, ZIP
 *   19139, veteran, Medicaid); 6 men (nothing else answered, ZIP 19103) attend on 15 July and
 *   12 August.
 *
 * So 1–8 March has 10 people and March 11 (the finding itself); Q1 of program A has 10 and of all
 * programs 11 (Taylor); program B's year has 7 and its third quarter 6 (Taylor again). Before the
 * fix each pair showed both figures, and every one of Taylor's answers could be worked out.
 */
let s: Scenario;
let programB: { id: string };
let taylor: Person;

const K = 5;

async function held(groupId: string, startsAt: string, people: Person[]) {
  const [session] = await db
    .insert(sessions)
    .values({ organizationId: s.org.id, groupId, startsAt: new Date(startsAt), endsAt: new Date(new Date(startsAt).getTime() + 3_600_000), status: "held" })
    .returning();
  await db
    .insert(attendanceRecords)
    .values(people.map((p) => ({ organizationId: s.org.id, sessionId: session.id, groupId, userId: p.id, status: "present" as const, source: "roster" as const })));
}

async function answer(people: Person[], values: Partial<typeof participantDemographics.$inferInsert>, payer?: string) {
  for (const p of people) {
    await db.insert(participantDemographics).values({ organizationId: s.org.id, userId: p.id, ...values });
    if (payer) await db.insert(participantCoverage).values({ organizationId: s.org.id, userId: p.id, payer });
  }
}

async function page(query: string) {
  const out = await callRoute(funder, { path: `/metrics/funder?${query}`, cookie: s.manager.cookie });
  expect(out.status, query).toBe(200);
  return out.data as { report: FunderReportView | null; errors: Record<string, string[]>; saved: { id: string; name: string; problem: string | null }[] };
}
async function report(query: string): Promise<FunderReportView> {
  const data = await page(query);
  expect(data.errors, query).toEqual({});
  return data.report!;
}

beforeAll(async () => {
  s = await createOrgScenario();
  const [b] = await db.insert(programs).values({ organizationId: s.org.id, name: "Program B" }).returning();
  programB = b;
  const [pathways] = await db.insert(groups).values({ organizationId: s.org.id, programId: b.id, kind: "class", name: "Pathways", timezone: "America/New_York", capacity: 30 }).returning();
  const make = (n: number, name: string) => Promise.all(Array.from({ length: n }, (_, i) => createPerson(s.org, "participant", { name: `${name} ${i + 1}` })));
  const [women, men, regulars] = await Promise.all([make(5, "Woman"), make(5, "Man"), make(6, "Regular")]);
  taylor = await createPerson(s.org, "participant", { name: "Taylor" });
  const enrolled = new Date("2025-01-06T15:00:00Z");
  for (const p of [...women, ...men]) await db.insert(enrolments).values({ organizationId: s.org.id, groupId: s.group.id, userId: p.id, createdAt: enrolled });
  for (const p of [...regulars, taylor]) await db.insert(enrolments).values({ organizationId: s.org.id, groupId: pathways.id, userId: p.id, createdAt: enrolled });
  await held(s.group.id, "2025-03-05T00:00:00Z", [...women, ...men]);
  await held(s.group.id, "2025-03-12T00:00:00Z", [...women, ...men]);
  await held(pathways.id, "2025-02-11T23:00:00Z", [taylor]);
  await held(pathways.id, "2025-07-15T22:00:00Z", regulars);
  await held(pathways.id, "2025-08-12T22:00:00Z", regulars);
  await answer(women, { gender: "woman", raceEthnicity: ["white"], zipCode: "19104" }, "private");
  await answer(men, { gender: "man", raceEthnicity: ["black_african_american"], zipCode: "19104" }, "private");
  await answer(regulars, { gender: "man", zipCode: "19103" });
  await answer([taylor], { gender: "transgender_woman", raceEthnicity: ["asian"], zipCode: "19139", veteranStatus: "veteran" }, "medicaid");
}, 120_000);

// ---------------------------------------------------------------------------------------------
// Every reachable view and its figures
// ---------------------------------------------------------------------------------------------

type Period = { name: string; from: string; to: string; months: number[] };
const pad = (n: number) => String(n).padStart(2, "0");
const lastDay = (m: number) => new Date(Date.UTC(2025, m, 0)).getUTCDate();
/** Every period the form accepts in 2025: the year and its quarters (months and other ranges are refused). */
const PERIODS: Period[] = [
  { name: "2025", from: "2025-01-01", to: "2025-12-31", months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] },
  ...[1, 2, 3, 4].map((q) => ({ name: `Q${q}`, from: `2025-${pad(q * 3 - 2)}-01`, to: `2025-${pad(q * 3)}-${lastDay(q * 3)}`, months: [q * 3 - 2, q * 3 - 1, q * 3] })),
];

type View = { name: string; period: Period; program: string | null; figures: Map<string, number> };

const COLUMNS = ["people", "newPeople", "continuing", "completed", "ended"] as const;

/** The figures a reader of the view knows: those shown, and those worked out from a total. */
function figuresOf(r: FunderReportView): Map<string, number> {
  const out = new Map<string, number>();
  const put = (key: string, f: Figure) => {
    if (f.hidden === null && f.value !== null) out.set(key, f.value);
  };
  const row = (prefix: string, x: ReportRow) => {
    for (const c of COLUMNS) put(`${prefix}|${c}`, x[c]);
    r.outcomeColumns.forEach((col, j) => put(`${prefix}|outcome people ${col.key}`, x.outcomePeople[j]));
    // New + continuing = people; completed + not completed = ended.
    if (x.people.hidden === null && x.newPeople.hidden === null && x.continuing.hidden !== null) out.set(`${prefix}|continuing`, x.people.value! - x.newPeople.value!);
    if (x.people.hidden === null && x.continuing.hidden === null && x.newPeople.hidden !== null) out.set(`${prefix}|newPeople`, x.people.value! - x.continuing.value!);
  };
  row("total", r.total);
  for (const d of r.dimensions) {
    for (const x of d.rows) row(`${d.key}|${x.key}`, x);
    // A dimension's cells add up to the total: one hidden cell alone would be total − the rest.
    for (const c of COLUMNS) {
      const total = r.total[c];
      const hidden = d.rows.filter((x) => x[c].hidden !== null);
      if (total.hidden === null && hidden.length === 1) {
        out.set(`${d.key}|${hidden[0].key}|${c}`, total.value! - d.rows.reduce((sum, x) => sum + (x[c].hidden === null ? x[c].value! : 0), 0));
      }
    }
  }
  return out;
}

/**
 * Every figure of a view (`all`: the figures it has a row and column for) and those its reader
 * knows (`known`: shown or worked out within the report), including sessions attended, hours and
 * each outcome's total change (mean × people), which add up over programs and quarters as well.
 */
function everyFigure(r: FunderReportView): { all: Set<string>; known: Map<string, number> } {
  const known = figuresOf(r);
  const all = new Set<string>();
  const row = (prefix: string, x: ReportRow) => {
    for (const c of [...COLUMNS, "attendances", "hours"] as const) {
      all.add(`${prefix}|${c}`);
      if (x[c].hidden === null && x[c].value !== null) known.set(`${prefix}|${c}`, x[c].value);
    }
    r.outcomeColumns.forEach((col, j) => {
      all.add(`${prefix}|outcome people ${col.key}`);
      all.add(`${prefix}|outcome change ${col.key}`);
      const n = known.get(`${prefix}|outcome people ${col.key}`);
      if (n === 0) known.set(`${prefix}|outcome change ${col.key}`, 0);
      else if (n !== undefined && x.outcomes[j].hidden === null && x.outcomes[j].value !== null) known.set(`${prefix}|outcome change ${col.key}`, x.outcomes[j].value! * n);
    });
  };
  row("total", r.total);
  for (const d of r.dimensions) for (const x of d.rows) row(`${d.key}|${x.key}`, x);
  for (const key of known.keys()) all.add(key);
  return { all, known };
}

async function reachableViews(): Promise<View[]> {
  const views: View[] = [];
  for (const period of PERIODS) {
    for (const program of [null, s.program.id, programB.id]) {
      const query = `rule=fixed&from=${period.from}&to=${period.to}${program ? `&program=${program}` : ""}`;
      const r = await report(query);
      views.push({ name: `${period.name} ${program === null ? "all" : program === s.program.id ? "A" : "B"}`, period, program, figures: figuresOf(r) });
    }
  }
  return views;
}

/** View a counts a subset of view b's people: its period lies inside b's, its programs among b's. */
const within = (a: View, b: View) => a.period.months.every((m) => b.period.months.includes(m)) && (b.program === null || b.program === a.program);

describe("HF1: two funder reports cannot be subtracted to single out a person", () => {
  it("the finding: a week or a month is refused; two reports one person apart are never both shown", async () => {
    for (const query of ["rule=fixed&from=2025-03-01&to=2025-03-08", "rule=fixed&from=2025-03-01&to=2025-03-31"]) {
      const refused = await page(query);
      expect(refused.report, query).toBeNull();
      expect(refused.errors.to?.[0], query).toMatch(/whole quarter or year/);
    }
    const q1 = await report("rule=fixed&from=2025-01-01&to=2025-03-31");
    expect(q1.total.people.value).toBe(11);
    // Program A's first quarter (10) against every program's (11): 11 − 10 = Taylor, so the single program's figures are not shown.
    const q1A = await report(`rule=fixed&from=2025-01-01&to=2025-03-31&program=${s.program.id}`);
    expect(q1A.total.people).toEqual({ value: null, hidden: "complementary" });
    // Program B's year (7) against its third quarter (6): the year's figures are not shown (the quarter's were shown first).
    const q3B = await report(`rule=fixed&from=2025-07-01&to=2025-09-30&program=${programB.id}`);
    expect(q3B.total.people.value).toBe(6);
    const yearB = await report(`rule=fixed&from=2025-01-01&to=2025-12-31&program=${programB.id}`);
    expect(yearB.total.people).toEqual({ value: null, hidden: "complementary" });
    // A ZIP code is never listed because one person lives there: three digits, small ones under "Other ZIP codes".
    const zips = q1.dimensions.find((d) => d.key === "zip")!.rows.map((r) => r.label);
    expect(zips).not.toContain("19139");
    expect(zips).toContain("Other ZIP codes");
    expect(zips.every((z) => !/^\d{4,5}$/.test(z))).toBe(true);
  });

  it("several programs at once are refused: all programs or one", async () => {
    const both = await page(`rule=fixed&from=2025-01-01&to=2025-12-31&program=${s.program.id}&program=${programB.id}`);
    expect(both.report).toBeNull();
    expect(both.errors.program?.[0]).toMatch(/one program/);
  });

  it("a quarter or year that has not ended yet is refused (its figures would change day by day)", async () => {
    const thisYear = new Date().getUTCFullYear() + 1;
    const future = await page(`rule=fixed&from=${thisYear}-01-01&to=${thisYear}-12-31`);
    expect(future.report).toBeNull();
    expect(future.errors.to?.[0]).toMatch(/ended/);
  });

  it("no two reachable views (the year and every quarter × all programs and each program) differ by 1 to 4 in a figure", async () => {
    const views = await reachableViews();
    const problems: string[] = [];
    for (const a of views) {
      for (const b of views) {
        if (a === b || !within(a, b)) continue;
        for (const [key, value] of a.figures) {
          const other = b.figures.get(key);
          if (other === undefined) continue;
          const diff = Math.abs(other - value);
          if (diff > 0 && diff < K) problems.push(`[${b.name}] ${key} ${other} − [${a.name}] ${value} = ${diff}`);
        }
      }
    }
    expect(problems.slice(0, 20)).toEqual([]);
    // Not vacuous: the year shows its people and breakdowns, and most views show their total.
    const year = views.find((v) => v.name === "2025 all")!;
    expect(year.figures.get("total|people")).toBe(17);
    expect(year.figures.get("gender|man|people")).toBe(11);
    // Program A's year (10) is hidden: all programs' 17 − A's 10 would give program B's hidden 7, and B's 7 against its third quarter's 6 is Taylor (F1).
    expect(views.find((v) => v.name === "2025 A")!.figures.get("total|people")).toBeUndefined();
    expect(views.find((v) => v.name === "Q1 A")!.figures.get("gender|woman|people")).toBeUndefined();
    expect(views.find((v) => v.name === "Q3 B")!.figures.get("total|people")).toBe(6);
    expect(views.filter((v) => v.figures.has("total|people")).length).toBeGreaterThanOrEqual(10);
  }, 300_000);

  it("no linear combination of reachable views reveals a hidden figure: all programs − the programs shown, a year − the quarters shown (F1, F1b)", async () => {
    const views = new Map<string, { all: Set<string>; known: Map<string, number> }>();
    for (const period of PERIODS) {
      for (const program of [null, s.program.id, programB.id]) {
        const r = await report(`rule=fixed&from=${period.from}&to=${period.to}${program ? `&program=${program}` : ""}`);
        views.set(`${period.name} ${program ?? "all"}`, everyFigure(r));
      }
    }
    const problems: string[] = [];
    /** The whole is the sum of its parts: with the whole known and exactly one part hidden, whole − the parts shown is that part. */
    const check = (whole: string, parts: string[]) => {
      const w = views.get(whole)!;
      for (const [key, value] of w.known) {
        // A whole of 0 people says every part is 0 (outcome change: 0 people behind it).
        const people = key.replace(/\|(attendances|hours)$/, "|people").replace("|outcome change ", "|outcome people ");
        if (w.known.get(people) === 0) continue;
        const hidden = parts.filter((p) => views.get(p)!.all.has(key) && !views.get(p)!.known.has(key));
        if (hidden.length !== 1) continue;
        const rest = parts.reduce((sum, p) => sum + (views.get(p)!.known.get(key) ?? 0), 0);
        problems.push(`${key}: [${whole}] ${value} − shown parts ${rest} = [${hidden[0]}] ${value - rest}`);
      }
    };
    for (const period of PERIODS) check(`${period.name} all`, [s.program.id, programB.id].map((p) => `${period.name} ${p}`));
    for (const program of ["all", s.program.id, programB.id]) check(`2025 ${program}`, [1, 2, 3, 4].map((q) => `Q${q} ${program}`));
    expect(problems.slice(0, 20)).toEqual([]);
    // Not vacuous: the year for all programs still shows its people, and some quarters theirs.
    expect(views.get("2025 all")!.known.get("total|people")).toBe(17);
    expect(views.get("Q3 all")!.known.get("total|people")).toBe(6);
  }, 300_000);

  it("the CSV holds exactly the page's figures and suppression", async () => {
    for (const query of ["rule=fixed&from=2025-01-01&to=2025-12-31", "rule=fixed&from=2025-01-01&to=2025-03-31", `rule=fixed&from=2025-07-01&to=2025-09-30&program=${programB.id}`]) {
      const r = await report(query);
      const csv = await callRoute(funderCsv, { path: `/metrics/funder.csv?${query}`, cookie: s.manager.cookie });
      expect(csv.status).toBe(200);
      const lines = parseCsv(String(csv.data).replace(/^\uFEFF/, ""));
      const header = lines.findIndex((l) => l[0] === "Dimension");
      const body = lines.slice(header + 1).filter((l) => l.length > 1);
      const expected = [["All", r.total.label, r.total] as const, ...r.dimensions.flatMap((d) => d.rows.map((x) => [d.label, x.label, x] as const))];
      expect(body.map((l) => `${l[0]}|${l[1]}`)).toEqual(expected.map(([d, label]) => `${d}|${label}`));
      const text = (f: Figure) => (f.hidden === "small" ? "Suppressed (fewer than 5)" : f.hidden === "complementary" ? "Suppressed (so another cell cannot be worked out)" : f.value === null ? "" : String(f.value));
      for (const [i, [, , x]] of expected.entries()) {
        expect(body[i].slice(2, 6), `${query} ${body[i][0]} ${body[i][1]}`).toEqual([x.people, x.newPeople, x.continuing, x.attendances].map(text));
        expect(body[i][7], `${query} ${body[i][1]} completed`).toBe(text(x.completed));
        expect(body[i][8], `${query} ${body[i][1]} ended`).toBe(text(x.ended));
      }
    }
  });
});

describe("saved definitions are held to the same rule", () => {
  it("a saved fixed range that is not a whole quarter or year, several programs or a retired rule is listed with why it no longer runs, and refused when run", async () => {
    const [week] = await db
      .insert(funderReportDefinitions)
      .values({ organizationId: s.org.id, name: "First week of March", periodRule: "fixed", fixedFrom: "2025-03-01", fixedTo: "2025-03-08", programIds: [] })
      .returning();
    const [several] = await db
      .insert(funderReportDefinitions)
      .values({ organizationId: s.org.id, name: "Both programs", periodRule: "last_year", programIds: [s.program.id, programB.id] })
      .returning();
    const [ytd] = await db.insert(funderReportDefinitions).values({ organizationId: s.org.id, name: "Year to date", periodRule: "year_to_date", programIds: [] }).returning();
    const [month] = await db.insert(funderReportDefinitions).values({ organizationId: s.org.id, name: "Monthly", periodRule: "last_month", programIds: [] }).returning();
    const [whole] = await db
      .insert(funderReportDefinitions)
      .values({ organizationId: s.org.id, name: "Third quarter 2025", periodRule: "fixed", fixedFrom: "2025-07-01", fixedTo: "2025-09-30", programIds: [] })
      .returning();
    for (const d of [week, several, ytd, month]) {
      const run = await page(`saved=${d.id}`);
      expect(run.report, d.name).toBeNull();
      expect(Object.values(run.errors).flat().join(" "), d.name).toMatch(/no longer runs/);
      expect(run.saved.find((x) => x.id === d.id)!.problem, d.name).toMatch(/.+/);
    }
    const ok = await page(`saved=${whole.id}`);
    expect(ok.errors).toEqual({});
    expect(ok.report!.total.people.value).toBe(6);
    expect(ok.saved.find((x) => x.id === whole.id)!.problem).toBeNull();
    // The CSV of a refused saved report is refused too.
    expect((await callRoute(funderCsv, { path: `/metrics/funder.csv?saved=${week.id}`, cookie: s.manager.cookie })).status).toBe(400);
    await db.delete(funderReportDefinitions).where(eq(funderReportDefinitions.organizationId, s.org.id));
  });

  it("saving a fixed range that is not whole, or two programs, is refused and saves nothing", async () => {
    for (const form of [
      { intent: "save", name: "Week", rule: "fixed", from: "2025-03-01", to: "2025-03-08", program: [] as string[] },
      { intent: "save", name: "Two", rule: "last_quarter", from: "", to: "", program: [s.program.id, programB.id] },
      { intent: "save", name: "YTD", rule: "year_to_date", from: "", to: "", program: [] as string[] },
      { intent: "save", name: "Month", rule: "fixed", from: "2025-03-01", to: "2025-03-31", program: [] as string[] },
      { intent: "save", name: "Month rule", rule: "last_month", from: "", to: "", program: [] as string[] },
    ]) {
      const out = await callRoute(funder, { path: "/metrics/funder", cookie: s.manager.cookie, form });
      expect(out.status, form.name).toBe(400);
    }
    expect(await db.select().from(funderReportDefinitions).where(eq(funderReportDefinitions.organizationId, s.org.id))).toHaveLength(0);
  });
});

describe("F2: a report of an ended period never changes once produced", () => {
  it("rerun after attendance and answers recorded later for that period: the same figures on the page and in the CSV", async () => {
    const queries = [
      `rule=fixed&from=2025-07-01&to=2025-09-30&program=${programB.id}`,
      "rule=fixed&from=2025-07-01&to=2025-09-30",
      `rule=fixed&from=2025-07-01&to=2025-09-30&program=${s.program.id}`,
      "rule=fixed&from=2025-01-01&to=2025-12-31",
    ];
    const before = await Promise.all(queries.map((q) => report(q)));
    const csvOf = async (q: string) => String((await callRoute(funderCsv, { path: `/metrics/funder.csv?${q}`, cookie: s.manager.cookie })).data);
    const csvBefore = await Promise.all(queries.map(csvOf));
    expect(before[1].total.people.value).toBe(6);
    // Later: a session of 20 July is recorded with a newcomer, and one of the regulars changes their answers.
    const late = await createPerson(s.org, "participant", { name: "Late entry" });
    const [pathways] = await db.select().from(groups).where(eq(groups.programId, programB.id));
    await held(pathways.id, "2025-07-20T22:00:00Z", [late]);
    await answer([late], { gender: "woman", zipCode: "19104" }, "medicaid");
    const regular = await db.select().from(participantDemographics).where(eq(participantDemographics.gender, "man"));
    await db.update(participantDemographics).set({ gender: "woman" }).where(eq(participantDemographics.id, regular.find((r) => r.organizationId === s.org.id)!.id));
    const after = await Promise.all(queries.map((q) => report(q)));
    expect(after).toEqual(before);
    expect(await Promise.all(queries.map(csvOf))).toEqual(csvBefore);
    // Not vacuous: computed afresh, the quarter would now count the newcomer's session.
    await db.delete(funderReportViews).where(eq(funderReportViews.organizationId, s.org.id));
    const q3 = await report(queries[1]);
    expect(q3.sessionsDelivered).toBe(before[1].sessionsDelivered + 1);
    // A quarter stored, then a late record for it, then its year produced: year − the quarters shows no late change.
    const others = await Promise.all(["01-01&to=2025-03-31", "04-01&to=2025-06-30", "10-01&to=2025-12-31"].map((q) => report(`rule=fixed&from=2025-${q}`)));
    const lateToo = await createPerson(s.org, "participant", { name: "Later still" });
    await held(pathways.id, "2025-07-27T22:00:00Z", [lateToo]);
    await answer([lateToo], { gender: "man", zipCode: "19103" });
    const year = await report("rule=fixed&from=2025-01-01&to=2025-12-31");
    const quarters = [...others, q3];
    for (const column of ["people", "attendances"] as const) {
      const rows = (r: FunderReportView) => [["total", r.total] as const, ...r.dimensions.flatMap((d) => d.rows.map((x) => [`${d.key}|${x.key}`, x] as const))];
      for (const [key, x] of rows(year)) {
        if (x[column].hidden !== null) continue;
        const parts = quarters.map((q) => rows(q).find(([k]) => k === key)?.[1][column]);
        if (parts.some((f) => f === undefined || f.hidden !== null)) continue;
        // Every quarter and the year shown: the year − the quarters is no late change (people may be in several quarters: at least 0).
        const rest = x[column].value! - parts.reduce((sum, f) => sum + f!.value!, 0);
        if (column === "attendances") expect(rest, `${key} ${column}`).toBe(0);
        else expect(rest > 0 && rest < K, `${key} ${column}: ${rest}`).toBe(false);
      }
    }
    // Here the late record changed the third quarter's total by one person: the year's total (and so the year) is not shown.
    expect(year.total.people).toEqual({ value: null, hidden: "complementary" });
  }, 120_000);
});

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\n") {
      row.push(cell.replace(/\r$/, ""));
      rows.push(row);
      row = [];
      cell = "";
    } else cell += ch;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}
