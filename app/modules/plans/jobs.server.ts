import { sql } from "drizzle-orm";
import { appUrl } from "~/config.server";
import { localeOf } from "~/i18n/locales";
import { db } from "~/db/client.server";
import { rows } from "~/db/rows.server";
import { planReviewReminders } from "~/db/tables/plans";
import { planReviewDueEmail } from "~emails/plan-review-due";
import { audit } from "~/modules/audit/mutations.server";
import { enqueueEmail } from "~/modules/notifications/mutations.server";
import { REVIEW_REMINDER_DAYS_BEFORE } from "./review";

/** Reviews longer overdue than this when first seen (a plan saved before reminders existed) get no reminder. */
const STALE_DAYS = 30;

type Due = { plan_id: string; organization_id: string; participant_id: string; participant_name: string; participant_email: string; participant_locale: string; due_on: string };
type Recipient = { id: string; name: string; email: string; locale: string };

/**
 * Periodic job: a plan whose next review is within REVIEW_REMINDER_DAYS_BEFORE days (in its
 * organisation's zone) gets one reminder per review date — the plan_review_reminders row is
 * inserted first (ON CONFLICT DO NOTHING) and each email carries a dedupe key — to the participant
 * and the organisation's managers: a plan's reviews belong to no program, so they are the managers'
 * and the person's to record (metrics/policy.ts planReach; a facilitator never reaches them, which
 * keeps a facilitator from learning through a reminder, or its absence, that the person is in
 * another program).
 * Deactivated members are never mailed.
 */
export async function sendPlanReviewReminders(now: Date) {
  const at = now.toISOString();
  const due = await rows<Due>(sql`
    select sp.id as plan_id, sp.organization_id, u.id as participant_id, u.name as participant_name, u.email as participant_email, u.locale as participant_locale, sp.next_review_on::text as due_on
    from service_plans sp
    join organizations o on o.id = sp.organization_id
    join users u on u.id = sp.participant_id
    join memberships m on m.user_id = u.id and m.organization_id = sp.organization_id and m.role = 'participant' and m.deactivated_at is null
    where sp.next_review_on is not null
      -- A band around today in any zone (the index service_plans_review), then each organisation's own today.
      and sp.next_review_on between (${at}::timestamptz - make_interval(days => ${STALE_DAYS + 2}::int))::date and (${at}::timestamptz + make_interval(days => ${REVIEW_REMINDER_DAYS_BEFORE + 2}::int))::date
      and sp.next_review_on - ${REVIEW_REMINDER_DAYS_BEFORE}::int <= (${at}::timestamptz at time zone o.timezone)::date
      and sp.next_review_on >= (${at}::timestamptz at time zone o.timezone)::date - ${STALE_DAYS}::int
      and not exists (select 1 from plan_review_reminders r where r.plan_id = sp.id and r.due_on = sp.next_review_on)
    order by sp.next_review_on, sp.id`);
  let reminded = 0;
  let queued = 0;
  for (const plan of due) {
    await db.transaction(async (tx) => {
      const inserted = await tx
        .insert(planReviewReminders)
        .values({ planId: plan.plan_id, dueOn: plan.due_on, organizationId: plan.organization_id, sentAt: now })
        .onConflictDoNothing()
        .returning({ planId: planReviewReminders.planId });
      if (!inserted.length) return;
      reminded++;
      const staff = await rows<Recipient>(
        sql`select u.id, u.name, u.email, u.locale from memberships m join users u on u.id = m.user_id
          where m.organization_id = ${plan.organization_id} and m.role = 'manager' and m.deactivated_at is null`,
        tx,
      );
      const key = (personId: string) => `plans:review-due:${plan.plan_id}:${plan.due_on}:${personId}`;
      const participantMail = planReviewDueEmail({ name: plan.participant_name, participantName: plan.participant_name, forParticipant: true, dueOn: plan.due_on, url: `${appUrl()}/my/goals`, locale: localeOf(plan.participant_locale) });
      if (await enqueueEmail(tx, { ...participantMail, to: plan.participant_email, toUser: plan.participant_id, organizationId: plan.organization_id, dedupeKey: key(plan.participant_id) })) queued++;
      for (const person of staff) {
        const mail = planReviewDueEmail({ name: person.name, participantName: plan.participant_name, forParticipant: false, dueOn: plan.due_on, url: `${appUrl()}/participants/${plan.participant_id}/plan`, locale: localeOf(person.locale) });
        // Checked again when it goes: only while the recipient still has a current relationship with the person.
        const about = { userId: plan.participant_id, recipientId: person.id, groupId: null };
        if (await enqueueEmail(tx, { ...mail, to: person.email, organizationId: plan.organization_id, dedupeKey: key(person.id), about })) queued++;
      }
      await audit(tx, {
        organizationId: plan.organization_id,
        actorId: null,
        action: "plan.review_reminder",
        subjectType: "service_plan",
        subjectId: plan.plan_id,
        subjectUserId: plan.participant_id,
        after: { dueOn: plan.due_on, recipients: [plan.participant_id, ...staff.map((s) => s.id)] },
      });
    });
  }
  return { reminded, queued };
}
