/** Attendance's periodic jobs: absence alerts, and reminders about sessions whose attendance was never taken. Each is exactly-once per cluster. */
import { appUrl } from "~/config.server";
import { and, eq, inArray, sql } from "drizzle-orm";
import { attendanceAbsenceAlertEmail } from "~emails/attendance-absence-alert";
import { hasConsent } from "~/modules/consent/queries.server";
import { attendanceMissingEmail } from "~emails/attendance-missing";
import { db, type Executor } from "~/db/client.server";
import { emailOutbox, groupFacilitators, groups, memberships, sessions, users } from "~/db/schema";
import { absenceAlerts } from "~/db/tables/attendance";
import { audit } from "~/modules/audit/mutations.server";
import { enqueueEmail } from "~/modules/notifications/mutations.server";
import { dateStyleOf, formatInZone } from "~/modules/time/zoned";
import { sessionsMissingAttendance } from "./alerts/queries.server";
import { absenceAlertDue, effectiveSettings, type AttendanceStatus } from "./rules";

/** Records changed within this many days are looked at for new absence runs. */
const ABSENCE_SCAN_DAYS = 21;

/**
 * Periodic job: finds runs of consecutive unexcused absences that reached their group's
 * threshold and raises one alert per run (in the app, and by email to the group's facilitators,
 * or to the managers when the group has none). The unique run key and the email dedupe keys make
 * it exactly-once however often and on however many instances it runs.
 */
export async function raiseAbsenceAlerts(now: Date) {
  const since = new Date(now.getTime() - ABSENCE_SCAN_DAYS * 86_400_000);
  const rows = await db.execute<{
    group_id: string;
    user_id: string;
    organization_id: string;
    session_id: string;
    status: AttendanceStatus;
    group_kind: string;
    allow_walk_ins: boolean | null;
    absence_alert_after: number | null;
    late_after_minutes: number | null;
  }>(sql`
    select r.group_id, r.user_id, r.organization_id, r.session_id, r.status, s.starts_at,
           g.kind as group_kind, st.allow_walk_ins, st.absence_alert_after, st.late_after_minutes
    from (select distinct group_id, user_id from attendance_records
          where status = 'absent' and updated_at >= ${since.toISOString()}::timestamptz) c
    join attendance_records r on r.group_id = c.group_id and r.user_id = c.user_id
    join sessions s on s.id = r.session_id and s.status <> 'cancelled' and s.starts_at <= ${now.toISOString()}::timestamptz
    join enrolments e on e.group_id = r.group_id and e.user_id = r.user_id and e.status = 'enrolled'
    join groups g on g.id = r.group_id
    left join attendance_settings st on st.group_id = r.group_id
    order by r.group_id, r.user_id, s.starts_at, s.id`);
  const people = new Map<string, (typeof rows)[number][]>();
  for (const row of rows) {
    const key = `${row.group_id}:${row.user_id}`;
    (people.get(key) ?? people.set(key, []).get(key)!).push(row);
  }
  let raised = 0;
  for (const records of people.values()) {
    const first = records[0];
    const settings = effectiveSettings(
      first.group_kind,
      first.allow_walk_ins === null
        ? null
        : { allowWalkIns: first.allow_walk_ins, absenceAlertAfter: first.absence_alert_after!, lateAfterMinutes: first.late_after_minutes! },
    );
    const run = absenceAlertDue(
      records.map((r) => ({ sessionId: r.session_id, status: r.status })),
      settings.absenceAlertAfter,
    );
    if (!run) continue;
    const created = await db.transaction(async (tx) => {
      const inserted = await tx
        .insert(absenceAlerts)
        .values({
          organizationId: first.organization_id,
          groupId: first.group_id,
          userId: first.user_id,
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
          contact: sql<string | null>`case when ${hasConsent("facilitator_contact", users.id, first.group_id, now)} then ${users.email} end`,
        })
        .from(users)
        .innerJoin(groups, eq(groups.id, first.group_id))
        .innerJoin(sessions, eq(sessions.id, run.lastSessionId))
        .where(eq(users.id, first.user_id));
      for (const person of await alertRecipients(tx, first.organization_id, first.group_id, { managersAlways: false })) {
        const mail = attendanceAbsenceAlertEmail({
          facilitatorName: person.name,
          participantName: info.participantName,
          groupName: info.groupName,
          absences: run.length,
          lastSession: formatInZone(info.lastStart, person.timezone, dateStyleOf(person.locale)),
          url: `${appUrl()}/attendance`,
          contact: info.contact,
        });
        await enqueueEmail(tx, {
          ...mail,
          to: person.email,
          organizationId: first.organization_id,
          dedupeKey: `attendance:absence-alert:${alertId}:${person.id}`,
        });
      }
      await audit(tx, {
        organizationId: first.organization_id,
        actorId: null,
        action: "attendance.absence_alert",
        subjectType: "absence_alert",
        subjectId: alertId,
        after: { groupId: first.group_id, userId: first.user_id, absences: run.length, runStartSessionId: run.startSessionId },
      });
      return true;
    });
    if (created) raised++;
  }
  return { raised };
}

/** The group's facilitators, and the organisation's managers (always, or only when the group has no facilitator). */
async function alertRecipients(tx: Executor, organizationId: string, groupId: string, options: { managersAlways: boolean }) {
  const facilitators = await tx
    .select({ id: users.id, name: users.name, email: users.email, timezone: users.timezone, locale: users.locale })
    .from(groupFacilitators)
    .innerJoin(users, eq(users.id, groupFacilitators.userId))
    .where(eq(groupFacilitators.groupId, groupId));
  if (facilitators.length && !options.managersAlways) return facilitators;
  const managers = await tx
    .select({ id: users.id, name: users.name, email: users.email, timezone: users.timezone, locale: users.locale })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.role, "manager")));
  const seen = new Set(facilitators.map((f) => f.id));
  return [...facilitators, ...managers.filter((m) => !seen.has(m.id))];
}

/**
 * Periodic job: a session that ended a day ago without any attendance (and was not cancelled)
 * is flagged by email to its facilitators and the organisation's managers, once per person and
 * session (dedupe keys). The in-app flag is the same query, shown until attendance is recorded.
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
        });
        if (await enqueueEmail(tx, { ...mail, to: person.email, organizationId: session.organizationId, dedupeKey: keys[i] })) queued++;
      }
    });
  }
  return { sessions: missing.length, queued };
}
