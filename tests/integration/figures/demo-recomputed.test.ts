/**
 * The demo organisation's dashboard figures recomputed independently: raw SQL over the source
 * tables (no rollups) and the pure definitions, for the last 12 months and each of its quarters,
 * whole organisation and each group. Any difference between the rollup-based dashboard and this
 * recount is a wrong figure on /metrics, its printable report or its CSVs. Also the sessions still
 * to come and not yet recorded at `now`, and the goal figures (a group's goals: those its plans
 * name, else those of people enrolled in it during the period — definitions.goalInGroups).
 */
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { rows } from "~/db/rows.server";
import { groups, organizations, users } from "~/db/schema";
import { DEMO_ORG_SLUG } from "~/demo/seed.server";
import { seedDemo } from "~/demo/seed.server";
import type { CurrentUser } from "~/modules/auth/policy";
import {
  attendanceFigures,
  daysToSeat,
  goalFigures,
  goalInGroups,
  periodRange,
  sessionCounts,
  resolvePeriod,
  retentionFigures,
  startersFromFacts,
  type GoalFact,
  type MarkFact,
  type Period,
  type SessionFact,
} from "~/modules/metrics/definitions";
import { computeDashboard, resolveScope, todayIn } from "~/modules/metrics/queries.server";
import { loadFunderReport } from "~/modules/demographics/queries.server";
import { calendarPeriod } from "~/modules/demographics/periods";
import { DateTime } from "luxon";

const now = new Date();
let manager: CurrentUser;
let zone: string;
let groupIds: string[];
let sessionsAll: (SessionFact & { seriesId: string | null })[];
let marksAll: MarkFact[];
let members: Map<string, Set<string>>;
let goalsAll: GoalFact[];

beforeAll(async () => {
  await seedDemo(now);
  const [org] = await db.select().from(organizations).where(eq(organizations.slug, DEMO_ORG_SLUG));
  zone = org.timezone;
  const [m] = await db.select().from(users).where(eq(users.email, "manager@riverside.example"));
  manager = {
    id: m.id,
    name: m.name,
    email: m.email,
    timezone: m.timezone,
    locale: "en-US",
    role: "manager",
    organizationId: org.id,
    organizationSlug: org.slug,
    organizationName: org.name,
    sessionIdHash: "",
  } as CurrentUser;
  groupIds = (await db.select({ id: groups.id }).from(groups).where(eq(groups.organizationId, org.id))).map((g) => g.id);
  sessionsAll = (
    await rows<{ id: string; group_id: string; starts_at: Date; ends_at: Date; status: SessionFact["status"]; series_id: string | null }>(
      sql`select id, group_id, starts_at, ends_at, status::text as status, series_id from sessions where organization_id = ${org.id}`,
    )
  ).map((r) => ({ id: r.id, groupId: r.group_id, startsAt: new Date(r.starts_at), endsAt: new Date(r.ends_at), status: r.status, seriesId: r.series_id }));
  marksAll = (
    await rows<{ session_id: string; user_id: string; status: MarkFact["status"]; walk_in: boolean; arrived_at: Date | null; left_at: Date | null }>(
      sql`select session_id, user_id, status::text as status, walk_in, arrived_at, left_at from attendance_records where organization_id = ${org.id}`,
    )
  ).map((r) => ({ sessionId: r.session_id, userId: r.user_id, status: r.status, walkIn: r.walk_in, arrivedAt: r.arrived_at && new Date(r.arrived_at), leftAt: r.left_at && new Date(r.left_at) }));
  members = new Map();
  for (const a of await rows<{ series_id: string; user_id: string }>(sql`select series_id, user_id from series_assignments where organization_id = ${org.id}`)) {
    members.set(a.series_id, (members.get(a.series_id) ?? new Set()).add(a.user_id));
  }
  // Goals with the groups their plans name and their participant's places (read separately, joined here).
  const goalRows = await rows<{ id: string; participant_id: string; status: string; target_date: string | null }>(
    sql`select id, participant_id, status::text as status, target_date::text as target_date from participant_goals where organization_id = ${org.id}`,
  );
  const named = await rows<{ goal_id: string; group_id: string }>(sql`
    select goal_id, group_id from goal_interventions where organization_id = ${org.id} and group_id is not null
    union select o.goal_id, ps.group_id from plan_services ps join goal_objectives o on o.id = ps.objective_id where ps.organization_id = ${org.id}`);
  const places = await rows<{ id: string; user_id: string; group_id: string; status: string; created_at: Date; updated_at: Date }>(sql`
    select id, user_id, group_id, status::text as status, created_at, updated_at from enrolments where organization_id = ${org.id}`);
  const outcomes = await rows<{ enrolment_id: string; ended_at: Date }>(sql`
    select enrolment_id, ended_at from enrolment_outcomes where organization_id = ${org.id} and undone_at is null`);
  const endedAt = new Map(outcomes.map((o) => [o.enrolment_id, new Date(o.ended_at)]));
  goalsAll = goalRows.map((g) => ({
    status: g.status,
    targetDate: g.target_date,
    plannedGroupIds: named.filter((n) => n.goal_id === g.id).map((n) => n.group_id),
    enrolments: places
      .filter((e) => e.user_id === g.participant_id && !["waitlisted", "offered", "declined", "interested"].includes(e.status))
      .map((e) => ({
        groupId: e.group_id,
        startedAt: new Date(e.created_at),
        endedAt: endedAt.get(e.id) ?? (["withdrawn", "removed", "completed", "discharged"].includes(e.status) ? new Date(e.updated_at) : null),
      })),
  }));
}, 180_000);

async function recount(period: Period, groupId: string | null) {
  const range = periodRange(period, zone);
  const sessions = sessionsAll.filter((s) => groupId === null || s.groupId === groupId);
  const ids = new Set(sessions.map((s) => s.id));
  const marks = marksAll.filter((m) => ids.has(m.sessionId));
  const inPeriod = sessions.filter((s) => s.startsAt >= range.start && s.startsAt < range.end);
  const a = attendanceFigures(sessions, marks, range);
  const byId = new Map(sessionsAll.map((s) => [s.id, s]));
  const own = (s: SessionFact, userId: string) => {
    const seriesId = byId.get(s.id)!.seriesId;
    return seriesId === null || !members.has(seriesId) || members.get(seriesId)!.has(userId);
  };
  const retention = retentionFigures(startersFromFacts(sessions, marks, range, { attended: 3, of: 4 }, own), { attended: 3, of: 4 });
  const held = new Set(inPeriod.filter((s) => s.status === "held").map((s) => s.id));
  const [fb] = await rows<{ n: number }>(sql`
    select count(*)::int as n from feedback_receipts r join attendance_records a on a.session_id = r.session_id and a.user_id = r.user_id
    where a.status in ('present', 'late', 'left_early') and r.session_id = any(${`{${[...held].join(",") || "00000000-0000-0000-0000-000000000000"}}`}::uuid[])`);
  const [wait] = await rows<{ n: number }>(sql`
    select count(*)::int as n from enrolments where organization_id = ${manager.organizationId} and status = 'waitlisted' ${groupId ? sql`and group_id = ${groupId}` : sql``}`);
  const seats = await rows<{ queued_at: Date; promoted_at: Date | null }>(sql`
    select queued_at, promoted_at from enrolment_details where organization_id = ${manager.organizationId} ${groupId ? sql`and group_id = ${groupId}` : sql``}`);
  const seat = daysToSeat(seats.map((x) => ({ queuedAt: new Date(x.queued_at), promotedAt: x.promoted_at && new Date(x.promoted_at) })), range);
  const counts = sessionCounts(sessions, range, now);
  const goals = goalFigures(groupId === null ? goalsAll : goalsAll.filter((g) => goalInGroups(g, new Set([groupId]), range)), period);
  return {
    sessions_to_come: counts.toCome,
    sessions_unrecorded: counts.unrecorded,
    goals_due: goals.due,
    goals_achieved: goals.achieved,
    sessions_total: inPeriod.length,
    sessions_held: inPeriod.filter((s) => s.status === "held").length,
    sessions_cancelled: inPeriod.filter((s) => s.status === "cancelled").length,
    attendance_rate: a.rate,
    unique_participants: a.uniqueParticipants,
    participant_hours: a.participantHours,
    retention_rate: retention.rate,
    waitlist_length: wait.n,
    median_days_to_seat: seat.medianDays,
    feedback_response_rate: a.attended > 0 ? fb.n / a.attended : null,
  };
}

function views(today: string): Period[] {
  const last = resolvePeriod("last-12-months", {}, today)!;
  const [y, m] = today.split("-").map(Number);
  const q = Math.floor((m - 1) / 3) + 1;
  const quarters = [0, 1, 2, 3].map((back) => {
    const n = (y * 4 + (q - 1) - back);
    return resolvePeriod(`${Math.floor(n / 4)}-Q${(n % 4) + 1}`, {}, today)!;
  });
  return [last, ...quarters];
}

describe("demo dashboard against an independent recount", () => {
  it("every output figure, for the last 12 months and each of the last four quarters, whole organisation and each group", async () => {
    const today = todayIn(now, zone);
    let compared = 0;
    let toCome = 0;
    let groupGoals = 0;
    for (const period of views(today)) {
      for (const groupId of [null, ...groupIds]) {
        const filters = { programId: null, groupId, facilitatorId: null, period, by: "month" as const };
        const d = await computeDashboard(manager, filters, await resolveScope(manager, filters), now);
        const expected = await recount(period, groupId);
        const label = `${period.label} ${groupId ?? "all"}`;
        const figures = { ...d.summary, goals_due: d.goals.due, goals_achieved: d.goals.achieved };
        for (const [key, value] of Object.entries(expected)) {
          const shown = figures[key as keyof typeof expected];
          if (value === null) expect(shown, `${label} ${key}`).toBeNull();
          else expect(shown, `${label} ${key}`).toBeCloseTo(value, 9);
        }
        // The trend adds up to the summary where figures add up.
        expect(d.trend.reduce((s, t) => s + t.sessionsTotal, 0), `${label} trend sessions`).toBe(expected.sessions_total);
        expect(d.trend.reduce((s, t) => s + t.participantHours, 0), `${label} trend hours`).toBeCloseTo(expected.participant_hours, 9);
        toCome += expected.sessions_to_come;
        if (groupId) groupGoals += expected.goals_due;
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(5);
    // The current quarter holds sessions still to come, and some group has goals due: neither check is empty.
    expect(toCome).toBeGreaterThan(0);
    expect(groupGoals).toBeGreaterThan(0);
  });

  it("the funder report's people served, attendances and hours for the last two ended quarters equal the dashboard's unique participants, attended marks and participant-hours", async () => {
    const today = DateTime.fromJSDate(now, { zone }).startOf("day");
    let compared = 0;
    for (const back of [3, 6]) {
      const first = DateTime.fromISO(today.startOf("quarter").minus({ months: back }).toISODate()!, { zone: "UTC" });
      const period = calendarPeriod("fixed", "quarter", first);
      const report = await loadFunderReport(manager, { period, programId: null });
      const metricsPeriod = resolvePeriod(`${first.year}-Q${first.quarter}`, {}, todayIn(now, zone))!;
      const filters = { programId: null, groupId: null, facilitatorId: null, period: metricsPeriod, by: "month" as const };
      const d = await computeDashboard(manager, filters, await resolveScope(manager, filters), now);
      const expected = await recount(metricsPeriod, null);
      if (report.total.people.hidden === null) {
        expect(report.total.people.value, `${period.label} served`).toBe(d.summary.unique_participants);
        compared++;
      }
      if (report.total.hours.hidden === null) expect(report.total.hours.value!, `${period.label} hours`).toBeCloseTo(expected.participant_hours, 6);
      const attended = attendanceFigures(sessionsAll, marksAll, periodRange(metricsPeriod, zone)).attended;
      if (report.total.attendances.hidden === null) expect(report.total.attendances.value, `${period.label} attendances`).toBe(attended);
    }
    expect(compared).toBeGreaterThan(0);
  });
});
