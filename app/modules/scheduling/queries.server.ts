import { and, asc, desc, eq, sql } from "drizzle-orm";
import { db, type Executor } from "~/db/client.server";
import { qualified } from "~/db/qualified";
import { derived } from "~/db/derived.server";
import { enrolments, groups, memberships, series, users } from "~/db/schema";
import { roundInvitees, schedulingRounds, seriesAssignments } from "~/db/tables/scheduling";
import { availabilityRowsFor } from "~/modules/availability/queries.server";
import type { CurrentUser } from "~/modules/auth/policy";
import { todayInZone } from "~/modules/competency/expiry";
import { STARTER_FRAMEWORK } from "~/modules/competency/framework";
import { describeMissing, missingRequirements, type MissingRequirement, type RequirementItem } from "~/modules/competency/gate";
import { getSettings, loadFramework, recordsFor, rolesOf } from "~/modules/competency/queries.server";
import { getGroup, groupLeadersColumn, sessionsLedBy } from "~/modules/groups/queries.server";
import { firstOverlap } from "~/modules/groups/overlap";
import { groupSeats } from "~/modules/registration/seats.server";
import { forbidden, notFound } from "~/modules/errors";
import { dateStyleOf, formatClockTextIn, formatRangeInZone, type Weekday } from "~/modules/time/zoned";
import { materialiseSeries } from "~/modules/groups/series";
import { canBeRoundInvitee, canPlanRounds, roundView } from "./policy";
import { buildSuggestRequest, type PersonRows } from "./request";
import { checkPlan, planFromSuggestion, seatPlan, suggestForRound } from "./round-plan";
import { planReminders } from "./round-reminders";
import { parseSuggestRequest } from "./schema";

export type RoundRow = typeof schedulingRounds.$inferSelect;

/** The group, if the user may plan its rounds: 404 outside the organisation, 403 for others. */
export async function requirePlannableGroup(user: CurrentUser, groupId: string) {
  const group = await getGroup(user, groupId);
  if (!canPlanRounds(user, group)) forbidden("Only the organisation's managers and this group's facilitators plan its sessions.");
  return group;
}

export async function listGroupRounds(user: CurrentUser, groupId: string) {
  return db
    .select({
      id: schedulingRounds.id,
      status: schedulingRounds.status,
      startDate: schedulingRounds.startDate,
      endDate: schedulingRounds.endDate,
      durationMinutes: schedulingRounds.durationMinutes,
      sections: schedulingRounds.sections,
      createdAt: schedulingRounds.createdAt,
      publishedAt: schedulingRounds.publishedAt,
      // The round's id named in full (qualified): bare, it would resolve by luck (invitees have no "id").
      invited: sql<number>`(select count(*)::int from ${roundInvitees} ri where ri.round_id = ${qualified(schedulingRounds.id)})`,
      responded: sql<number>`(select count(*)::int from ${roundInvitees} ri where ri.round_id = ${qualified(schedulingRounds.id)} and ri.responded_at is not null)`,
    })
    .from(schedulingRounds)
    .where(and(eq(schedulingRounds.groupId, groupId), eq(schedulingRounds.organizationId, user.organizationId)))
    .orderBy(desc(schedulingRounds.createdAt));
}

/**
 * A round with its group and how this user may see it: "staff" (names) or "counts". A round of
 * another organisation, or one the user has no part in, is a 404.
 */
export async function getRoundForViewer(user: CurrentUser, roundId: string, tx: Executor = db) {
  // The round with its group, the group's facilitators (by name, as groupLeaders) and whether the
  // viewer was invited or is in the group, in one read; round and group must be the viewer's organisation's.
  const [found] = await tx
    .select({
      round: schedulingRounds,
      group: { id: groups.id, name: groups.name, kind: groups.kind, timezone: groups.timezone, organizationId: groups.organizationId },
      facilitators: groupLeadersColumn(groups.id, user.organizationId),
      viewerIsInvitee: sql<boolean>`exists (select 1 from ${roundInvitees} ri where ri.round_id = ${schedulingRounds.id} and ri.user_id = ${user.id})`,
      viewerIsMember: sql<boolean>`exists (select 1 from ${enrolments} e where e.group_id = ${groups.id} and e.user_id = ${user.id} and e.status in ('enrolled', 'interested'))`,
    })
    .from(schedulingRounds)
    .innerJoin(groups, and(eq(groups.id, schedulingRounds.groupId), eq(groups.organizationId, user.organizationId)))
    .where(and(eq(schedulingRounds.id, roundId), eq(schedulingRounds.organizationId, user.organizationId)));
  if (!found) notFound("Scheduling round not found");
  const { round, group, facilitators } = found;
  // Only someone who can be invited (a participant) is seen as an invitee or member.
  const viewerIsInvitee = canBeRoundInvitee(user) && found.viewerIsInvitee;
  const viewerIsMember = canBeRoundInvitee(user) && found.viewerIsMember;
  const view = roundView(user, {
    organizationId: round.organizationId,
    status: round.status,
    facilitatorIds: facilitators.map((f) => f.id),
    viewerIsInvitee,
    viewerIsMember,
  });
  if (!view) notFound("Scheduling round not found");
  return { round, group, facilitators, view };
}

/**
 * The sessions that make the group's facilitators busy around the round's dates: the sessions they
 * lead (sessionLedBy, the definition every facilitator clash uses), two days either side.
 */
async function busySessions(tx: Executor, organizationId: string, userIds: string[], round: RoundRow): Promise<LedSessions> {
  const from = new Date(Date.parse(`${round.startDate}T00:00:00Z`) - 2 * 86_400_000);
  const to = new Date(Date.parse(`${round.endDate}T00:00:00Z`) + 3 * 86_400_000);
  return { userIds, from, to, sessions: await sessionsLedBy(tx, organizationId, userIds, { from, to }) };
}

/** The sessions `userIds` lead (sessionsLedBy) that overlap from–to, as read. */
export type LedSessions = { userIds: readonly string[]; from: Date; to: Date; sessions: Awaited<ReturnType<typeof sessionsLedBy>> };

/**
 * For each cohort whose weekly sessions would overlap a session its facilitator already leads
 * (sessionLedBy), the first such session: one read for all cohorts. A cohort without a facilitator
 * is a series nobody is assigned to lead, so every one of `groupLeaderIds` would lead it. `number`
 * is the cohort's number on the round page (its place in the plan when not given). `known`: the
 * sessions already read for some people over some dates (the round page's busy sessions); used
 * instead of a read when they cover every leader and every date in question.
 */
export async function facilitatorClashes(
  tx: Executor,
  organizationId: string,
  round: { startDate: string; endDate: string; durationMinutes: number; skipDates: string[]; timezone: string },
  cohorts: ReadonlyArray<{ number?: number; day: string; start: string; facilitatorId: string | null }>,
  groupLeaderIds: readonly string[] = [],
  known?: LedSessions,
) {
  const planned = cohorts
    .map((cohort, index) => ({
      number: cohort.number ?? index + 1,
      leaderIds: cohort.facilitatorId ? [cohort.facilitatorId] : [...groupLeaderIds],
      occurrences: materialiseSeries({
        timezone: round.timezone,
        weekdays: [cohort.day as Weekday],
        startTime: cohort.start,
        durationMinutes: round.durationMinutes,
        startDate: round.startDate,
        endDate: round.endDate,
        skipDates: round.skipDates,
      }),
    }))
    .filter((c) => c.leaderIds.length > 0 && c.occurrences.length > 0);
  if (planned.length === 0) return [];
  const all = planned.flatMap((c) => c.occurrences);
  const leaderIds = planned.flatMap((c) => c.leaderIds);
  const window = { from: new Date(Math.min(...all.map((o) => o.startsAt.getTime()))), to: new Date(Math.max(...all.map((o) => o.endsAt.getTime()))) };
  // Sessions overlapping a wider window only add sessions that overlap no occurrence.
  const covered = known && leaderIds.every((id) => known.userIds.includes(id)) && known.from <= window.from && known.to >= window.to;
  const theirs = covered ? known.sessions : await sessionsLedBy(tx, organizationId, leaderIds, window);
  const out: { number: number; leaderName: string; groupName: string; startsAt: Date; endsAt: Date }[] = [];
  for (const cohort of planned) {
    const clash = firstOverlap(cohort.occurrences, theirs.filter((s) => cohort.leaderIds.includes(s.userId)));
    if (clash) out.push({ number: cohort.number, leaderName: clash.existing.leaderName, groupName: clash.existing.groupName, startsAt: clash.existing.startsAt, endsAt: clash.existing.endsAt });
  }
  return out;
}

/** `why` is the English wording; `missing` (null when they are not staff) is the same as data, for the page to word. */
export type LeaderClearance = { cleared: boolean; why: string | null; missing: { name: string; standard: string; problem: MissingRequirement["problem"] }[] | null };

/**
 * Whether each of the group's facilitators passes the competency gate that publishing applies
 * (current verified records for everything the group's kind and their role require), read-only:
 * before an organisation's framework is installed, the starter framework it will get is applied
 * (nobody holds records of it yet, so nobody is cleared — as publishing would find).
 */
export async function leaderClearance(
  tx: Executor,
  organizationId: string,
  groupKind: string,
  userIds: string[],
  now: Date,
): Promise<Map<string, LeaderClearance>> {
  const out = new Map<string, LeaderClearance>();
  if (userIds.length === 0) return out;
  const [settings, installed, records, roles] = await Promise.all([
    getSettings(tx, organizationId),
    loadFramework(tx, organizationId),
    recordsFor(tx, organizationId, userIds),
    rolesOf(tx, organizationId, userIds),
  ]);
  if (!settings.zone) notFound("Organisation not found");
  const items: RequirementItem[] = settings.frameworkInstalledAt ? installed : STARTER_FRAMEWORK.map((item) => ({ ...item, id: `starter:${item.code}` }));
  const today = todayInZone(now, settings.zone);
  for (const id of userIds) {
    const person = roles.get(id);
    if (!person || person.role === "participant") {
      out.set(id, { cleared: false, why: "not a member of the organisation's staff", missing: null });
      continue;
    }
    const missing = missingRequirements({
      items,
      records: records.filter((r) => r.userId === id).map((r) => ({ itemId: r.itemId, status: r.status, expiresOn: r.expiresOn })),
      groupKind,
      role: person.role,
      today,
    });
    out.set(
      id,
      missing.length
        ? { cleared: false, why: describeMissing(missing), missing: missing.map((m) => ({ name: m.name, standard: m.standard, problem: m.problem })) }
        : { cleared: true, why: null, missing: [] },
    );
  }
  return out;
}

/**
 * Everything the round page needs: the invitees and facilitators, the engine request built from
 * their rows, the suggestion, and the current plan (adjusted or suggested) with its check.
 */
/** A group's facilitators (id, name, zone) by name (groupLeadersColumn, the one definition). */
async function groupLeaders(tx: Executor, groupId: string, organizationId: string) {
  const [row] = await tx.select({ leaders: groupLeadersColumn(groups.id, organizationId) }).from(groups).where(eq(groups.id, groupId));
  return row?.leaders ?? [];
}

/**
 * Everything the round page and publishing need. `knownLeaders` are the group's facilitators when
 * the caller has just read them (getRoundForViewer) in the same executor; otherwise they are read.
 */
export async function analyseRound(
  tx: Executor,
  round: RoundRow,
  group: { id: string; kind: string; timezone: string },
  now: Date,
  knownLeaders?: { id: string; name: string; timezone: string }[],
) {
  const invitees = await tx
    .select({
      id: users.id,
      name: users.name,
      timezone: users.timezone,
      invitedAt: roundInvitees.invitedAt,
      respondedAt: roundInvitees.respondedAt,
      remindedAt: roundInvitees.remindedAt,
      reminders: roundInvitees.reminders,
      // Still in the group (enrolled or interested) and still a member of the organisation: someone
      // who withdrew or was removed since the invitation, or whose membership was deactivated (which
      // gives up places but not an "interested" entry), keeps their row here for the record but is
      // counted in no cell and planned into no cohort.
      current: sql<boolean>`coalesce(${enrolments.status} in ('enrolled', 'interested'), false)
        and exists (select 1 from ${memberships} m where m.user_id = ${roundInvitees.userId} and m.organization_id = ${roundInvitees.organizationId} and m.deactivated_at is null)`,
      /** Already holds a seat in the group (enrolled): publishing needs no new seat for them. */
      seated: sql<boolean>`coalesce(${enrolments.status} = 'enrolled', false)`,
    })
    .from(roundInvitees)
    .innerJoin(users, eq(users.id, roundInvitees.userId))
    .leftJoin(enrolments, and(eq(enrolments.groupId, round.groupId), eq(enrolments.userId, roundInvitees.userId)))
    .where(and(eq(roundInvitees.roundId, round.id), eq(roundInvitees.organizationId, round.organizationId)))
    .orderBy(asc(users.name));
  const currentIds = new Set(invitees.filter((i) => i.current).map((i) => i.id));
  const leaders = knownLeaders ?? (await groupLeaders(tx, group.id, round.organizationId));
  const leaderIds = leaders.map((l) => l.id);
  // Independent reads, sent together (one round trip's wait instead of three).
  const [rows, busy, clearance, seatCounts] = await Promise.all([
    availabilityRowsFor(tx, round.organizationId, [...invitees.map((i) => i.id), ...leaderIds]),
    busySessions(tx, round.organizationId, leaderIds, round),
    leaderClearance(tx, round.organizationId, group.kind, leaderIds, now),
    groupSeatCounts(tx, round.organizationId, group.id, now),
  ]);
  const participants: PersonRows[] = invitees.filter((i) => currentIds.has(i.id)).map((i) => ({ id: i.id, timezone: i.timezone, ...rows.get(i.id)! }));
  // A facilitator who entered no availability is left out (else nobody could ever lead), and so is
  // one who fails the competency gate: the suggestion only proposes people publishing accepts.
  const withAvailability = leaders.filter((l) => rows.get(l.id)!.windows.length > 0);
  const facilitatorRows: PersonRows[] = withAvailability
    .filter((l) => clearance.get(l.id)?.cleared)
    .map((l) => ({ id: l.id, timezone: l.timezone, ...rows.get(l.id)!, busy: busy.sessions.filter((b) => b.userId === l.id) }));
  const request = buildSuggestRequest({ ...round, timezone: group.timezone }, participants, facilitatorRows);
  const parsed = parseSuggestRequest(JSON.parse(JSON.stringify(request)));
  if (!parsed.ok) throw new Error(`scheduling round ${round.id}: stored data gives an invalid request: ${parsed.problems.join("; ")}`);
  // The heatmap and suggestion are a pure function of the request and the skipped dates: stored
  // with their hash, recomputed only when an answer, a facilitator, a busy session, a clearance or
  // the round's settings changed since the last view (any instance's).
  const response = await derived(tx, { organizationId: round.organizationId, kind: "round-suggestion", subject: round.id }, [parsed.value, round.skipDates], () =>
    suggestForRound(parsed.value, round.skipDates),
  );
  // A kept adjustment names the people chosen then; anyone who has left since drops out of it.
  const plan = round.plan?.cohorts
    ? round.plan.cohorts.map((c) => (round.status === "open" ? { ...c, participantIds: c.participantIds.filter((id) => currentIds.has(id)) } : c))
    : planFromSuggestion(response);
  const notCleared = new Map(leaders.filter((l) => !clearance.get(l.id)?.cleared).map((l) => [l.id, l.name]));
  const check = checkPlan(plan, response, round, { facilitatorsGiven: withAvailability.length > 0, notCleared });
  // Who of the plan's newcomers publishing would seat, and who would wait: first to answer first.
  const answerOrder = [...invitees]
    .sort((a, b) => (a.respondedAt?.getTime() ?? Infinity) - (b.respondedAt?.getTime() ?? Infinity) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((i) => i.id);
  const seats = seatPlan(plan, { ...seatCounts, holders: new Set(invitees.filter((i) => i.seated).map((i) => i.id)), order: answerOrder });
  return {
    invitees: invitees.map((i) => ({ ...i, windows: rows.get(i.id)!.windows.length, exceptions: rows.get(i.id)!.exceptions.length })),
    leaders: leaders.map((l) => ({
      ...l,
      hasAvailability: rows.get(l.id)!.windows.length > 0,
      busySessions: busy.sessions.filter((b) => b.userId === l.id).length,
      cleared: clearance.get(l.id)?.cleared ?? false,
      notClearedWhy: clearance.get(l.id)?.why ?? null,
      notClearedMissing: clearance.get(l.id)?.missing ?? null,
    })),
    facilitatorsGiven: withAvailability.length > 0,
    busy,
    response,
    plan,
    adjusted: round.plan !== null,
    check,
    seats,
  };
}

/**
 * The group's seats, held seats (enrolled, and offers not lapsed at `now`) and waiting list, as
 * registerForGroup counts them (groupSeats). Publishing reads them under the group's lock.
 */
async function groupSeatCounts(tx: Executor, organizationId: string, groupId: string, now: Date) {
  const seats = (await groupSeats(tx, organizationId, [groupId], now)).get(groupId);
  if (!seats) notFound("Group not found");
  return { capacity: seats.capacity, taken: seats.taken, waiting: seats.waiting };
}

export type RoundAnalysis = Awaited<ReturnType<typeof analyseRound>>;

/**
 * The round page's data for this viewer. Staff get names; participants get counts only — the
 * names never leave the server for them.
 */
export async function roundPageData(user: CurrentUser, roundId: string, now: Date) {
  const { round, group, view, facilitators } = await getRoundForViewer(user, roundId);
  const analysis = await analyseRound(db, round, group, now, facilitators);
  // A cohort whose time overlaps a session its facilitator already leads cannot be published
  // (publishing checks again under a lock per facilitator): said here first, in the viewer's zone.
  const clashes =
    round.status === "open" && view === "staff"
      ? (await facilitatorClashes(db, user.organizationId, { ...round, timezone: group.timezone }, analysis.plan, facilitators.map((f) => f.id), analysis.busy)).map(
          (c) =>
            `${c.leaderName} already leads ${c.groupName} on ${formatRangeInZone(c.startsAt, c.endsAt, user.timezone, dateStyleOf(user.locale))}, at the same time as cohort ${c.number} of this round: choose another time or facilitator for that cohort.`,
        )
      : [];
  const summary = {
    id: round.id,
    status: round.status,
    startDate: round.startDate,
    endDate: round.endDate,
    durationMinutes: round.durationMinutes,
    stepMinutes: round.stepMinutes,
    dayStart: round.dayStart,
    dayEnd: round.dayEnd,
    weekdays: round.weekdays,
    sections: round.sections,
    capacity: round.capacity,
    minParticipants: round.minParticipants,
    skipDates: round.skipDates,
    publishedAt: round.publishedAt,
    closedAt: round.closedAt,
    group: { id: group.id, name: group.name, timezone: group.timezone },
    invited: analysis.invitees.length,
    responded: analysis.invitees.filter((i) => i.respondedAt).length,
    /**
     * Invitees still in the group (enrolled or interested): the people the heatmap's cells count,
     * so its "out of" figure. Someone who left since the invitation stays in `invited` (they were
     * asked) but is counted in no cell and planned into no cohort.
     */
    current: analysis.invitees.filter((i) => i.current).length,
  };
  if (view === "counts") {
    return {
      view,
      round: summary,
      slots: analysis.response.slots.map((s) => ({ day: s.day, start: s.start, occurrences: s.occurrences, available: s.available.length, partial: Object.keys(s.partial).length })),
      staff: null,
    };
  }
  const names = new Map<string, string>([...analysis.invitees, ...analysis.leaders].map((p) => [p.id, p.name]));
  const nameOf = (id: string) => names.get(id) ?? "Unknown";
  const slots = analysis.response.slots.map((s) => ({
    day: s.day,
    start: s.start,
    occurrences: s.occurrences,
    available: s.available.length,
    partial: Object.keys(s.partial).length,
    names: {
      available: s.available.map(nameOf).sort(),
      partial: Object.entries(s.partial).map(([id, n]) => `${nameOf(id)} (${n} of ${s.occurrences})`).sort(),
      facilitators: s.facilitators.map(nameOf).sort(),
    },
  }));
  const inPlan = new Set(analysis.plan.flatMap((c) => c.participantIds));
  // A published round shows what was created (kept with the round at publish), not a new plan:
  // its own sessions now make the facilitator busy at those times.
  const published =
    round.status === "published" && round.plan
      ? {
          invitations: round.plan.invitations ?? null,
          cohorts: round.plan.cohorts.map((c) => ({
            day: c.day,
            start: c.start,
            seriesId: c.seriesId ?? null,
            sessions: c.sessions ?? null,
            facilitator: c.facilitatorId ? nameOf(c.facilitatorId) : null,
            members: c.participantIds.map(nameOf).sort(),
          })),
          // Newcomers the group had no seat for when it was published: put on its waiting list.
          waitlisted: (round.plan.waitlisted ?? []).map(nameOf),
        }
      : null;
  return {
    view,
    round: summary,
    slots,
    staff: {
      invitees: analysis.invitees.map((i) => ({
        id: i.id,
        name: i.name,
        timezone: i.timezone,
        respondedAt: i.respondedAt,
        remindedAt: i.remindedAt,
        reminders: i.reminders,
        windows: i.windows,
        exceptions: i.exceptions,
      })),
      reminders: planReminders(analysis.invitees, now),
      closeReason: round.closeReason,
      leaders: analysis.leaders.map((l) => ({
        id: l.id,
        name: l.name,
        timezone: l.timezone,
        hasAvailability: l.hasAvailability,
        busySessions: l.busySessions,
        cleared: l.cleared,
        notClearedMissing: l.notClearedMissing,
      })),
      facilitatorsGiven: analysis.facilitatorsGiven,
      adjusted: analysis.adjusted,
      // Everyone asked who is in no cohort of the plan shown (the adjusted one when adjusted).
      unassigned: analysis.invitees.filter((i) => !inPlan.has(i.id)).map((i) => i.name),
      published,
      plan: (published ? [] : analysis.check.cohorts).map((c) => ({
        day: c.cohort.day,
        start: c.cohort.start,
        occurrences: c.occurrences,
        facilitatorId: c.cohort.facilitatorId,
        facilitator: c.facilitator ? { name: nameOf(c.facilitator.id), status: c.facilitator.status, occurrences: c.facilitator.occurrences } : null,
        participants: c.participants.map((p) => ({ id: p.id, name: nameOf(p.id), status: p.status, occurrences: p.occurrences })),
        warnings: c.warnings,
      })),
      blocking: published ? [] : [...analysis.check.blocking, ...clashes],
      // What publishing now would do with the group's seats (names in the order they would be seated).
      seats: published
        ? null
        : { ...analysis.seats, seated: analysis.seats.seated.map(nameOf), waitlisted: analysis.seats.waitlisted.map(nameOf) },
    },
  };
}

export type RoundPageData = Awaited<ReturnType<typeof roundPageData>>;

/**
 * The group's cohorts (series with assigned members, as publishing a round creates them), each
 * labelled "Cohort n · Thursdays 18:00" in the group's zone (numbered in order of creation), with
 * who is in which — for the group's schedule and roster. Scoped to the organisation.
 */
export async function groupCohorts(user: CurrentUser, groupId: string) {
  const rows = await db
    .select({ seriesId: series.id, weekdays: series.weekdays, startTime: series.startTime, createdAt: series.createdAt, userId: seriesAssignments.userId })
    .from(series)
    .innerJoin(seriesAssignments, eq(seriesAssignments.seriesId, series.id))
    .where(and(eq(series.groupId, groupId), eq(series.organizationId, user.organizationId), eq(seriesAssignments.organizationId, user.organizationId)))
    .orderBy(asc(series.createdAt), asc(series.id));
  const labels = new Map<string, string>();
  const members = new Map<string, string[]>();
  for (const row of rows) {
    if (!labels.has(row.seriesId)) {
      const days = row.weekdays.map((d) => `${DAY_NAMES[d] ?? d}s`).join(", ");
      labels.set(row.seriesId, `Cohort ${labels.size + 1} · ${days} ${formatClockTextIn(row.startTime, dateStyleOf(user.locale))}`);
    }
    members.set(row.userId, [...(members.get(row.userId) ?? []), labels.get(row.seriesId)!]);
  }
  return { bySeries: Object.fromEntries(labels), byUser: Object.fromEntries(members) };
}

const DAY_NAMES: Record<string, string> = { mon: "Monday", tue: "Tuesday", wed: "Wednesday", thu: "Thursday", fri: "Friday", sat: "Saturday", sun: "Sunday" };
