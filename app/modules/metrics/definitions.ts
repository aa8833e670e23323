import { DateTime } from "luxon";
import { wallTimeToEpoch } from "~/modules/time/zoned";

/**
 * Metric definitions: pure functions of their arguments (no database, no clock, no machine zone).
 * They are the reference each SQL query in queries.server.ts implements at scale; the unit tests
 * pin every definition on small hand-made data, the integration tests check the SQL against it.
 *
 * Periods are ranges of civil dates [from, to) in the organisation's zone: a session belongs to
 * the local day on which it starts, and period boundaries are local midnights.
 */

export type SessionStatus = "scheduled" | "cancelled" | "held";
export type MarkStatus = "present" | "late" | "left_early" | "excused" | "absent";
export const ATTENDED_STATUSES: readonly MarkStatus[] = ["present", "late", "left_early"];
export const isAttended = (status: MarkStatus) => ATTENDED_STATUSES.includes(status);

export type Granularity = "week" | "month" | "quarter";
export const GRANULARITIES: readonly Granularity[] = ["week", "month", "quarter"];

/** Cells describing fewer people than this are not shown (small numbers identify people). */
export const MIN_CELL = 5;

// ---------------------------------------------------------------------------------------------
// Civil dates and periods
// ---------------------------------------------------------------------------------------------

const DAY_MS = 86_400_000;
const civilPattern = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(day: string): [number, number, number] {
  const m = civilPattern.exec(day);
  if (!m) throw new RangeError(`not a civil date: ${day}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function fromUtcDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function isCivilDate(value: string): boolean {
  const m = civilPattern.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return fromUtcDate(d) === value;
}

export function addDays(day: string, days: number): string {
  const [y, m, d] = parts(day);
  return fromUtcDate(new Date(Date.UTC(y, m - 1, d) + days * DAY_MS));
}

export function addMonths(day: string, months: number): string {
  const [y, m] = parts(day);
  return fromUtcDate(new Date(Date.UTC(y, m - 1 + months, 1)));
}

/** The civil date of an instant in `zone`. */
export function localDay(instant: Date, zone: string): string {
  return DateTime.fromMillis(instant.getTime(), { zone }).toISODate()!;
}

/** The instant of local midnight starting `day` in `zone` (a midnight lost to DST moves forward). */
export function startOfLocalDay(day: string, zone: string): Date {
  const [y, m, d] = parts(day);
  return new Date(wallTimeToEpoch(zone, y, m, d, 0));
}

export type Period = { from: string; to: string; label: string; key: string };
export type Range = { start: Date; end: Date };

/** The instants bounding a period: local midnight of `from` to local midnight of `to`. */
export function periodRange(period: { from: string; to: string }, zone: string): Range {
  return { start: startOfLocalDay(period.from, zone), end: startOfLocalDay(period.to, zone) };
}

export const inRange = (instant: Date, range: Range) =>
  instant.getTime() >= range.start.getTime() && instant.getTime() < range.end.getTime();

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function formatDay(day: string): string {
  const [y, m, d] = parts(day);
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

/**
 * "The last 12 months" wherever a page says it (dashboard default, evidence, supervision totals):
 * a rolling window of the 12 months ending `today`, today included — from the day after the same
 * date a year earlier. Nothing after today is counted (a session scheduled later this month is not
 * "in the last 12 months"). On 5 Dec 2026: 6 Dec 2025 – 5 Dec 2026; on 31 Dec 2026: the calendar
 * year 2026; on 28 Feb 2028: 1 Mar 2027 – 28 Feb 2028. `to` is the day after today (exclusive), as
 * every Period. Equal to SQL's `day > today - interval '1 year' and day <= today`.
 */
export function last12Months(today: string): { from: string; to: string } {
  const to = addDays(today, 1);
  const [y, m, d] = parts(to);
  // 29 Feb of a year without one rolls over to 1 Mar, so the window is never longer than a year.
  return { from: fromUtcDate(new Date(Date.UTC(y - 1, m - 1, d))), to };
}

/**
 * A period from its URL form: "last-12-months" (default; the 12 months ending today, see last12Months), "2026" (a year), "2026-Q3" (a quarter),
 * "2026-07" (a month) or "custom" with `from` and `to` (inclusive last day). Null when invalid.
 */
export function resolvePeriod(
  key: string | null | undefined,
  custom: { from?: string | null; to?: string | null },
  today: string,
): Period | null {
  const k = key || "last-12-months";
  if (k === "last-12-months") {
    const { from, to } = last12Months(today);
    return { from, to, label: `Last 12 months (${formatDay(from)} – ${formatDay(today)})`, key: k };
  }
  let m = /^(\d{4})$/.exec(k);
  if (m) return { from: `${m[1]}-01-01`, to: `${Number(m[1]) + 1}-01-01`, label: m[1], key: k };
  m = /^(\d{4})-Q([1-4])$/.exec(k);
  if (m) {
    const from = `${m[1]}-${String((Number(m[2]) - 1) * 3 + 1).padStart(2, "0")}-01`;
    return { from, to: addMonths(from, 3), label: `${m[1]} Q${m[2]}`, key: k };
  }
  m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(k);
  if (m) {
    const from = `${k}-01`;
    return { from, to: addMonths(from, 1), label: `${MONTHS[Number(m[2]) - 1]} ${m[1]}`, key: k };
  }
  if (k === "custom") {
    const from = custom.from ?? "";
    const last = custom.to ?? "";
    if (!isCivilDate(from) || !isCivilDate(last) || last < from) return null;
    return { from, to: addDays(last, 1), label: `${formatDay(from)} – ${formatDay(last)}`, key: k };
  }
  return null;
}

/** The quarters and years offered in the period filter, newest first. */
export function periodChoices(today: string, quarters = 8): { value: string; label: string }[] {
  const [y, m] = parts(today);
  const out = [{ value: "last-12-months", label: "Last 12 months" }];
  let year = y;
  let q = Math.floor((m - 1) / 3) + 1;
  for (let i = 0; i < quarters; i++) {
    out.push({ value: `${year}-Q${q}`, label: `${year} Q${q}` });
    q -= 1;
    if (q === 0) {
      q = 4;
      year -= 1;
    }
  }
  for (let i = 0; i < 3; i++) out.push({ value: String(y - i), label: `Year ${y - i}` });
  out.push({ value: "custom", label: "Custom range (dates below)" });
  return out;
}

/** The first day of the bucket holding `day`: ISO week (Monday), month or quarter. */
export function bucketStart(day: string, by: Granularity): string {
  const [y, m, d] = parts(day);
  if (by === "month") return `${y}-${String(m).padStart(2, "0")}-01`;
  if (by === "quarter") return `${y}-${String(Math.floor((m - 1) / 3) * 3 + 1).padStart(2, "0")}-01`;
  const js = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return addDays(day, -((js + 6) % 7));
}

export function bucketLabel(start: string, by: Granularity): string {
  const [y, m] = parts(start);
  if (by === "month") return `${MONTHS[m - 1]} ${y}`;
  if (by === "quarter") return `${y} Q${Math.floor((m - 1) / 3) + 1}`;
  return `Week of ${formatDay(start)}`;
}

function nextBucket(start: string, by: Granularity): string {
  if (by === "week") return addDays(start, 7);
  return addMonths(start, by === "month" ? 1 : 3);
}

/** Every bucket that overlaps [from, to), in order (empty buckets included, so charts show gaps). */
export function bucketsOf(period: { from: string; to: string }, by: Granularity): { start: string; label: string }[] {
  const out: { start: string; label: string }[] = [];
  for (let b = bucketStart(period.from, by); b < period.to; b = nextBucket(b, by)) out.push({ start: b, label: bucketLabel(b, by) });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Outputs
// ---------------------------------------------------------------------------------------------

export type SessionFact = { id: string; groupId: string; startsAt: Date; endsAt: Date; status: SessionStatus };
export type MarkFact = {
  sessionId: string;
  userId: string;
  status: MarkStatus;
  walkIn: boolean;
  arrivedAt: Date | null;
  leftAt: Date | null;
};

/**
 * Sessions starting in the period: all of them ("scheduled"), held, cancelled, and those recorded
 * as neither — split at `now` into sessions still to come (not yet over: they cannot have a
 * record yet) and sessions not yet recorded (over, and still neither held nor cancelled). A period
 * reaching into the future (the current quarter) holds sessions still to come; they are never
 * counted as missing records.
 */
export function sessionCounts(sessions: SessionFact[], range: Range, now: Date) {
  const inPeriod = sessions.filter((s) => inRange(s.startsAt, range));
  const open = inPeriod.filter((s) => s.status === "scheduled");
  const toCome = open.filter((s) => isStillToCome(s, now)).length;
  return {
    total: inPeriod.length,
    held: inPeriod.filter((s) => s.status === "held").length,
    cancelled: inPeriod.filter((s) => s.status === "cancelled").length,
    toCome,
    unrecorded: open.length - toCome,
  };
}

/** A session not yet over at `now` (one under way is still to come: nobody can be expected to have recorded it). */
export const isStillToCome = (session: Pick<SessionFact, "endsAt">, now: Date) => session.endsAt.getTime() > now.getTime();

/**
 * Minutes a person attended: the session's length, less the time missed when they were marked
 * late (arrival after the start) or left early (departure before the end). Zero when not attended.
 */
export function attendedMinutes(mark: Pick<MarkFact, "status" | "arrivedAt" | "leftAt">, session: Pick<SessionFact, "startsAt" | "endsAt">): number {
  if (!isAttended(mark.status)) return 0;
  const start = session.startsAt.getTime();
  const end = session.endsAt.getTime();
  let from = start;
  let to = end;
  if (mark.status === "late" && mark.arrivedAt) from = Math.min(end, Math.max(start, mark.arrivedAt.getTime()));
  if (mark.status === "left_early" && mark.leftAt) to = Math.max(from, Math.min(end, mark.leftAt.getTime()));
  return Math.max(0, Math.round((to - from) / 60_000));
}

export function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

/**
 * Attendance at held sessions starting in the period. Marks at cancelled or unrecorded sessions
 * do not count. Walk-ins count like anyone in the room. Rate = attended / (attended + absent):
 * excused absences are left out of the denominator.
 */
export function attendanceFigures(sessions: SessionFact[], marks: MarkFact[], range: Range) {
  const held = new Map(sessions.filter((s) => s.status === "held" && inRange(s.startsAt, range)).map((s) => [s.id, s]));
  let attended = 0;
  let absent = 0;
  let excused = 0;
  let walkIns = 0;
  let minutes = 0;
  const people = new Set<string>();
  for (const mark of marks) {
    const session = held.get(mark.sessionId);
    if (!session) continue;
    if (isAttended(mark.status)) {
      attended += 1;
      if (mark.walkIn) walkIns += 1;
      people.add(mark.userId);
      minutes += attendedMinutes(mark, session);
    } else if (mark.status === "absent") absent += 1;
    else excused += 1;
  }
  return {
    attended,
    absent,
    excused,
    walkIns,
    rate: ratio(attended, attended + absent),
    uniqueParticipants: people.size,
    participantMinutes: minutes,
    participantHours: minutes / 60,
  };
}

export type RetentionRule = { attended: number; of: number };

/**
 * A starter is a person whose first held session with a mark in a group (any mark: an absence
 * counts as their start) falls in the period. `flags` say whether they attended each of the
 * group's held sessions from that one on, up to `of` of them.
 */
export type Starter = { flags: boolean[] };

/**
 * Retention: of the starters, the share who attended at least `attended` of their first `of`
 * held sessions. Someone for whom fewer than `of` sessions have been held yet and who has not
 * already reached `attended` is "in progress" and left out of the rate.
 */
export function retentionFigures(starters: Starter[], rule: RetentionRule) {
  let retained = 0;
  let notRetained = 0;
  let inProgress = 0;
  for (const s of starters) {
    const window = s.flags.slice(0, rule.of);
    const count = window.filter(Boolean).length;
    if (count >= rule.attended) retained += 1;
    else if (window.length < rule.of) inProgress += 1;
    else notRetained += 1;
  }
  return { starters: starters.length, retained, notRetained, inProgress, rate: ratio(retained, retained + notRetained) };
}

/**
 * Starters in the period with their attendance flags, from raw facts (reference for the SQL).
 * `ownSession` says whether a session is one of the person's (in a group split into cohorts, a
 * member of one cohort is not expected at another's sessions); a session where they have a mark
 * is always theirs.
 */
export function startersFromFacts(
  sessions: SessionFact[],
  marks: MarkFact[],
  range: Range,
  rule: RetentionRule,
  ownSession: (session: SessionFact, userId: string) => boolean = () => true,
): (Starter & { groupId: string; userId: string; first: SessionFact })[] {
  const held = sessions.filter((s) => s.status === "held").sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const byId = new Map(held.map((s) => [s.id, s]));
  const marksBy = new Map<string, MarkFact>();
  const first = new Map<string, SessionFact>();
  for (const mark of marks) {
    const session = byId.get(mark.sessionId);
    if (!session) continue;
    marksBy.set(`${mark.sessionId}|${mark.userId}`, mark);
    const key = `${session.groupId}|${mark.userId}`;
    const current = first.get(key);
    if (!current || session.startsAt.getTime() < current.startsAt.getTime()) first.set(key, session);
  }
  const out: (Starter & { groupId: string; userId: string; first: SessionFact })[] = [];
  for (const [key, start] of first) {
    if (!inRange(start.startsAt, range)) continue;
    const [groupId, userId] = key.split("|");
    const window = held
      .filter((s) => s.groupId === groupId && s.startsAt.getTime() >= start.startsAt.getTime() && (ownSession(s, userId) || marksBy.has(`${s.id}|${userId}`)))
      .slice(0, rule.of);
    const flags = window.map((s) => {
      const mark = marksBy.get(`${s.id}|${userId}`);
      return mark ? isAttended(mark.status) : false;
    });
    out.push({ groupId, userId, first: start, flags });
  }
  return out;
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Waiting time of people given a seat in the period: median whole days from queueing to the seat. */
export function daysToSeat(entries: { queuedAt: Date; promotedAt: Date | null }[], range: Range) {
  const days = entries
    .filter((e) => e.promotedAt && inRange(e.promotedAt, range))
    .map((e) => Math.max(0, (e.promotedAt!.getTime() - e.queuedAt.getTime()) / DAY_MS));
  return { seated: days.length, medianDays: median(days) };
}

/** Referrals made in the period (referredOn is a civil date) and those followed up (an outcome other than pending). */
export function referralFigures(referrals: { referredOn: string; outcome: string }[], period: { from: string; to: string }) {
  const made = referrals.filter((r) => r.referredOn >= period.from && r.referredOn < period.to);
  const followedUp = made.filter((r) => r.outcome !== "pending").length;
  return { made: made.length, followedUp, rate: ratio(followedUp, made.length) };
}

/** Feedback response rate: answers received for held sessions in the period, per attended mark at them. */
export function feedbackFigures(responses: number, attendedMarks: number) {
  return { responses, invited: attendedMarks, rate: ratio(responses, attendedMarks) };
}

// ---------------------------------------------------------------------------------------------
// Outcomes
// ---------------------------------------------------------------------------------------------

export const OUTCOME_DOMAINS = ["functional_status", "health_welfare_safety", "permanency", "quality_of_life", "goal_achievement"] as const;
export type OutcomeDomain = (typeof OUTCOME_DOMAINS)[number];
export const DOMAIN_LABELS: Record<OutcomeDomain, string> = {
  functional_status: "Functional status",
  health_welfare_safety: "Health, welfare and safety",
  permanency: "Permanency of life situation",
  quality_of_life: "Quality of life",
  goal_achievement: "Goal achievement",
};
export const OUTCOME_PHASES = ["intake", "interval", "exit"] as const;
export type OutcomePhase = (typeof OUTCOME_PHASES)[number];
export const PHASE_LABELS: Record<OutcomePhase, string> = { intake: "At intake", interval: "At an interval", exit: "At exit" };

/** A score in one of the five domains, or (domain `other`) in one of the organisation's own measures (measureId). */
export type MeasureFact = { participantId: string; domain: OutcomeDomain | "other"; measureId?: string | null; phase: OutcomePhase; score: number; measuredOn: string };

export type PersonChange = { participantId: string; domain: OutcomeDomain | "other"; measureId?: string; baseline: number; baselineOn: string; latest: number; latestOn: string; change: number };

/**
 * Change from baseline per person and domain: the baseline is the person's earliest intake score
 * in the domain; the latest is their most recent interval or exit score measured in the period
 * and after the baseline. People without both are not counted.
 */
export function personChanges(measures: MeasureFact[], period: { from: string; to: string }): PersonChange[] {
  const baseline = new Map<string, MeasureFact>();
  for (const m of measures) {
    if (m.phase !== "intake") continue;
    const key = `${m.participantId}|${m.domain}|${m.measureId ?? ""}`;
    const current = baseline.get(key);
    if (!current || m.measuredOn < current.measuredOn) baseline.set(key, m);
  }
  const latest = new Map<string, MeasureFact>();
  for (const m of measures) {
    if (m.phase === "intake" || m.measuredOn < period.from || m.measuredOn >= period.to) continue;
    const key = `${m.participantId}|${m.domain}|${m.measureId ?? ""}`;
    const base = baseline.get(key);
    if (!base || m.measuredOn < base.measuredOn) continue;
    const current = latest.get(key);
    if (!current || m.measuredOn > current.measuredOn || (m.measuredOn === current.measuredOn && m.phase === "exit")) latest.set(key, m);
  }
  const out: PersonChange[] = [];
  for (const [key, last] of latest) {
    const base = baseline.get(key)!;
    out.push({
      participantId: last.participantId,
      domain: last.domain,
      ...(last.measureId ? { measureId: last.measureId } : {}),
      baseline: base.score,
      baselineOn: base.measuredOn,
      latest: last.score,
      latestOn: last.measuredOn,
      change: last.score - base.score,
    });
  }
  return out;
}

export type DomainChange = {
  domain: OutcomeDomain;
  label: string;
  people: number;
  suppressed: boolean;
  baselineMean: number | null;
  latestMean: number | null;
  meanChange: number | null;
  improved: number | null;
};

/** Sums per domain over the people behind it (what the SQL aggregate returns). */
export type DomainSums = { domain: OutcomeDomain; people: number; baselineSum: number; latestSum: number; improved: number };

/** Per domain: how many people, and (only when at least MIN_CELL people) the mean scores and change. */
export function summariseDomains(sums: DomainSums[]): DomainChange[] {
  return OUTCOME_DOMAINS.map((domain) => {
    const row = sums.find((r) => r.domain === domain) ?? { domain, people: 0, baselineSum: 0, latestSum: 0, improved: 0 };
    const suppressed = row.people < MIN_CELL;
    return {
      domain,
      label: DOMAIN_LABELS[domain],
      people: row.people,
      suppressed,
      baselineMean: suppressed ? null : row.baselineSum / row.people,
      latestMean: suppressed ? null : row.latestSum / row.people,
      meanChange: suppressed ? null : (row.latestSum - row.baselineSum) / row.people,
      improved: suppressed ? null : row.improved,
    };
  });
}

export function outcomeChange(measures: MeasureFact[], period: { from: string; to: string }): DomainChange[] {
  const changes = personChanges(measures, period);
  return summariseDomains(
    OUTCOME_DOMAINS.map((domain) => {
      const rows = changes.filter((c) => c.domain === domain);
      return {
        domain,
        people: rows.length,
        baselineSum: rows.reduce((a, r) => a + r.baseline, 0),
        latestSum: rows.reduce((a, r) => a + r.latest, 0),
        improved: rows.filter((r) => r.change > 0).length,
      };
    }),
  );
}

/**
 * A goal as the group and facilitator filters see it. `plannedGroupIds`: the groups its plan names
 * (goal_interventions.group_id, and plan_services.group_id under its objectives). `enrolments`:
 * the participant's enrolments that held or hold a place in a group (waitlist places, offers,
 * declines and interest are not), each as the stay the goal belongs to (`goalStay`), from its
 * start to its end (null: still running).
 */
export type GoalFact = {
  status: string;
  targetDate: string | null;
  plannedGroupIds: string[];
  enrolments: { groupId: string; startedAt: Date; endedAt: Date | null }[];
};

/**
 * Whether a goal belongs to a set of groups for a period (the group and facilitator filters of
 * /metrics): its plan names one of the groups — the explicit link, preferred whenever the plan
 * names any group at all — or, for a goal whose plan names no group, the participant was enrolled
 * in one of the groups at some time in the period (an enrolment started before the period ended
 * and had not ended before it began).
 */
export function goalInGroups(goal: GoalFact, groupIds: ReadonlySet<string>, range: Range): boolean {
  if (goal.plannedGroupIds.length) return goal.plannedGroupIds.some((g) => groupIds.has(g));
  return goal.enrolments.some(
    (e) => groupIds.has(e.groupId) && e.startedAt.getTime() < range.end.getTime() && (e.endedAt === null || e.endedAt.getTime() >= range.start.getTime()),
  );
}

/**
 * The stay of an enrolment a goal belongs to (the group and facilitator filters' goal figures).
 * A person who withdrew and registered again has several stays on one row: the current one from
 * the re-registration (`restartedAt`, migration 0068; the stay completion and letters count,
 * currentStayStart) to `endedAt`, and each earlier one from its start to its withdrawal
 * (`earlierStays`, enrolments.earlier_stays, migration 0077; none when the time before was no
 * stay, such as a declined offer). A goal belongs to the first stay that had not ended when it
 * was written: the one it was written in, or after a gap the next one (a goal set just before
 * someone rejoins is the new stay's), the current stay if every earlier one had ended — so a goal
 * of one stay is not due in a later one, nor in the time between.
 */
export function goalStay(
  goalCreatedAt: Date,
  enrolment: { createdAt: Date; restartedAt: Date | null; earlierStays: readonly Stay[]; endedAt: Date | null },
): Stay {
  const { createdAt, restartedAt, earlierStays, endedAt } = enrolment;
  const t = goalCreatedAt.getTime();
  if (restartedAt && earlierStays.length > 0 && t < restartedAt.getTime()) {
    const byStart = [...earlierStays].sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
    const open = byStart.find((s) => s.endedAt === null || s.endedAt.getTime() >= t);
    if (open) return open;
  }
  return { startedAt: restartedAt ?? createdAt, endedAt };
}

type Stay = { startedAt: Date; endedAt: Date | null };

/** Goal achievement: of goals with a target date in the period, the share marked achieved. */
export function goalFigures(goals: { status: string; targetDate: string | null }[], period: { from: string; to: string }) {
  const due = goals.filter((g) => g.targetDate && g.targetDate >= period.from && g.targetDate < period.to);
  const achieved = due.filter((g) => g.status === "achieved").length;
  return { due: due.length, achieved, rate: ratio(achieved, due.length) };
}

// ---------------------------------------------------------------------------------------------
// The catalogue: what each figure means (shown beside it) and how it is formatted
// ---------------------------------------------------------------------------------------------

export type MetricFormat = "count" | "percent" | "hours" | "days";

export const OUTPUT_METRICS = [
  "sessions_total",
  "sessions_held",
  "sessions_cancelled",
  "attendance_rate",
  "unique_participants",
  "participant_hours",
  "retention_rate",
  "waitlist_length",
  "median_days_to_seat",
  "referrals_made",
  "referrals_followed_up",
  "feedback_response_rate",
] as const;
export type OutputMetric = (typeof OUTPUT_METRICS)[number];
export type MetricKey = OutputMetric | "goal_achievement_rate" | `outcome_change:${OutcomeDomain}`;

export const METRIC_INFO: Record<OutputMetric | "goal_achievement_rate", { label: string; format: MetricFormat; definition: string }> = {
  sessions_total: { label: "Sessions scheduled", format: "count", definition: "Sessions starting in the period, whatever became of them. Those not yet over are still to come, never counted as not recorded." },
  sessions_held: { label: "Sessions held", format: "count", definition: "Sessions in the period recorded as held." },
  sessions_cancelled: { label: "Sessions cancelled", format: "count", definition: "Sessions in the period that were cancelled." },
  attendance_rate: {
    label: "Attendance rate",
    format: "percent",
    definition: "At held sessions: people present, late or leaving early (walk-ins included) out of those plus unexcused absences. Excused absences are left out.",
  },
  unique_participants: { label: "Unique participants", format: "count", definition: "Different people who attended at least one held session." },
  participant_hours: {
    label: "Participant-hours",
    format: "hours",
    definition: "Hours people spent in held sessions: each session's length, less time missed by those marked late or leaving early.",
  },
  retention_rate: {
    label: "Retention",
    format: "percent",
    definition: "Of people whose first session in a group fell in the period, the share who attended at least N of their first M held sessions (people still within their first M are left out).",
  },
  waitlist_length: { label: "Waitlist now", format: "count", definition: "People on a waitlist today (not limited to the period)." },
  median_days_to_seat: { label: "Median days to a seat", format: "days", definition: "For people given a seat from the waitlist in the period: median days from joining the queue." },
  referrals_made: { label: "Referrals made", format: "count", definition: "Referrals to other services dated in the period." },
  referrals_followed_up: { label: "Referrals followed up", format: "count", definition: "Of the referrals made in the period, those with a recorded outcome." },
  feedback_response_rate: {
    label: "Feedback response rate",
    format: "percent",
    definition: "Feedback answers for held sessions in the period, per person who attended them.",
  },
  goal_achievement_rate: {
    label: "Goals achieved",
    format: "percent",
    definition: "Of individual goals with a target date in the period, the share marked achieved.",
  },
};

/** Every key a logic model line may be bound to. */
export function bindableMetrics(): { value: MetricKey; label: string }[] {
  return [
    ...OUTPUT_METRICS.map((k) => ({ value: k as MetricKey, label: METRIC_INFO[k].label })),
    { value: "goal_achievement_rate", label: METRIC_INFO.goal_achievement_rate.label },
    ...OUTCOME_DOMAINS.map((d) => ({ value: `outcome_change:${d}` as MetricKey, label: `Mean change from baseline: ${DOMAIN_LABELS[d]}` })),
  ];
}

export function isMetricKey(value: string): value is MetricKey {
  return bindableMetrics().some((m) => m.value === value);
}

export function metricLabel(key: string): string {
  return bindableMetrics().find((m) => m.value === key)?.label ?? key;
}

export function metricFormat(key: string): MetricFormat | "change" {
  if (key.startsWith("outcome_change:")) return "change";
  return METRIC_INFO[key as OutputMetric]?.format ?? "count";
}

/** A figure for people: "62%", "1,234", "12.5 h", "3 days", "+0.8", or "—" when there is none. */
export function formatFigure(value: number | null | undefined, format: MetricFormat | "change"): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "—";
  switch (format) {
    case "percent":
      return `${Math.round(value * 1000) / 10}%`;
    case "hours":
      return `${(Math.round(value * 10) / 10).toLocaleString("en-US")} h`;
    case "days":
      return `${Math.round(value * 10) / 10} days`;
    case "change":
      return `${value > 0 ? "+" : ""}${Math.round(value * 100) / 100}`;
    default:
      return Math.round(value).toLocaleString("en-US");
  }
}

/** Whether an actual meets its target (for percent targets given as 0–100). Higher is better for every bindable metric except days to a seat. */
export function meetsTarget(key: string, actual: number | null, target: number | null): boolean | null {
  if (actual === null || target === null) return null;
  const value = metricFormat(key) === "percent" ? actual * 100 : actual;
  return key === "median_days_to_seat" ? value <= target : value >= target;
}
