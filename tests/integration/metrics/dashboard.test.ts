import { beforeAll, describe, expect, it } from "vitest";
import { REDISCLOSURE_NOTICE_42_CFR_2_32 } from "~/modules/consent/wording";
import { and, eq } from "drizzle-orm";
import { db } from "~/db/client.server";
import { auditEvents, sessions } from "~/db/schema";
import { attendanceRecords } from "~/db/tables/attendance";
import { formatFigure, METRIC_INFO, OUTPUT_METRICS } from "~/modules/metrics/definitions";
import { loadDashboard, prepareView } from "~/modules/metrics/queries.server";
import * as dashboardRoute from "~/routes/metrics._index";
import * as exportRoute from "~/routes/metrics.export[.]csv";
import * as rowsRoute from "~/routes/metrics.rows";
import { addOutcomePeople, createMetricsScenario, type MetricsScenario } from "../../factories/metrics";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, FIXED_SERIES_START, type Scenario } from "../../factories/scenario";

let s: MetricsScenario;
let foreign: Scenario;

type DashboardData = Awaited<ReturnType<typeof dashboardRoute.loader>>;

async function dashboard(query: string, cookie = s.manager.cookie): Promise<DashboardData> {
  const res = await callRoute(dashboardRoute, { path: `/metrics${query}`, cookie });
  expect(res.status).toBe(200);
  return res.data as DashboardData;
}

/** A small CSV parser (quoted fields, doubled quotes) to compare exports with the tables. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r") continue;
    else if (c === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  return rows;
}

beforeAll(async () => {
  s = await createMetricsScenario();
  // Compared over the same fixed periods (2027 Q1), so its Tuesdays are pinned as well.
  foreign = await createOrgScenario({ seriesStart: FIXED_SERIES_START });
});

describe("dashboard figures equal hand counts", () => {
  it("2027 Q1 for the whole organisation", async () => {
    const { dashboard: d } = await dashboard("?period=2027-Q1&by=month");
    expect(d.summary).toMatchObject({
      sessions_total: 6, // Circle: 2, 9, 16 (cancelled), 23, 30 March; Night Owls: 23:30 on 31 March local
      sessions_held: 5,
      sessions_cancelled: 1,
      unique_participants: 4, // two enrolled, the walk-in, Theo (Night Owls)
      waitlist_length: 1,
      median_days_to_seat: 6, // 9 and 3 days
      referrals_made: 3,
      referrals_followed_up: 2,
    });
    expect(d.summary.attendance_rate).toBeCloseTo(7 / 9); // 7 attended; 2 absent; the excused one and the mark at the cancelled session left out
    expect(d.summary.participant_hours).toBeCloseTo(370 / 60); // 100 + 60 + 120 + 30 + 60 minutes
    expect(d.summary.retention_rate).toBeCloseTo(1 / 2); // retained 1, not retained 1, in progress 2
    expect(d.summary.feedback_response_rate).toBeCloseTo(3 / 7);
    expect(d.trend.map((t) => [t.label, t.sessionsHeld, t.sessionsCancelled, t.uniqueParticipants])).toEqual([
      ["Jan 2027", 0, 0, 0],
      ["Feb 2027", 0, 0, 0],
      ["Mar 2027", 5, 1, 4],
    ]);
  });

  it("period boundaries are local midnights: 00:30 on 1 April (EDT) is Q2, 23:30 on 31 March is Q1", async () => {
    const { dashboard: q2 } = await dashboard("?period=2027-Q2");
    // Q2: Circle 6 April (held) + 13, 20, 27 April (scheduled); Night Owls 00:30 on 1 April.
    expect(q2.summary).toMatchObject({ sessions_total: 5, sessions_held: 2, unique_participants: 2, referrals_made: 1 });
    const { dashboard: day } = await dashboard("?period=custom&from=2027-03-31&to=2027-03-31");
    expect(day.summary).toMatchObject({ sessions_total: 1, sessions_held: 1, unique_participants: 1 });
  });

  it("unique participants agree whether counted from whole months, partial months or weeks", async () => {
    // 15 February – 3 April: March is a whole month (monthly attendee arrays), February and April are partial (marks).
    const { dashboard: months } = await dashboard("?period=custom&from=2027-02-15&to=2027-04-03&by=month");
    expect(months.summary).toMatchObject({ sessions_total: 7, unique_participants: 4 });
    expect(months.trend.map((t) => [t.label, t.uniqueParticipants])).toEqual([
      ["Feb 2027", 0],
      ["Mar 2027", 4],
      ["Apr 2027", 1], // Theo at 00:30 on 1 April
    ]);
    const { dashboard: weeks } = await dashboard("?period=custom&from=2027-02-15&to=2027-04-03&by=week");
    expect(weeks.summary.unique_participants).toBe(4);
    const week = (label: string) => weeks.trend.find((t) => t.label === label)!;
    expect(week("Week of 29 Mar 2027")).toMatchObject({ sessionsHeld: 3, uniqueParticipants: 2 }); // Pat (left early 30 March) and Theo
    expect(week("Week of 22 Mar 2027")).toMatchObject({ sessionsHeld: 1, uniqueParticipants: 2 });
  });

  it("the last 12 months end today in the organisation's zone: sessions later this month and next month are not counted", async () => {
    // 20:30 on Tuesday 23 March in New York (already 24 March in UTC), after the 19:00 session.
    const at = async (now: string) => {
      const view = await prepareView(s.manager, new Request("http://localhost/metrics?by=month"), new Date(now));
      return { view, dashboard: await loadDashboard(s.manager, view, view.now) };
    };
    const { view, dashboard: d } = await at("2027-03-24T00:30:00Z");
    expect(view.period).toMatchObject({ key: "last-12-months", from: "2026-03-24", to: "2027-03-24", label: "Last 12 months (24 Mar 2026 – 23 Mar 2027)" });
    // Circle 2, 9, 16 (cancelled) and 23 March; not 30 March nor Night Owls on 31 March (later this
    // month), nor Circle's April sessions and Night Owls at 00:30 on 1 April (next month).
    expect(d.summary).toMatchObject({ sessions_total: 4, sessions_cancelled: 1 });
    expect(d.trend.at(-1)).toMatchObject({ label: "Mar 2027" });
    expect(d.trend.map((t) => t.label)).not.toContain("Apr 2027");
    // A week later the stored figures are not reused: the period (part of their key) moved with today.
    const { view: later, dashboard: week } = await at("2027-03-31T16:00:00Z");
    expect(later.period).toMatchObject({ from: "2026-04-01", to: "2027-04-01" });
    expect(week.summary).toMatchObject({ sessions_total: 6 }); // + 30 March and Night Owls at 23:30 on 31 March
  });

  it("filters by facilitator, group and program", async () => {
    const { dashboard: night } = await dashboard(`?period=2027-Q1&facilitator=${s.otherFacilitator.id}`);
    expect(night.summary).toMatchObject({ sessions_total: 1, sessions_held: 1, unique_participants: 1, attendance_rate: 1, waitlist_length: 0, referrals_made: 0 });
    expect(night.scope.description).toEqual([`Facilitator: ${s.otherFacilitator.name}`]);
    const { dashboard: circle } = await dashboard(`?period=2027-Q1&group=${s.group.id}`);
    expect(circle.summary).toMatchObject({ sessions_total: 5, sessions_held: 4, unique_participants: 3, referrals_made: 3 });
    const { dashboard: program } = await dashboard(`?period=2027-Q1&program=${s.program.id}`);
    expect(program.summary.sessions_total).toBe(6);
  });

  it("a bad period shows an error beside the field and the default view", async () => {
    const { view } = await dashboard("?period=custom&from=2027-03-10&to=2027-03-01");
    expect(view.errors.to).toEqual(["The last day must be on or after the first day."]);
    expect(view.period.key).toBe("last-12-months");
    const junk = await callRoute(dashboardRoute, { path: "/metrics?program=not-an-id", cookie: s.manager.cookie });
    expect(junk.status).toBe(404);
  });

  it("rollups follow later changes: a corrected mark and a cancelled session", async () => {
    await db
      .update(attendanceRecords)
      .set({ status: "present" })
      .where(and(eq(attendanceRecords.sessionId, s.sessions.mar30.id), eq(attendanceRecords.userId, s.otherParticipant.id)));
    let { dashboard: d } = await dashboard("?period=2027-Q1");
    expect(d.summary.attendance_rate).toBeCloseTo(8 / 9);
    await db.update(sessions).set({ status: "cancelled" }).where(eq(sessions.id, s.sessions.lastOfQ1.id));
    ({ dashboard: d } = await dashboard("?period=2027-Q1"));
    expect(d.summary).toMatchObject({ sessions_held: 4, sessions_cancelled: 2, unique_participants: 3 });
    // put things back for the other tests
    await db.update(sessions).set({ status: "held" }).where(eq(sessions.id, s.sessions.lastOfQ1.id));
    await db
      .update(attendanceRecords)
      .set({ status: "absent" })
      .where(and(eq(attendanceRecords.sessionId, s.sessions.mar30.id), eq(attendanceRecords.userId, s.otherParticipant.id)));
    ({ dashboard: d } = await dashboard("?period=2027-Q1"));
    expect(d.summary.attendance_rate).toBeCloseTo(7 / 9);
    expect(d.summary.retention_rate).toBeCloseTo(1 / 2);
  });
});

describe("drill-down and CSV", () => {
  it("each figure drills down to the rows it counts, and the read is audited", async () => {
    const held = await callRoute(rowsRoute, { path: "/metrics/rows?period=2027-Q1&metric=sessions_held", cookie: s.manager.cookie });
    expect(held.status).toBe(200);
    const heldData = held.data as Awaited<ReturnType<typeof rowsRoute.loader>>;
    expect(heldData.table.rows).toHaveLength(5);
    expect(heldData.table.rows.at(-1)).toEqual(["2027-03-31 23:30", "Night Owls", "held", ""]);
    const marks = (await callRoute(rowsRoute, { path: "/metrics/rows?period=2027-Q1&metric=attendance_rate", cookie: s.manager.cookie })).data as typeof heldData;
    expect(marks.table.rows).toHaveLength(10); // 7 attended, 2 absent, 1 excused
    expect(marks.table.rows.reduce((a, r) => a + Number(r[5]), 0)).toBe(370);
    const starters = (await callRoute(rowsRoute, { path: "/metrics/rows?period=2027-Q1&metric=retention_rate", cookie: s.manager.cookie })).data as typeof heldData;
    expect(starters.table.rows.map((r) => r[5]).sort()).toEqual(["in progress", "in progress", "not retained", "retained"]);
    const audits = await db.select().from(auditEvents).where(and(eq(auditEvents.organizationId, s.org.id), eq(auditEvents.action, "metrics.rows_viewed")));
    expect(audits.length).toBeGreaterThanOrEqual(3);
    const unknown = await callRoute(rowsRoute, { path: "/metrics/rows?period=2027-Q1&metric=secrets", cookie: s.manager.cookie });
    expect(unknown.status).toBe(404);
  });

  it("the outputs CSV shows exactly what the table shows", async () => {
    const { dashboard: d } = await dashboard("?period=2027-Q1");
    const res = await callRoute(exportRoute, { path: "/metrics/export.csv?period=2027-Q1&table=summary", cookie: s.manager.cookie });
    expect(res.status).toBe(200);
    expect(res.headers?.get("content-type")).toContain("text/csv");
    const csv = parseCsv(res.data as string);
    expect(csv[0]).toEqual(["Figure", "Key", "Shown as", "Value", "Behind the figure", "Period", "Scope"]);
    expect(csv.slice(1).map((r) => [r[0], r[2]])).toEqual(OUTPUT_METRICS.map((k) => [METRIC_INFO[k].label, formatFigure(d.summary[k], METRIC_INFO[k].format)]));
  });

  it("the rows CSV equals the drill-down table, and the trend CSV equals the chart tables", async () => {
    const page = (await callRoute(rowsRoute, { path: "/metrics/rows?period=2027-Q1&metric=attendance_rate", cookie: s.manager.cookie })).data as Awaited<
      ReturnType<typeof rowsRoute.loader>
    >;
    const res = await callRoute(exportRoute, { path: "/metrics/export.csv?period=2027-Q1&table=rows&metric=attendance_rate", cookie: s.manager.cookie });
    const csv = parseCsv(res.data as string);
    // The rows name participants of a peer recovery group: the 42 CFR 2.32 notice comes first, then an empty line.
    expect(csv[0][0]).toBe(`Notice (42 CFR 2.32): ${REDISCLOSURE_NOTICE_42_CFR_2_32}`);
    expect(csv[1]).toEqual([""]);
    csv.splice(0, 2);
    expect(csv[0]).toEqual(page.table.columns);
    expect(csv.slice(1)).toEqual(page.table.rows.map((r) => r.map((v) => (v === null ? "" : String(v)))));
    const { dashboard: d } = await dashboard("?period=2027-Q1&by=month");
    const trend = parseCsv((await callRoute(exportRoute, { path: "/metrics/export.csv?period=2027-Q1&by=month&table=trend", cookie: s.manager.cookie })).data as string);
    expect(trend.slice(1).map((r) => [r[0], Number(r[3]), Number(r[6])])).toEqual(d.trend.map((t) => [t.label, t.sessionsHeld, t.uniqueParticipants]));
  });
});

describe("outcomes: change from baseline", () => {
  // 2026 Q1: outcome figures are shown only for a quarter or year that has ended (finding HN1).
  it("is suppressed below 5 people and shown from 5", async () => {
    await addOutcomePeople(s, "quality_of_life", [3, 4, 2, 5]);
    await addOutcomePeople(s, "functional_status", [3, 3, 3, 3, 3, 4]);
    let { outcomes: d } = await dashboard("?period=2026-Q1");
    const qol = () => d.table!.outcomes.find((o) => o.domain === "quality_of_life")!;
    expect(qol()).toMatchObject({ people: null, suppressed: true, meanChange: null });
    expect(d.table!.outcomes.find((o) => o.domain === "functional_status")).toMatchObject({ people: 6, suppressed: false, improved: 6 });
    const csv = parseCsv((await callRoute(exportRoute, { path: "/metrics/export.csv?period=2026-Q1&table=outcomes", cookie: s.manager.cookie })).data as string);
    expect(csv.find((r) => r[0] === "Quality of life")).toEqual(["Quality of life", "fewer than 5", "", "", "", ""]);
    await addOutcomePeople(s, "quality_of_life", [4]);
    ({ outcomes: d } = await dashboard("?period=2026-Q1"));
    expect(qol()).toMatchObject({ people: 5, suppressed: false, improved: 4 });
    expect(qol().meanChange).toBeCloseTo((1 + 2 + 0 + 3 + 2) / 5);
    // Not measured in Q2: nobody behind the figure.
    ({ outcomes: d } = await dashboard("?period=2026-Q2"));
    expect(qol()).toMatchObject({ people: 0, suppressed: true });
  });
});

describe("another organisation", () => {
  it("a manager of another organisation sees nothing of this one", async () => {
    const own = await callRoute(dashboardRoute, { path: "/metrics?period=2027-Q1", cookie: foreign.manager.cookie });
    expect(own.status).toBe(200);
    const d = (own.data as DashboardData).dashboard;
    // only their own five scheduled Tuesdays; none of our held sessions, people, referrals or waitlist
    expect(d.summary).toMatchObject({ sessions_total: 5, sessions_held: 0, unique_participants: 0, referrals_made: 0, waitlist_length: 0, median_days_to_seat: null });
    const ended = (await callRoute(dashboardRoute, { path: "/metrics?period=2026-Q1", cookie: foreign.manager.cookie })).data as DashboardData;
    expect(ended.outcomes.table!.outcomes.every((o) => o.people === 0)).toBe(true);
    for (const query of [`program=${s.program.id}`, `group=${s.group.id}`, `facilitator=${s.facilitator.id}`]) {
      expect((await callRoute(dashboardRoute, { path: `/metrics?${query}`, cookie: foreign.manager.cookie })).status).toBe(404);
      expect((await callRoute(rowsRoute, { path: `/metrics/rows?metric=sessions_total&${query}`, cookie: foreign.manager.cookie })).status).toBe(404);
      expect((await callRoute(exportRoute, { path: `/metrics/export.csv?table=summary&${query}`, cookie: foreign.manager.cookie })).status).toBe(404);
    }
    const rows = (await callRoute(rowsRoute, { path: "/metrics/rows?period=2027-Q1&metric=attendance_rate", cookie: foreign.manager.cookie })).data as Awaited<
      ReturnType<typeof rowsRoute.loader>
    >;
    expect(rows.table.rows).toEqual([]);
  });
});
