import { and, eq, inArray, sql } from "drizzle-orm";
import { roundInvitationEmail } from "~emails/round-invitation";
import { db, type Executor } from "~/db/client.server";
import { enrolments, users } from "~/db/schema";
import { roundInvitees, schedulingRounds, seriesAssignments, type PlannedCohort } from "~/db/tables/scheduling";
import { recordAudit } from "~/modules/audit/mutations.server";
import type { CurrentUser } from "~/modules/auth/policy";
import { enqueueSeriesInvitations } from "~/modules/calendar/mutations.server";
import { assertFacilitatorEligible } from "~/modules/competency/mutations.server";
import { createSeries } from "~/modules/groups/mutations.server";
import { enqueueEmail } from "~/modules/notifications/mutations.server";
import type { Weekday } from "~/modules/time/zoned";
import { forbidden, UserInputError } from "~/web/http.server";
import { DateTime } from "luxon";
import { analyseRound, getRoundForViewer, requirePlannableGroup } from "./queries.server";
import type { RoundInput } from "./rounds-schema";

const longDate = (date: string) => DateTime.fromISO(date, { zone: "UTC" }).toFormat("ccc d LLL yyyy");

/**
 * Creates a round for a group and invites its enrolled and interested participants by email, in
 * one transaction (the emails are queued with the round, exactly once per person).
 */
export async function createRound(user: CurrentUser, groupId: string, input: RoundInput, options: { baseUrl: string; now: Date }) {
  const group = await requirePlannableGroup(user, groupId);
  return db.transaction(async (tx) => {
    const people = await tx
      .select({ id: users.id, name: users.name, email: users.email })
      .from(enrolments)
      .innerJoin(users, eq(users.id, enrolments.userId))
      .where(and(eq(enrolments.groupId, group.id), eq(enrolments.organizationId, user.organizationId), inArray(enrolments.status, ["enrolled", "interested"])));
    if (people.length === 0) {
      throw new UserInputError("Nobody is enrolled in or interested in this group yet, so there is nobody to ask.");
    }
    const [round] = await tx
      .insert(schedulingRounds)
      .values({ ...input, organizationId: user.organizationId, groupId: group.id, createdBy: user.id, createdAt: options.now, updatedAt: options.now })
      .returning({ id: schedulingRounds.id });
    await tx.insert(roundInvitees).values(people.map((p) => ({ roundId: round.id, userId: p.id, organizationId: user.organizationId, invitedAt: options.now })));
    for (const person of people) {
      const mail = roundInvitationEmail({
        name: person.name,
        groupName: group.name,
        organizationName: user.organizationName,
        firstDate: longDate(input.startDate),
        lastDate: longDate(input.endDate),
        url: `${options.baseUrl}/availability?round=${round.id}`,
      });
      await enqueueEmail(tx, { ...mail, to: person.email, organizationId: user.organizationId, dedupeKey: `round-invitation:${round.id}:${person.id}` });
    }
    await recordAudit(tx, {
      organizationId: user.organizationId,
      actorUserId: user.id,
      action: "scheduling_round.create",
      subjectType: "scheduling_round",
      subjectId: round.id,
      after: { ...input, groupId: group.id, invited: people.length },
    });
    return { roundId: round.id, invited: people.length };
  });
}

/** The round locked for a change by someone who may plan it; only an open round can change. */
async function lockOpenRound(tx: Executor, user: CurrentUser, roundId: string) {
  const found = await getRoundForViewer(user, roundId, tx);
  if (found.view !== "staff") forbidden();
  await tx.execute(sql`select id from scheduling_rounds where id = ${roundId} for update`);
  const [round] = await tx.select().from(schedulingRounds).where(eq(schedulingRounds.id, roundId));
  if (round.status !== "open") throw new UserInputError("This round was already published; change single sessions from the group page.");
  return { ...found, round };
}

/** Keeps the manager's adjusted cohorts in the round until publish (null: back to the suggestion). */
export async function saveRoundPlan(user: CurrentUser, roundId: string, cohorts: PlannedCohort[] | null, now: Date) {
  await db.transaction(async (tx) => {
    const { round } = await lockOpenRound(tx, user, roundId);
    const plan = cohorts ? { cohorts, adjustedBy: user.id, adjustedAt: now.toISOString() } : null;
    await tx.update(schedulingRounds).set({ plan, updatedAt: now }).where(eq(schedulingRounds.id, roundId));
    await recordAudit(tx, {
      organizationId: user.organizationId,
      actorUserId: user.id,
      action: cohorts ? "scheduling_round.adjust" : "scheduling_round.reset_plan",
      subjectType: "scheduling_round",
      subjectId: roundId,
      before: round.plan,
      after: plan,
    });
  });
}

/**
 * Publishes a round in one transaction: one weekly series per cohort in the group's zone (the
 * round's dates and skipped dates, the cohort's weekday and start), the cohort's members assigned
 * to it (a cohort's sessions are visible only to them), its participants enrolled, the facilitator
 * checked against the competency gate, the round marked published, an audit event, and calendar
 * invitations queued for everyone. Anything wrong rolls all of it back.
 */
export async function publishRound(
  user: CurrentUser,
  roundId: string,
  options: { baseUrl: string; now: Date; overrideReason?: string },
) {
  return db.transaction(async (tx) => {
    const { round, group } = await lockOpenRound(tx, user, roundId);
    const analysis = await analyseRound(tx, round, group);
    if (analysis.plan.length === 0) throw new UserInputError("There is no cohort to publish: no time suits enough people yet.");
    if (analysis.check.blocking.length) throw new UserInputError(analysis.check.blocking.join(" "));
    const created: { seriesId: string; sessions: number; day: string; start: string; participants: number }[] = [];
    for (const cohort of analysis.plan) {
      if (cohort.facilitatorId) {
        await assertFacilitatorEligible(tx, {
          organizationId: user.organizationId,
          groupKind: group.kind,
          userId: cohort.facilitatorId,
          now: options.now,
          override: options.overrideReason ? { reason: options.overrideReason, actorUserId: user.id, groupId: group.id } : null,
        });
      }
      const { seriesId, sessions } = await createSeries(
        user,
        group.id,
        {
          weekdays: [cohort.day as Weekday],
          startTime: cohort.start,
          durationMinutes: round.durationMinutes,
          startDate: round.startDate,
          endDate: round.endDate,
          count: null,
          skipDates: round.skipDates,
        },
        tx,
      );
      const members = [
        ...cohort.participantIds.map((userId) => ({ seriesId, userId, organizationId: user.organizationId, role: "participant" })),
        ...(cohort.facilitatorId ? [{ seriesId, userId: cohort.facilitatorId, organizationId: user.organizationId, role: "facilitator" }] : []),
      ];
      await tx.insert(seriesAssignments).values(members);
      await tx
        .insert(enrolments)
        .values(cohort.participantIds.map((userId) => ({ organizationId: user.organizationId, groupId: group.id, userId, status: "enrolled" as const })))
        .onConflictDoUpdate({ target: [enrolments.groupId, enrolments.userId], set: { status: "enrolled", updatedAt: options.now } });
      await enqueueSeriesInvitations(tx, {
        organizationId: user.organizationId,
        seriesId,
        userIds: members.map((m) => m.userId),
        baseUrl: options.baseUrl,
        now: options.now,
      });
      created.push({ seriesId, sessions, day: cohort.day, start: cohort.start, participants: cohort.participantIds.length });
    }
    const finalPlan = { cohorts: analysis.plan, adjustedBy: round.plan?.adjustedBy ?? null, adjustedAt: round.plan?.adjustedAt ?? options.now.toISOString() };
    await tx
      .update(schedulingRounds)
      .set({ status: "published", publishedAt: options.now, plan: finalPlan, updatedAt: options.now })
      .where(eq(schedulingRounds.id, round.id));
    await recordAudit(tx, {
      organizationId: user.organizationId,
      actorUserId: user.id,
      action: "scheduling_round.publish",
      subjectType: "scheduling_round",
      subjectId: round.id,
      after: { groupId: group.id, series: created, unassigned: analysis.response.unassigned.length },
    });
    return { series: created };
  });
}
