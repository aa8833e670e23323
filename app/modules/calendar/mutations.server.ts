import { appUrl } from "~/config.server";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { sessionInvitationEmail } from "~emails/session-invitation";
import { sessionReminderEmail } from "~emails/session-reminder";
import { db, type Executor } from "~/db/client.server";
import { enrolments, groups, organizations, sessions, users } from "~/db/schema";
import { calendarFeeds, notificationPreferences } from "~/db/tables/scheduling";
import { audit } from "~/modules/audit/mutations.server";
import type { CurrentUser } from "~/modules/auth/policy";
import { randomToken, sha256 } from "~/modules/auth/tokens.server";
import { enqueueEmail, MAIL_FROM } from "~/modules/notifications/mutations.server";
import { dateStyleOf, formatInZone } from "~/modules/time/zoned";
import { notFound, UserInputError } from "~/modules/errors";
import { buildCalendar, buildPersonalCalendar, type CalendarSession } from "./ics";
import { calendarChoiceFields, discreetEntriesFor, sessionFields, sessionsForGroup, sessionVisibleToMember, staffMayFollowGroup, toCalendarSession } from "./queries.server";
import { describedIn } from "~/modules/translations/queries.server";

/**
 * Creates a secret feed URL (personal, or a staff group feed). The raw token is returned once.
 * `discreet` (personal links only): for a calendar other people can see — see feedSessions.
 */
export async function createFeed(user: CurrentUser, input: { groupId: string | null; discreet?: boolean }): Promise<string> {
  return db.transaction(async (tx) => {
    if (input.groupId && !(await staffMayFollowGroup(tx, user, input.groupId))) notFound("Group not found");
    const token = randomToken();
    const discreet = !input.groupId && Boolean(input.discreet);
    const [feed] = await tx
      .insert(calendarFeeds)
      .values({ organizationId: user.organizationId, userId: user.id, groupId: input.groupId, tokenHash: sha256(token), discreet })
      .returning({ id: calendarFeeds.id });
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "calendar_feed.create",
      subjectType: "calendar_feed",
      subjectId: feed.id,
      after: { groupId: input.groupId, discreet },
    });
    return token;
  });
}

export async function revokeFeed(user: CurrentUser, feedId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [feed] = await tx
      .update(calendarFeeds)
      .set({ revokedAt: new Date() })
      .where(and(eq(calendarFeeds.id, feedId), eq(calendarFeeds.userId, user.id), eq(calendarFeeds.organizationId, user.organizationId), isNull(calendarFeeds.revokedAt)))
      .returning({ id: calendarFeeds.id });
    if (!feed) throw new UserInputError("That calendar link was already turned off.");
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "calendar_feed.revoke",
      subjectType: "calendar_feed",
      subjectId: feed.id,
    });
  });
}

/** An emailed calendar's organiser: the organisation (name, contact address), and the mail's sending address for a discreet one. */
async function organizer(tx: Executor, organizationId: string) {
  const [org] = await tx.select({ name: organizations.name, email: organizations.contactEmail }).from(organizations).where(eq(organizations.id, organizationId));
  const sender = /<([^>]+)>/.exec(MAIL_FROM())?.[1] ?? "no-reply@group-sessions.local";
  return { name: org?.name ?? "Group Sessions", email: org?.email || sender, sender };
}

/** Someone an emailed calendar goes to; `discreet`: their calendar entries are discreet (discreetEntriesFor). */
type Recipient = { id: string; name: string; email: string; timezone: string; locale?: string; discreet: boolean };

/**
 * Emails each recipient an invitation (METHOD:REQUEST .ics with every session of the series) in
 * their own zone. Called by publishing a scheduling round and by enrolling into a cohort.
 */
export async function enqueueSeriesInvitations(
  tx: Executor,
  input: { organizationId: string; seriesId: string; userIds: string[]; baseUrl: string; now: Date },
) {
  if (input.userIds.length === 0) return;
  const rows = await tx
    .select(sessionFields)
    .from(sessions)
    .innerJoin(groups, eq(groups.id, sessions.groupId))
    .where(and(eq(sessions.seriesId, input.seriesId), eq(sessions.organizationId, input.organizationId)))
    .orderBy(sessions.startsAt);
  if (rows.length === 0) return;
  const people = await tx
    .select({ id: users.id, name: users.name, email: users.email, timezone: users.timezone, locale: users.locale, ...calendarChoiceFields(input.organizationId) })
    .from(users)
    .where(inArray(users.id, input.userIds));
  const org = await organizer(tx, input.organizationId);
  for (const person of people) {
    // The invitation's calendar in the person's language (the group's description as translated, if it is),
    // discreet or named as the person chose (by default discreet for participants).
    const locale = dateStyleOf(person.locale);
    const discreet = discreetEntriesFor(person);
    const described = discreet ? rows : await describedIn(input.organizationId, locale, rows, (r) => r.groupId);
    const ics = buildPersonalCalendar(
      described.map((r) => toCalendarSession(r, input.baseUrl, r.groupId)),
      { name: rows[0].groupName, now: input.now, method: "REQUEST", organizer: org, attendee: { name: person.name, email: person.email }, reader: { locale, discreet } },
    );
    const mail = sessionInvitationEmail({
      name: person.name,
      groupName: rows[0].groupName,
      schedule: rows.filter((r) => r.status !== "cancelled").map((r) => formatInZone(r.startsAt, person.timezone, dateStyleOf(person.locale))),
      location: rows[0].location,
      url: `${input.baseUrl}/home`,
      locale: dateStyleOf(person.locale),
      discreet,
    });
    await enqueueEmail(tx, {
      ...mail,
      to: person.email,
      toUser: person.id,
      organizationId: input.organizationId,
      attachments: [{ filename: "invite.ics", contentType: "text/calendar; charset=utf-8", content: ics, method: "REQUEST" }],
    });
  }
}

/** The .ics attachment for one changed session, addressed to one person, discreet or named as they chose. */
export async function sessionChangeAttachment(
  tx: Executor,
  input: { organizationId: string; session: CalendarSession; recipient: Recipient; method: "REQUEST" | "CANCEL"; now: Date },
) {
  const org = await organizer(tx, input.organizationId);
  const content = buildPersonalCalendar([input.session], {
    name: input.session.title,
    now: input.now,
    method: input.method,
    organizer: org,
    attendee: { name: input.recipient.name, email: input.recipient.email },
    reader: { locale: dateStyleOf(input.recipient.locale), discreet: input.recipient.discreet },
  });
  return { filename: input.method === "CANCEL" ? "cancel.ics" : "update.ics", contentType: "text/calendar; charset=utf-8", content, method: input.method };
}

/**
 * Queues one reminder per person per session for sessions starting within each person's reminder
 * lead time (default 24 h). Exactly once per session and start, however often it runs or restarts:
 * the dedupe key. A session moved after its reminder was written is reminded again with the new
 * time; the old one, if still waiting (a retry), is not sent (processOutbox checks it again).
 */
export async function queueReminders(now: Date, baseUrl = appUrl()) {
  const horizon = new Date(now.getTime() + 7 * 24 * 3_600_000);
  const rows = await db
    .select({
      sessionId: sessions.id,
      organizationId: sessions.organizationId,
      startsAt: sessions.startsAt,
      groupId: groups.id,
      groupName: groups.name,
      location: sql<string>`coalesce(nullif(${sessions.locationOverride}, ''), nullif(${groups.location}, ''), ${groups.onlineUrl})`,
      userId: users.id,
      name: users.name,
      email: users.email,
      timezone: users.timezone,
      locale: users.locale,
      hours: sql<number>`coalesce(${notificationPreferences.reminderHours}, 24)`,
      ...calendarChoiceFields(sessions.organizationId),
    })
    .from(sessions)
    .innerJoin(groups, eq(groups.id, sessions.groupId))
    .innerJoin(enrolments, and(eq(enrolments.groupId, sessions.groupId), eq(enrolments.status, "enrolled")))
    .innerJoin(users, eq(users.id, enrolments.userId))
    .leftJoin(notificationPreferences, eq(notificationPreferences.userId, users.id))
    .where(
      and(
        eq(sessions.status, "scheduled"),
        sql`${sessions.startsAt} > ${now.toISOString()}::timestamptz`,
        sql`${sessions.startsAt} <= ${horizon.toISOString()}::timestamptz`,
        sql`coalesce(${notificationPreferences.remindersEnabled}, true)`,
        sql`${sessions.startsAt} <= ${now.toISOString()}::timestamptz + make_interval(hours => coalesce(${notificationPreferences.reminderHours}, 24))`,
        sessionVisibleToMember(users.id),
      ),
    );
  let queued = 0;
  for (const r of rows) {
    const mail = sessionReminderEmail({
      name: r.name,
      groupName: r.groupName,
      when: formatInZone(r.startsAt, r.timezone, dateStyleOf(r.locale)),
      location: r.location,
      url: `${baseUrl}/groups/${r.groupId}`,
      optOutUrl: `${baseUrl}/profile`,
      locale: dateStyleOf(r.locale),
      // A subject is shown on a locked phone: a discreet reader's names no group.
      discreet: discreetEntriesFor(r),
    });
    const added = await enqueueEmail(db, { ...mail, to: r.email, organizationId: r.organizationId, dedupeKey: `reminder:${r.sessionId}:${r.userId}:${r.startsAt.getTime()}`, reminder: { userId: r.userId, sessionId: r.sessionId, startsAt: r.startsAt } });
    if (added) queued++;
  }
  return { queued };
}

export async function setReminderPreference(user: CurrentUser, input: { remindersEnabled: boolean; reminderHours: number }) {
  await db
    .insert(notificationPreferences)
    .values({ userId: user.id, ...input })
    .onConflictDoUpdate({ target: notificationPreferences.userId, set: input });
}

/** The person's choice for their calendar entries (Profile): discreet or named. */
export async function setCalendarEntriesDiscreet(user: CurrentUser, discreet: boolean) {
  await db.update(users).set({ calendarDiscreet: discreet }).where(eq(users.id, user.id));
}

export async function groupFeedIcs(groupId: string, organizationId: string, now: Date, baseUrl: string, name: string) {
  const rows = await sessionsForGroup(db, groupId, organizationId, new Date(now.getTime() - 90 * 86_400_000));
  return buildCalendar(rows.map((r) => toCalendarSession(r, baseUrl, r.groupId)), { name, now });
}

