/**
 * The periodic text-message jobs: session reminders (same lead time as the person's email
 * reminders, default 24 h) and check-in links when a session's check-in opens. Each text is queued
 * at most once per person and session (dedupe keys), only to a confirmed number that has not texted
 * STOP and whose owner opted in to that kind (enqueueText decides in the insert itself).
 */
import { and, eq, sql } from "drizzle-orm";
import { appUrl } from "~/config.server";
import { db } from "~/db/client.server";
import { enrolments, groups, organizations, sessions, users } from "~/db/schema";
import { notificationPreferences } from "~/db/tables/scheduling";
import { userPhones } from "~/db/tables/sms";
import { CHECK_IN_CLOSES_MINUTES_AFTER, CHECK_IN_OPENS_MINUTES_BEFORE } from "~/modules/attendance/rules";
import { sessionVisibleToMember } from "~/modules/calendar/queries.server";
import { dateStyleOf, formatInZone } from "~/modules/time/zoned";
import { checkInText, reminderText } from "./message";
import { enqueueText } from "./mutations.server";
import { sendTextAt } from "./quiet-hours";

const iso = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/** Enrolled members with a confirmed, not stopped number, for sessions matching `when`. */
function textableMembers(when: ReturnType<typeof sql>) {
  return db
    .select({
      sessionId: sessions.id,
      organizationId: sessions.organizationId,
      // The neutral sender name when the organisation set one (message.ts senderNameOf).
      organizationName: sql<string>`coalesce(nullif(trim(${organizations.smsSenderName}), ''), ${organizations.name})`,
      startsAt: sessions.startsAt,
      groupId: groups.id,
      userId: users.id,
      timezone: users.timezone,
      locale: users.locale,
    })
    .from(sessions)
    .innerJoin(groups, eq(groups.id, sessions.groupId))
    .innerJoin(organizations, eq(organizations.id, sessions.organizationId))
    .innerJoin(enrolments, and(eq(enrolments.groupId, sessions.groupId), eq(enrolments.status, "enrolled")))
    .innerJoin(users, eq(users.id, enrolments.userId))
    .innerJoin(userPhones, and(eq(userPhones.userId, users.id), eq(userPhones.organizationId, sessions.organizationId)))
    .leftJoin(notificationPreferences, eq(notificationPreferences.userId, users.id))
    .where(and(eq(sessions.status, "scheduled"), sql`${userPhones.confirmedAt} is not null and ${userPhones.stoppedAt} is null`, when, sessionVisibleToMember(users.id)));
}

/**
 * One reminder text per person per session and start time, within the person's reminder lead
 * time: a session moved after its reminder was written is reminded again with the new time (the
 * old text, if still waiting, is not sent: processSmsOutbox checks the session again).
 */
export async function queueReminderTexts(now: Date, baseUrl = appUrl()) {
  const rows = await textableMembers(
    sql`${sessions.startsAt} > ${iso(now)} and ${sessions.startsAt} <= ${iso(now)} + make_interval(hours => coalesce(${notificationPreferences.reminderHours}, 24))`,
  );
  let queued = 0;
  for (const r of rows) {
    const body = reminderText({ organizationName: r.organizationName, when: formatInZone(r.startsAt, r.timezone, dateStyleOf(r.locale)), url: `${baseUrl}/groups/${r.groupId}`, locale: dateStyleOf(r.locale) });
    // Not in the person's quiet hours, unless the session starts before they end.
    const notBefore = sendTextAt(now, r.timezone, r.startsAt);
    if (await enqueueText(db, { organizationId: r.organizationId, userId: r.userId, kind: "reminder", consentKind: "sms_session_reminders", body, dedupeKey: `sms:reminder:${r.sessionId}:${r.userId}:${r.startsAt.getTime()}`, session: { id: r.sessionId, startsAt: r.startsAt }, now, notBefore })) queued++;
  }
  return { queued };
}

/** One check-in link per person per session, once check-in has opened (and until it closes); urgent, so quiet hours do not hold it. */
export async function queueCheckInTexts(now: Date, baseUrl = appUrl()) {
  const rows = await textableMembers(
    sql`${sessions.startsAt} <= ${iso(new Date(now.getTime() + CHECK_IN_OPENS_MINUTES_BEFORE * 60_000))}
      and ${sessions.startsAt} >= ${iso(new Date(now.getTime() - CHECK_IN_CLOSES_MINUTES_AFTER * 60_000))}`,
  );
  let queued = 0;
  for (const r of rows) {
    const body = checkInText({ organizationName: r.organizationName, when: formatInZone(r.startsAt, r.timezone, dateStyleOf(r.locale), { withDate: false }), url: `${baseUrl}/checkin`, locale: dateStyleOf(r.locale) });
    if (await enqueueText(db, { organizationId: r.organizationId, userId: r.userId, kind: "checkin", consentKind: "sms_checkin_links", body, dedupeKey: `sms:checkin:${r.sessionId}:${r.userId}:${r.startsAt.getTime()}`, session: { id: r.sessionId, startsAt: r.startsAt }, now })) queued++;
  }
  return { queued };
}
