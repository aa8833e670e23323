/**
 * "Sessions scheduled" for a period reaching into the future (the current quarter): sessions that
 * are not over yet are "still to come", never "not yet recorded" — on the dashboard, its stored
 * copy (which must change when a session ends, with nothing written), the printable report, the
 * summary CSV, the rows behind the figure and their CSV, and evidence 5.01's "not recorded" gap.
 * Counted by hand from the sessions below.
 * Before the fix the dashboard said "3 not yet recorded" on 17 March, two of them still to come.
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { sessions } from "~/db/schema";
import { resolvePeriod } from "~/modules/metrics/definitions";
import { computeEvidence } from "~/modules/metrics/evidence.server";
import { metricsCsv } from "~/modules/metrics/export.server";
import { computeDashboard, loadDashboard, loadRows, resolveScope, type MetricsFilters } from "~/modules/metrics/queries.server";
import * as dashboardRoute from "~/routes/metrics._index";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, FIXED_SERIES_START, type Scenario } from "../../factories/scenario";

let s: Scenario;
// Circle meets on Tuesdays at 19:00 New York from 2 March 2027: in March the 2nd, 9th (00:00 UTC the next
// day), 16th, 23rd and 30th (23:00 UTC, daylight saving time from the 14th).
const period = resolvePeriod("2027-Q1", {}, "2027-03-17")!;
const filters: MetricsFilters = { programId: null, groupId: null, facilitatorId: null, period, by: "month" };
/** Wednesday 17 March, 08:00 New York: 2 March held, 9 March cancelled, 16 March over and recorded as neither; 23 and 30 March to come. */
const wednesday = new Date("2027-03-17T12:00:00Z");

const sessionOn = async (instant: string) => {
  const [row] = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.groupId, s.group.id), eq(sessions.startsAt, new Date(instant))));
  return row;
};

beforeAll(async () => {
  s = await createOrgScenario({ seriesStart: FIXED_SERIES_START });
  await db.update(sessions).set({ status: "held" }).where(eq(sessions.id, (await sessionOn("2027-03-03T00:00:00Z")).id));
  await db.update(sessions).set({ status: "cancelled" }).where(eq(sessions.id, (await sessionOn("2027-03-10T00:00:00Z")).id));
});

describe("sessions still to come are not missing records", () => {
  it("the dashboard splits the sessions recorded as neither held nor cancelled at `now`", async () => {
    const d = await computeDashboard(s.manager, filters, await resolveScope(s.manager, filters), wednesday);
    expect(d.summary).toMatchObject({ sessions_total: 5, sessions_held: 1, sessions_cancelled: 1, sessions_to_come: 2, sessions_unrecorded: 1 });
    expect(d.summary.details.sessions_total).toBe("2 still to come; 1 not yet recorded");
  });

  it("the page (and so the printable report, which reads the same stored dashboard) and the summary CSV say the same", async () => {
    const res = await callRoute(dashboardRoute, { path: "/metrics?period=2027-Q1&by=month", cookie: s.manager.cookie });
    expect(res.status).toBe(200);
    // The route reads the real clock (December 2026): every March 2027 session recorded as neither is still to come.
    const data = res.data as { dashboard: { summary: { sessions_to_come: number; sessions_unrecorded: number } } };
    expect(data.dashboard.summary).toMatchObject({ sessions_to_come: 3, sessions_unrecorded: 0 });
    const csv = await metricsCsv(s.manager, { ...filters, today: "2027-03-17", now: wednesday }, "summary", null);
    const row = csv.rows.find((r) => r[1] === "sessions_total")!;
    expect(row[3]).toBe(5);
    expect(row[4]).toBe("2 still to come; 1 not yet recorded");
  });

  it("a session under way is still to come; once over, with nothing written, the stored dashboard counts it as not yet recorded", async () => {
    const during = new Date("2027-03-23T23:30:00Z"); // 19:30 on Tuesday 23 March, mid-session
    expect((await loadDashboard(s.manager, filters, during)).summary).toMatchObject({ sessions_to_come: 2, sessions_unrecorded: 1 });
    const after = new Date("2027-03-24T00:01:00Z"); // 20:01, the session is over
    expect((await loadDashboard(s.manager, filters, after)).summary).toMatchObject({ sessions_to_come: 1, sessions_unrecorded: 2 });
    // After the quarter every session is over.
    expect((await loadDashboard(s.manager, filters, new Date("2027-04-01T12:00:00Z"))).summary).toMatchObject({ sessions_to_come: 0, sessions_unrecorded: 3 });
  });

  it("the rows behind 'Sessions scheduled' name each session still to come apart from those not yet recorded", async () => {
    const table = await loadRows(s.manager, filters, "sessions_total", wednesday);
    expect(table.rows.map((r) => r[2])).toEqual(["held", "cancelled", "scheduled", "still_to_come", "still_to_come"]);
    // The CSV of the rows holds the same codes.
    const csv = await metricsCsv(s.manager, { ...filters, today: "2027-03-17", now: wednesday }, "rows", "sessions_total");
    expect(csv.rows.map((r) => r[2])).toEqual(["held", "cancelled", "scheduled", "still_to_come", "still_to_come"]);
  });

  it("evidence 5.01 counts only sessions that are over among those not recorded as held or cancelled", async () => {
    const evidence = await computeEvidence(s.manager, new Date("2027-03-18T12:00:00Z"));
    const gaps = evidence.standards.find((x) => x.code === "5.01")!.gaps;
    // 16 March is over by more than a day and unrecorded; 23 and 30 March are still to come.
    expect(gaps.find((g) => g.label === "Past sessions in the last 30 days not recorded as held or cancelled")?.items).toEqual(["1 session"]);
  });
});
