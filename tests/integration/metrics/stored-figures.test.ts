import { readFileSync } from "node:fs";
import { and, eq, getTableName, isTable, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { compactDataVersions, dataVersion } from "~/db/derived.server";
import { sessions } from "~/db/schema";
import { absenceAlerts, attendanceRecords } from "~/db/tables/attendance";
import * as schema from "~/db/schema";
import { derivedResults } from "~/db/tables/derived";
import { outcomeMeasures } from "~/db/tables/metrics";
import { resolvePeriod } from "~/modules/metrics/definitions";
import { computeEvidence, evidenceValidUntil, loadEvidence } from "~/modules/metrics/evidence.server";
import { computeDashboard, resolveScope } from "~/modules/metrics/queries.server";
import * as dashboardRoute from "~/routes/metrics._index";
import * as evidenceRoute from "~/routes/evidence._index";
import { createSessionAt } from "../../factories/attendance";
import { createMetricsScenario, type MetricsScenario } from "../../factories/metrics";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, FIXED_SERIES_START, type Scenario } from "../../factories/scenario";

/**
 * The evidence page and the metrics dashboard store what they computed in derived_results under
 * the organisation's data version (issue 20): a repeat view with nothing changed reads the stored
 * result, and any write to what they read — or, for the evidence, an instant a figure counts from
 * passing — makes the next view compute again. A stale figure is a bug: every test below that
 * reads a stored result also checks it equals a fresh computation.
 */
let s: MetricsScenario;
let foreign: Scenario;

type DashboardData = Awaited<ReturnType<typeof dashboardRoute.loader>>;
type EvidenceData = Awaited<ReturnType<typeof evidenceRoute.loader>>;
const Q1 = "?period=2027-Q1&by=month";

async function dashboard(query = Q1): Promise<DashboardData> {
  const res = await callRoute(dashboardRoute, { path: `/metrics${query}`, cookie: s.manager.cookie });
  expect(res.status).toBe(200);
  return res.data as DashboardData;
}
async function evidence(): Promise<EvidenceData> {
  const res = await callRoute(evidenceRoute, { path: "/evidence", cookie: s.manager.cookie });
  expect(res.status).toBe(200);
  return res.data as EvidenceData;
}
const storedRows = (kind: string, organizationId = s.org.id) =>
  db.select().from(derivedResults).where(and(eq(derivedResults.organizationId, organizationId), eq(derivedResults.kind, kind)));
const fact = (e: { standards: { code: string; facts: { label: string; value: unknown }[] }[] }, code: string, label: string) =>
  e.standards.find((x) => x.code === code)?.facts.find((f) => f.label === label)?.value;
/** What computing afresh gives, through the same JSON the store keeps. */
const json = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const q1Filters = () => ({ programId: null, groupId: null, facilitatorId: null, period: resolvePeriod("2027-Q1", {}, "2027-06-01")!, by: "month" as const });

beforeAll(async () => {
  s = await createMetricsScenario();
  foreign = await createOrgScenario({ seriesStart: FIXED_SERIES_START });
});

describe("the metrics dashboard, stored under the organisation's data version", () => {
  it("a second view reads the stored figures, equal to a fresh computation", async () => {
    const first = await dashboard();
    const [row] = await storedRows("metrics-dashboard");
    expect(row).toBeDefined();
    const again = await dashboard();
    const [same] = await storedRows("metrics-dashboard");
    expect(same.computedAt.getTime()).toBe(row.computedAt.getTime());
    expect(same.inputHash).toBe(row.inputHash);
    expect(again.dashboard).toEqual(first.dashboard);
    const filters = q1Filters();
    expect(again.dashboard).toEqual(json(await computeDashboard(s.manager, filters, await resolveScope(s.manager, filters), new Date())));
    expect(again.dashboard.summary.sessions_held).toBe(5);
  });

  it("marking attendance makes the next view show the new figure", async () => {
    const before = await dashboard();
    expect(before.dashboard.summary.attendance_rate).toBeCloseTo(7 / 9);
    const [stored] = await storedRows("metrics-dashboard");
    // 30 March: the absent participant is corrected to present.
    const [mar30] = await db
      .select()
      .from(sessions)
      .where(and(eq(sessions.groupId, s.group.id), eq(sessions.startsAt, new Date("2027-03-30T23:00:00Z"))));
    expect(mar30).toBeDefined();
    await db
      .update(attendanceRecords)
      .set({ status: "present" })
      .where(and(eq(attendanceRecords.sessionId, mar30.id), eq(attendanceRecords.userId, s.otherParticipant.id)));
    const after = await dashboard();
    expect(after.dashboard.summary.attendance_rate).toBeCloseTo(8 / 9);
    const [recomputed] = await storedRows("metrics-dashboard");
    expect(recomputed.inputHash).not.toBe(stored.inputHash);
    const filters = q1Filters();
    expect(after.dashboard).toEqual(json(await computeDashboard(s.manager, filters, await resolveScope(s.manager, filters), new Date())));
    // Put back for the other tests.
    await db
      .update(attendanceRecords)
      .set({ status: "absent" })
      .where(and(eq(attendanceRecords.sessionId, mar30.id), eq(attendanceRecords.userId, s.otherParticipant.id)));
    expect((await dashboard()).dashboard.summary.attendance_rate).toBeCloseTo(7 / 9);
  });

  it("each filter has its own stored figures; a write in another organisation leaves them", async () => {
    await dashboard();
    const oneGroup = await dashboard(`${Q1}&group=${s.group.id}`);
    expect(await storedRows("metrics-dashboard")).toHaveLength(2);
    const whole = (await dashboard()).dashboard;
    expect(oneGroup.dashboard.summary.sessions_held).toBeLessThan(whole.summary.sessions_held ?? 0);
    const [row] = (await storedRows("metrics-dashboard")).filter((r) => !r.subject.includes(s.group.id));
    const foreignSession = await createSessionAt(foreign.group.id, foreign.org.id, new Date("2027-03-02T23:00:00Z"));
    await db.insert(attendanceRecords).values({
      organizationId: foreign.org.id,
      sessionId: foreignSession.id,
      groupId: foreign.group.id,
      userId: foreign.participant.id,
      status: "present",
      source: "roster",
    });
    await dashboard();
    const [same] = (await storedRows("metrics-dashboard")).filter((r) => !r.subject.includes(s.group.id));
    expect(same.computedAt.getTime()).toBe(row.computedAt.getTime());
  });

  it("a program, group or facilitator of another organisation is still a 404 when figures are stored", async () => {
    await dashboard();
    const res = await callRoute(dashboardRoute, { path: `/metrics${Q1}&group=${foreign.group.id}`, cookie: s.manager.cookie });
    expect(res.status).toBe(404);
  });
});

describe("the evidence page, stored under the data version and the next instant a figure counts from", () => {
  it("a second view reads the stored evidence, equal to a fresh computation", async () => {
    const first = await evidence();
    const [row] = await storedRows("evidence");
    expect(row).toBeDefined();
    const again = await evidence();
    const [same] = await storedRows("evidence");
    // A session may start or end between the two views; only then is it computed again.
    const until = await evidenceValidUntil(s.org.id, new Date(row.computedAt.getTime()));
    if (!until || until.getTime() > Date.now()) expect(same.computedAt.getTime()).toBe(row.computedAt.getTime());
    expect(again.standards).toEqual(first.standards);
    const now = new Date();
    const fresh = json(await computeEvidence(s.manager, now));
    expect((await loadEvidence(s.manager, now)).standards).toEqual(fresh.standards);
  });

  it("recording an outcome measure makes the next view show the new count", async () => {
    const before = await evidence();
    const count = Number(fact(before, "1.02", "Outcome measures recorded") ?? 0);
    await db.insert(outcomeMeasures).values({
      organizationId: s.org.id,
      participantId: s.participant.id,
      programId: s.program.id,
      domain: "quality_of_life",
      phase: "intake",
      score: 3,
      measuredOn: "2027-03-02",
    });
    const after = await evidence();
    expect(Number(fact(after, "1.02", "Outcome measures recorded"))).toBe(count + 1);
  });

  it("an absence alert raised makes the next view show it", async () => {
    const before = await evidence();
    const [mar23] = await db
      .select()
      .from(sessions)
      .where(and(eq(sessions.groupId, s.group.id), eq(sessions.startsAt, new Date("2027-03-23T23:00:00Z"))));
    const facts = (e: EvidenceData) => JSON.stringify(e.standards.find((x) => x.code === "5.01"));
    await db.insert(absenceAlerts).values({
      organizationId: s.org.id,
      groupId: s.group.id,
      userId: s.participant.id,
      runStartSessionId: mar23.id,
      lastSessionId: mar23.id,
      absences: 2,
      createdAt: new Date(),
    });
    const after = await evidence();
    expect(facts(after)).not.toBe(facts(before));
    const now = new Date();
    expect((await loadEvidence(s.manager, now)).standards).toEqual(json(await computeEvidence(s.manager, now)).standards);
  });

  it("is computed again once a session it counts from starts, with no write at all", async () => {
    // A session a little ahead of a fixed `now`: the stored evidence holds until it starts. `now`
    // is midday in the organisation's zone (New York): the stored evidence is also keyed by the
    // local date, so an hour that crossed midnight (a run between 23:00 and 24:00 there) would
    // make the view before the session a new day's, computed again.
    const day = new Date(Date.now() + 400 * 86_400_000);
    const now = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 17));
    const session = await createSessionAt(s.group.id, s.org.id, new Date(now.getTime() + 3_600_000));
    await loadEvidence(s.manager, now);
    const until = await evidenceValidUntil(s.org.id, now);
    expect(until?.getTime()).toBe(session.startsAt.getTime());
    const [row] = await storedRows("evidence");
    await loadEvidence(s.manager, new Date(until!.getTime() - 1));
    expect((await storedRows("evidence"))[0].computedAt.getTime()).toBe(row.computedAt.getTime());
    // From the session's start on (one millisecond after the stored result's end), computed again.
    const at = new Date(until!.getTime() + 1);
    const served = await loadEvidence(s.manager, at);
    const [again] = await storedRows("evidence");
    const end = (r: typeof row) => (r.result as { validUntil: string | null }).validUntil;
    expect(end(row)).toBe(session.startsAt.toISOString());
    expect(end(again)).not.toBe(end(row));
    expect(new Date(end(again)!).getTime()).toBeGreaterThan(at.getTime());
    expect(served.standards).toEqual(json(await computeEvidence(s.manager, at)).standards);
  });
});

describe("the data version", () => {
  it("grows with every write to a table the figures read, and folding its rows keeps it", async () => {
    const v0 = BigInt(await dataVersion(db, s.org.id));
    await createSessionAt(s.group.id, s.org.id, new Date("2031-01-07T23:00:00Z"));
    const v1 = BigInt(await dataVersion(db, s.org.id));
    expect(v1).toBeGreaterThan(v0);
    await compactDataVersions(db);
    expect(BigInt(await dataVersion(db, s.org.id))).toBe(v1);
    expect(BigInt(await dataVersion(db, foreign.org.id))).toBeGreaterThan(0n);
  });
});

describe("what the stored figures read", () => {
  /** Derived by refreshRollups from sessions, attendance_records and feedback_receipts (each versioned), and refreshed with the figures. */
  const DERIVED = ["metrics_group_days", "metrics_group_months", "metrics_participant_starts", "metrics_rollup_dirty"];

  it("every table the evidence and the dashboard read changes the data version when written", async () => {
    const region = (file: string, from: string, to: string | null) => {
      const text = readFileSync(file, "utf8");
      const start = text.indexOf(from);
      const end = to === null ? text.length : text.indexOf(to, start);
      expect(start).toBeGreaterThanOrEqual(0);
      expect(end).toBeGreaterThan(start);
      return text.slice(start, end);
    };
    const code = [
      region("app/modules/metrics/evidence.server.ts", "export async function computeEvidence", "function addDaysIso"),
      region("app/modules/metrics/queries.server.ts", "export async function orgContext", "export type Dashboard"),
      region("app/modules/metrics/custom-measures/queries.server.ts", "export", null),
      region("app/modules/competency/queries.server.ts", "export function groupRunsAt", "\n}\n"),
    ].join("\n");
    const tables = (await db.execute<{ name: string }>(sql`select table_name as name from information_schema.tables where table_schema = current_schema()`)).map((r) => r.name);
    // Drizzle tables named in .from(x) / .innerJoin(x, …) / .leftJoin(x, …), and tables named in SQL text.
    const byIdentifier = new Map<string, string>();
    const modules = [schema, ...(await Promise.all(["metrics", "competency", "voice", "registration", "referrals", "scheduling", "records", "attendance"].map((m) => import(`~/db/tables/${m}.ts`))))];
    for (const mod of modules) for (const [key, value] of Object.entries(mod)) if (isTable(value)) byIdentifier.set(key, getTableName(value));
    const read = new Set<string>();
    for (const m of code.matchAll(/\.(?:from|innerJoin|leftJoin)\((\w+)/g)) if (byIdentifier.has(m[1])) read.add(byIdentifier.get(m[1])!);
    for (const m of code.matchAll(/\b(?:from|join)\s+([a-z_]{3,})\b/g)) if (tables.includes(m[1])) read.add(m[1]);
    expect(read.size).toBeGreaterThan(30);
    const versioned = new Set(
      (
        await db.execute<{ name: string }>(sql`
          select distinct c.relname as name from pg_trigger t join pg_class c on c.oid = t.tgrelid where t.tgname in ('org_data_insert', 'org_data_update')`)
      ).map((r) => r.name),
    );
    const missing = [...read].filter((t) => !versioned.has(t) && !DERIVED.includes(t)).sort();
    expect(missing).toEqual([]);
  });
});
