/** Voice's periodic jobs: releasing anonymous feedback in batches, feedback invitations, overdue-concern alerts. Exactly-once per cluster (advisory locks and dedupe keys). */
import { appUrl } from "~/config.server";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { concernAlertEmail } from "~emails/voice-concern";
import { localeOf } from "~/i18n/locales";
import { feedbackInvitationEmail } from "~emails/voice-feedback-invite";
import { calendarEntriesDiscreet } from "~/modules/calendar/policy";
import { db } from "~/db/client.server";
import { qualified } from "~/db/qualified";
import { groups, organizations } from "~/db/schema";
import { concerns, feedbackAnonymousAnswers, feedbackAnonymousInbox, feedbackNamedAnswers, feedbackReleaseBatches } from "~/db/tables/voice";
import { enqueueEmail } from "~/modules/notifications/mutations.server";
import { dateStyleOf, formatInZone } from "~/modules/time/zoned";
import { DEFAULT_RESPONSE_DAYS, isConcernOverdue } from "./concerns";
import { attendedPairs } from "~/modules/voice/feedback/queries.server";
import { RELEASE_BATCH } from "./feedback";
import { shuffle } from "./shuffle";
import { managersToAlert } from "./concerns/mutations.server";

/**
 * Releases a group's waiting answers (anonymous ones from the inbox, named ones without a batch)
 * as one batch once at least RELEASE_BATCH wait — never fewer, whatever the feedback window:
 * a lone answer waits for four more from its group. The batch counts in the month (organisation
 * zone) of `now`. Anonymous answers are moved in random order with new ids in this transaction,
 * so neither their order nor their transaction id matches a receipt. One group at a time under an
 * advisory lock, so concurrent runs never release a row twice.
 */
export async function releaseAnonymousFeedback(options: { now: Date; groupId?: string }) {
  const groupIds = options.groupId
    ? [options.groupId]
    : (
        await db.execute<{ group_id: string }>(sql`
          select group_id from (
            select group_id from feedback_anonymous_inbox
            union all
            select group_id from feedback_named_answers where batch_id is null
          ) w group by group_id having count(*) >= ${RELEASE_BATCH}`)
      ).map((r) => r.group_id);
  let released = 0;
  for (const groupId of groupIds) released += await releaseGroupBatch(groupId, options.now);
  return { released };
}

async function releaseGroupBatch(groupId: string, now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`voice.batch:${groupId}`}))`);
    const inbox = await tx.select().from(feedbackAnonymousInbox).where(eq(feedbackAnonymousInbox.groupId, groupId)).for("update");
    const named = await tx
      .select({ id: feedbackNamedAnswers.id })
      .from(feedbackNamedAnswers)
      .where(and(eq(feedbackNamedAnswers.groupId, groupId), isNull(feedbackNamedAnswers.batchId)))
      .for("update");
    const total = inbox.length + named.length;
    if (total < RELEASE_BATCH) return 0;
    const [group] = await tx
      .select({ organizationId: groups.organizationId, zone: organizations.timezone })
      .from(groups)
      .innerJoin(organizations, eq(organizations.id, groups.organizationId))
      .where(eq(groups.id, groupId));
    const [{ next }] = await tx.execute<{ next: number }>(
      sql`select coalesce(max(seq), 0) + 1 as next from feedback_release_batches where group_id = ${groupId}`,
    );
    const [batch] = await tx
      .insert(feedbackReleaseBatches)
      .values({
        organizationId: group.organizationId,
        groupId,
        seq: Number(next),
        releasedIn: DateTime.fromJSDate(now, { zone: group.zone }).startOf("month").toISODate()!,
        answers: total,
      })
      .returning({ id: feedbackReleaseBatches.id });
    if (inbox.length) {
      await tx.insert(feedbackAnonymousAnswers).values(
        shuffle(inbox).map((r) => ({
          organizationId: r.organizationId,
          sessionId: r.sessionId,
          groupId: r.groupId,
          batchId: batch.id,
          ratings: r.ratings,
          comment: r.comment,
        })),
      );
      await tx.delete(feedbackAnonymousInbox).where(inArray(feedbackAnonymousInbox.id, inbox.map((r) => r.id)));
    }
    if (named.length) {
      await tx.update(feedbackNamedAnswers).set({ batchId: batch.id }).where(inArray(feedbackNamedAnswers.id, named.map((r) => r.id)));
    }
    return total;
  });
}

/**
 * Periodic job: invites everyone who attended a session held in the last two days (and not past
 * the feedback window) to give feedback, once (dedupe key per session and person).
 */
export async function sendFeedbackInvitations(now: Date, options: { limit?: number } = {}) {
  const since = new Date(now.getTime() - 2 * 86_400_000);
  const rows = await db.execute<{
    session_id: string;
    user_id: string;
    email: string;
    name: string;
    timezone: string;
    locale: string;
    calendar_discreet: boolean | null;
    group_name: string;
    starts_at: string | Date;
    organization_id: string;
  }>(sql`
    select a.session_id, a.user_id, u.email, u.name, u.timezone, u.locale, u.calendar_discreet, g.name as group_name, s.starts_at, a.organization_id
      from ${attendedPairs(sql`s.ends_at <= ${now.toISOString()}::timestamptz and s.ends_at > ${since.toISOString()}::timestamptz`)} a
      join users u on u.id = a.user_id
      join memberships m on m.user_id = a.user_id and m.organization_id = a.organization_id and m.role = 'participant'
      join sessions s on s.id = a.session_id
      join groups g on g.id = a.group_id
     where not exists (select 1 from feedback_receipts r where r.session_id = a.session_id and r.user_id = a.user_id)
       and not exists (select 1 from email_outbox o where o.dedupe_key = 'voice:feedback-invite:' || a.session_id || ':' || a.user_id)
     limit ${options.limit ?? 500}`);
  let queued = 0;
  for (const r of rows) {
    const mail = feedbackInvitationEmail({
      name: r.name,
      groupName: r.group_name,
      when: formatInZone(new Date(r.starts_at), r.timezone, dateStyleOf(r.locale)),
      url: `${appUrl()}/feedback/${r.session_id}`,
      locale: dateStyleOf(r.locale),
      // Participants only (the join above): named subjects only for those who chose named entries.
      discreet: calendarEntriesDiscreet(r.calendar_discreet, "participant"),
    });
    const added = await enqueueEmail(db, {
      ...mail,
      to: r.email,
      toUser: r.user_id,
      organizationId: r.organization_id,
      dedupeKey: `voice:feedback-invite:${r.session_id}:${r.user_id}`,
    });
    if (added) queued++;
  }
  return { queued };
}

/** Periodic job: tells managers (not the concern's subject) once when a concern becomes overdue. */
export async function alertOverdueConcerns(now: Date) {
  const open = await db
    .select({
      id: concerns.id,
      organizationId: concerns.organizationId,
      facilitatorId: concerns.facilitatorId,
      groupId: concerns.groupId,
      status: concerns.status,
      receivedAt: concerns.receivedAt,
      firstResponseAt: concerns.firstResponseAt,
      summary: concerns.summary,
      // The concern's own organisation's setting: its column named in full (qualified), since in
      // this one-table select a bare "organization_id" would mean the settings row's own.
      days: sql<number>`coalesce((select vs.concern_response_days from voice_settings vs where vs.organization_id = ${qualified(concerns.organizationId)}), ${DEFAULT_RESPONSE_DAYS})`,
    })
    .from(concerns)
    .where(and(sql`${concerns.firstResponseAt} is null`, inArray(concerns.status, ["received", "in_review"])))
    .limit(500);
  let queued = 0;
  for (const c of open.filter((row) => isConcernOverdue(row, now, Number(row.days)))) {
    for (const m of await managersToAlert(db, c.organizationId, c.id)) {
      const mail = concernAlertEmail({ name: m.name, kind: "overdue", summary: null, url: `${appUrl()}/concerns/${c.id}`, locale: localeOf(m.locale) });
      if (await enqueueEmail(db, { ...mail, to: m.email, toUser: m.id, organizationId: c.organizationId, dedupeKey: `voice:concern-overdue:${c.id}:${m.id}` })) queued++;
    }
  }
  return { queued };
}
