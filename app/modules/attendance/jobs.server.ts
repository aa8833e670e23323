/** Attendance's periodic jobs: absence alerts, and reminders about sessions whose attendance was never taken. Each is exactly-once per cluster. */
import { appUrl } from "~/config.server";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { attendanceAbsenceAlertEmail } from "~emails/attendance-absence-alert";
import { hasConsent } from "~/modules/consent/queries.server";
import { attendanceMissingEmail } from "~emails/attendance-missing";
import { calendarChoiceFields, discreetEntriesFor } from "~/modules/calendar/queries.server";
import { db, type Executor } from "~/db/client.server";
import { emailOutbox, groupFacilitators, groups, memberships, sessions, users } from "~/db/schema";
import { absenceAlerts } from "~/db/tables/attendance";
import { audit } from "~/modules/audit/mutations.server";
import { enqueueEmail } from "~/modules/notifications/mutations.server";
import { dateStyleOf, formatInZone } from "~/modules/time/zoned";
import { attendanceTaken, sessionsMissingAttendance } from "./alerts/queries.server";
import { auditSessionHeld } from "./roster/mutations.server";
import { absenceAlertDue, effectiveSettings, type AbsenceRun, type AttendanceStatus } from "./rules";

/** A person's absences recorded (or changed) within this many days make their runs eligible for an alert. */
const ABSENCE_SCAN_DAYS = 21;
/** People evaluated per transaction. */
const BATCH = 200;

type Person = { groupId: string; userId: string };
type Trailing = { sessionId: string; status: AttendanceStatus; updatedAt: Date };

/**
 * Periodic job: finds runs of consecutive unexcused absences that reached their group's
 * threshold and raises one alert per run (in the app, and by email to the group's facilitators,
 * or to the managers when the group has none). The unique run key and the email dedupe keys make
 * it exactly-once however often and on however many instances it runs.
 *
 * It costs what changed, not the history: triggers (migration 0038) put a person in
 * absence_alert_queue whenever something their rule reads changes — an absence recorded, changed
 * or removed, a mark deleted, a session cancelled, restored or moved, a re-enrolment, the group's
 * threshold — due at once, or at the session's start for a mark on a session yet to start (the
 * rule counts only sessions that have started). Each tick claims the due entries (SKIP LOCKED, so
 * parallel runs share them), reads for each person only their enrolment, the group's settings and
 * the trailing records the rule needs (newest first through sessions_group_starts, one more than
 * the threshold, further only while all are absences), and deletes the entries in the same transaction as the
 * alerts. The rule is unchanged: the trailing run of absences at sessions that have started, at
 * least the group's threshold, for someone still enrolled, with an absence recorded or changed in
 * the last 21 days. A tick with nothing queued reads one empty index range.
 */
export async function raiseAbsenceAlerts(now: Date) {
  const totals = { raised: 0, evaluated: 0, recordsRead: 0 };
  for (;;) {
    const batch = await db.transaction(async (tx) => {
      const claimed = await tx.execute<{ id: string; group_id: string; user_id: string }>(sql`
        select id::text as id, group_id, user_id from absence_alert_queue
        where due_at <= ${now.toISOString()}::timestamptz order by due_at, id limit ${BATCH} for update skip locked`);
      if (!claimed.length) return null;
      const people = new Map<string, Person>();
      for (const c of claimed) people.set(`${c.group_id}:${c.user_id}`, { groupId: c.group_id, userId: c.user_id });
      const result = { raised: 0, evaluated: people.size, recordsRead: 0 };
      const candidates = await enrolledWithSettings(tx, [...people.values()]);
      const trailing = await trailingRecords(tx, candidates, now);
      result.recordsRead = trailing.read;
      for (const person of candidates) {
        const records = trailing.byPerson.get(`${person.groupId}:${person.userId}`) ?? [];
        const run = absenceAlertDue(records, person.threshold);
        if (!run) continue;
        if (!(await recentlyRecorded(tx, person, records.slice(records.length - run.length), now))) continue;
        if (await raiseAlert(tx, person, run, now)) result.raised++;
      }
      await tx.execute(sql`delete from absence_alert_queue where id = any(${pgIds(claimed.map((c) => c.id))}::bigint[])`);
      return result;
    });
    if (!batch) break;
    totals.raised += batch.raised;
    totals.evaluated += batch.evaluated;
    totals.recordsRead += batch.recordsRead;
  }
  return totals;
}

const pgIds = (ids: string[]) => `{${ids.join(",")}}`;

/** The queued people still enrolled in the group, with the group's threshold (its settings or the defaults). */
async function enrolledWithSettings(tx: Executor, people: Person[]) {
  if (!people.length) return [];
  const found = await tx.execute<{
    group_id: string;
    user_id: string;
    organization_id: string;
    group_kind: string;
    allow_walk_ins: boolean | null;
    absence_alert_after: number | null;
    late_after_minutes: number | null;
  }>(sql`
    select c.group_id, c.user_id, g.organization_id, g.kind as group_kind,
           st.allow_walk_ins, st.absence_alert_after, st.late_after_minutes
    from unnest(${pgIds(people.map((p) => p.groupId))}::uuid[], ${pgIds(people.map((p) => p.userId))}::uuid[]) c(group_id, user_id)
    join enrolments e on e.group_id = c.group_id and e.user_id = c.user_id and e.status = 'enrolled'
    join groups g on g.id = c.group_id
    left join attendance_settings st on st.group_id = c.group_id`);
  return found.map((row) => ({
    groupId: row.group_id,
    userId: row.user_id,
    organizationId: row.organization_id,
    threshold: effectiveSettings(
      row.group_kind,
      row.allow_walk_ins === null
        ? null
        : { allowWalkIns: row.allow_walk_ins, absenceAlertAfter: row.absence_alert_after!, lateAfterMinutes: row.late_after_minutes! },
    ).absenceAlertAfter,
  }));
}

/**
 * Each person's marks at the group's sessions that have started and were not cancelled, oldest
 * first, reading newest first only as far back as the rule needs: one more mark than the
 * threshold, and further (four times as many each round) while every mark read is an absence,
 * so the run's first session is found.
 */
async function trailingRecords(tx: Executor, people: (Person & { threshold: number })[], now: Date) {
  const byPerson = new Map<string, Trailing[]>();
  let read = 0;
  let pending = people.map((p) => ({ ...p, limit: p.threshold + 1 }));
  while (pending.length) {
    const found = await tx.execute<{ i: number; session_id: string; status: AttendanceStatus; updated_at: string }>(sql`
      select c.i::int as i, t.session_id, t.status, t.updated_at
      from unnest(${pgIds(pending.map((p) => p.groupId))}::uuid[], ${pgIds(pending.map((p) => p.userId))}::uuid[],
                  ${pgIds(pending.map((p) => String(p.limit)))}::int[]) with ordinality c(group_id, user_id, n, i)
      cross join lateral (
        select s.id as session_id, r.status, r.updated_at::text as updated_at
        from sessions s
        -- One probe of (session, person) per session, walking the group's sessions newest first
        -- (sessions_group_starts backwards) until n marks are found. The limit keeps the planner
        -- from joining the person's whole history instead (EXPLAIN: 22 buffers instead of 1,361
        -- for someone just marked, on the 1 M-row bench history).
        cross join lateral (select r.status, r.updated_at from attendance_records r
                            where r.session_id = s.id and r.user_id = c.user_id and r.group_id = c.group_id limit 1) r
        where s.group_id = c.group_id and s.status <> 'cancelled' and s.starts_at <= ${now.toISOString()}::timestamptz
        order by s.starts_at desc, s.id desc
        limit c.n) t`);
    read += found.length;
    const rowsOf = new Map<number, Trailing[]>();
    for (const row of found) {
      const list = rowsOf.get(row.i) ?? rowsOf.set(row.i, []).get(row.i)!;
      list.push({ sessionId: row.session_id, status: row.status, updatedAt: new Date(row.updated_at) });
    }
    const again: typeof pending = [];
    pending.forEach((person, index) => {
      const newestFirst = rowsOf.get(index + 1) ?? [];
      if (newestFirst.length === person.limit && newestFirst.every((r) => r.status === "absent")) again.push({ ...person, limit: person.limit * 4 });
      else byPerson.set(`${person.groupId}:${person.userId}`, newestFirst.reverse());
    });
    pending = again;
  }
  return { byPerson, read };
}

/** The rule's recency condition: an absence of this person in this group recorded or changed within ABSENCE_SCAN_DAYS. */
async function recentlyRecorded(tx: Executor, person: Person, run: Trailing[], now: Date) {
  const since = new Date(now.getTime() - ABSENCE_SCAN_DAYS * 86_400_000);
  if (run.some((r) => r.updatedAt.getTime() >= since.getTime())) return true;
  const [hit] = await tx.execute<{ found: boolean }>(sql`
    select exists (select 1 from attendance_records where group_id = ${person.groupId} and user_id = ${person.userId}
      and status = 'absent' and updated_at >= ${since.toISOString()}::timestamptz) as found`);
  return hit.found;
}

/** Records the alert for a run (once: the run key is unique), queues the emails and audits it. */
async function raiseAlert(tx: Executor, person: Person & { organizationId: string }, run: AbsenceRun, now: Date): Promise<boolean> {
  const inserted = await tx
    .insert(absenceAlerts)
    .values({
      organizationId: person.organizationId,
      groupId: person.groupId,
      userId: person.userId,
      runStartSessionId: run.startSessionId,
      lastSessionId: run.lastSessionId,
      absences: run.length,
      createdAt: now,
    })
    .onConflictDoNothing({ target: [absenceAlerts.groupId, absenceAlerts.userId, absenceAlerts.runStartSessionId] })
    .returning({ id: absenceAlerts.id });
  if (!inserted.length) return false;
  const alertId = inserted[0].id;
  const [info] = await tx
    .select({
      participantName: users.name,
      groupName: groups.name,
      lastStart: sessions.startsAt,
      contact: sql<string | null>`case when ${hasConsent("facilitator_contact", users.id, person.groupId, now)} then ${users.email} end`,
    })
    .from(users)
    .innerJoin(groups, eq(groups.id, person.groupId))
    .innerJoin(sessions, eq(sessions.id, run.lastSessionId))
    .where(eq(users.id, person.userId));
  for (const recipient of await alertRecipients(tx, person.organizationId, person.groupId, { managersAlways: false })) {
    const render = (contact: string | null) => attendanceAbsenceAlertEmail({
      facilitatorName: recipient.name,
      participantName: info.participantName,
      groupName: info.groupName,
      absences: run.length,
      lastSession: formatInZone(info.lastStart, recipient.timezone, dateStyleOf(recipient.locale)),
      url: `${appUrl()}/attendance`,
      contact,
      locale: dateStyleOf(recipient.locale),
      discreet: discreetEntriesFor(recipient),
    });
    const mail = render(info.contact);
    await enqueueEmail(tx, {
      ...mail,
      to: recipient.email,
      organizationId: person.organizationId,
      dedupeKey: `attendance:absence-alert:${alertId}:${recipient.id}`,
      // Checked again when it goes (a retry after a mail outage may come hours later): only to a
      // recipient who still leads the group with the person in it (or manages the organisation),
      // and the contact line only while the person still allows it (else the email without it).
      about: { userId: person.userId, recipientId: recipient.id, groupId: person.groupId },
      ...(info.contact ? { consentPart: { kind: "facilitator_contact" as const, without: render(null) } } : {}),
    });
  }
  await audit(tx, {
    organizationId: person.organizationId,
    actorId: null,
    action: "attendance.absence_alert",
    subjectType: "absence_alert",
    subjectId: alertId,
    after: { groupId: person.groupId, userId: person.userId, absences: run.length, runStartSessionId: run.startSessionId },
  });
  return true;
}

/**
 * The group's facilitators, and the organisation's managers (always, or only when the group has no
 * facilitator). Only people whose membership is active: a deactivated facilitator or manager gets
 * no names or attendance by email, and a group whose only facilitator was deactivated alerts the
 * managers instead.
 */
async function alertRecipients(tx: Executor, organizationId: string, groupId: string, options: { managersAlways: boolean }) {
  const facilitators = await tx
    .select({ id: users.id, name: users.name, email: users.email, timezone: users.timezone, locale: users.locale, ...calendarChoiceFields(organizationId) })
    .from(groupFacilitators)
    .innerJoin(users, eq(users.id, groupFacilitators.userId))
    .innerJoin(memberships, and(eq(memberships.userId, groupFacilitators.userId), eq(memberships.organizationId, organizationId), isNull(memberships.deactivatedAt)))
    .where(eq(groupFacilitators.groupId, groupId));
  if (facilitators.length && !options.managersAlways) return facilitators;
  const managers = await tx
    .select({ id: users.id, name: users.name, email: users.email, timezone: users.timezone, locale: users.locale, ...calendarChoiceFields(organizationId) })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.role, "manager"), isNull(memberships.deactivatedAt)));
  const seen = new Set(facilitators.map((f) => f.id));
  return [...facilitators, ...managers.filter((m) => !seen.has(m.id))];
}

/**
 * A session whose attendance was taken before it started is held once it starts. Marking and
 * check-in open 15 minutes before the start, and a mark holds a session only when it is given
 * after the start (holdIfStarted, selfCheckIn): a session where everyone checked in or was marked
 * at the door and nobody after the start stayed "scheduled" for ever — "not yet recorded" on
 * /metrics, its marks, hours and people in no figure there nor in the funder report, no feedback
 * invitations — while the completion page, letters and certificates counted its marks, and the
 * missing-attendance flag never asked anyone (it has attendance). Attendance taken is
 * attendanceTaken (a mark other than an apology), the flag's own definition. Idempotent and safe
 * on several instances (only rows still scheduled change; each change is audited once). Every
 * session since the first is looked at, so sessions left so before this existed are held too; the
 * partial index sessions_scheduled_starts keeps it to the few sessions still scheduled.
 */
export async function holdSessionsMarkedBeforeStart(now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const held = await tx.execute<{ id: string; organization_id: string }>(sql`
      update sessions s set status = 'held', updated_at = ${now.toISOString()}::timestamptz
      where s.status = 'scheduled' and s.starts_at <= ${now.toISOString()}::timestamptz and ${attendanceTaken(sql`s.id`)}
      returning s.id, s.organization_id`);
    for (const session of held) {
      await auditSessionHeld(tx, { organizationId: session.organization_id, sessionId: session.id, actorId: null, reason: "attendance recorded before the start" });
    }
    return held.length;
  });
}

/**
 * Periodic job: a session that ended a day ago without any attendance (and was not cancelled) is
 * flagged by email to its facilitators and the organisation's managers, once per person and
 * session (dedupe keys). The in-app flag is the same query, shown until attendance is recorded.
 * (One whose attendance was taken before its start is held by its own job, holdSessionsMarkedBeforeStart.)
 */
export async function flagMissingAttendance(now: Date) {
  const missing = await sessionsMissingAttendance(db, now);
  let queued = 0;
  for (const session of missing) {
    await db.transaction(async (tx) => {
      const recipients = await alertRecipients(tx, session.organizationId, session.groupId, { managersAlways: true });
      const keys = recipients.map((p) => `attendance:missing:${session.id}:${p.id}`);
      const done = new Set(
        (await tx.select({ key: emailOutbox.dedupeKey }).from(emailOutbox).where(inArray(emailOutbox.dedupeKey, keys))).map((r) => r.key),
      );
      for (const [i, person] of recipients.entries()) {
        if (done.has(keys[i])) continue;
        const mail = attendanceMissingEmail({
          name: person.name,
          groupName: session.groupName,
          when: formatInZone(session.startsAt, person.timezone, dateStyleOf(person.locale)),
          url: `${appUrl()}/sessions/${session.id}/roster`,
          locale: dateStyleOf(person.locale),
          discreet: discreetEntriesFor(person),
        });
        if (await enqueueEmail(tx, { ...mail, to: person.email, toUser: person.id, organizationId: session.organizationId, dedupeKey: keys[i] })) queued++;
      }
    });
  }
  return { sessions: missing.length, queued };
}
