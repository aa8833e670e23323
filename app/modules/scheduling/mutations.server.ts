import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { roundInvitationEmail, roundReminderEmail } from "~emails/round-invitation";
import { db, type Executor } from "~/db/client.server";
import { enrolments, memberships, users } from "~/db/schema";
import { roundInvitees, schedulingRounds, seriesAssignments, type PlannedCohort } from "~/db/tables/scheduling";
import { audit } from "~/modules/audit/mutations.server";
import type { CurrentUser, Role } from "~/modules/auth/policy";
import { enqueueSeriesInvitations } from "~/modules/calendar/mutations.server";
import { calendarChoiceFields, discreetEntriesFor, discreetReader } from "~/modules/calendar/queries.server";
import { assertFacilitatorEligible } from "~/modules/competency/assignment/mutations.server";
import { createSeries, lockLeaders } from "~/modules/groups/mutations.server";
import { loadQueue, lockGroup, lockMemberships, queuePlaceFields } from "~/modules/registration/mutations.server";
import { waitlistPosition } from "~/modules/registration/waitlist";
import { enrolmentDetails } from "~/db/tables/registration";
import { registrationConfirmedEmail } from "~emails/registration-confirmed";
import { claimForm, recordOutcome, type FormClaim } from "~/modules/forms/mutations.server";
import { enqueueEmail } from "~/modules/notifications/mutations.server";
import { dateStyleOf, formatCivilDate, formatRangeInZone, type Weekday } from "~/modules/time/zoned";
import { forbidden, UserInputError } from "~/modules/errors";
import { analyseRound, facilitatorClashes, getRoundForViewer, requirePlannableGroup } from "./queries.server";
import { MAX_REMINDERS, planReminders, REMINDER_GAP_HOURS } from "./round-reminders";
import type { RoundInput } from "./rounds-schema";


/** What a round's invitation and reminder say to one person. */
const roundMailData = (
  user: CurrentUser,
  group: { name: string },
  round: { id: string; startDate: string; endDate: string },
  person: { name: string; locale: string; calendarDiscreet: boolean | null; roleHere: Role | null },
  baseUrl: string,
) => ({
  name: person.name,
  groupName: group.name,
  organizationName: user.organizationName,
  firstDate: formatCivilDate(round.startDate, dateStyleOf(person.locale)),
  lastDate: formatCivilDate(round.endDate, dateStyleOf(person.locale)),
  url: `${baseUrl}/availability?round=${round.id}`,
  locale: dateStyleOf(person.locale),
  // Its subject names the group only for a reader who chose named entries.
  discreet: discreetEntriesFor(person),
});

/**
 * Creates a round for a group and invites its enrolled and interested participants by email, in
 * one transaction (the emails are queued with the round, exactly once per person).
 */
export async function createRound(
  user: CurrentUser,
  groupId: string,
  input: RoundInput,
  options: { baseUrl: string; now: Date },
  /** The form's one-time token: the same form sent again creates no second round and invites nobody again. */
  claim?: FormClaim,
): Promise<{ roundId: string; invited: number }> {
  const group = await requirePlannableGroup(user, groupId);
  return db.transaction(async (tx) => {
    if (claim) {
      const first = await claimForm<{ roundId: string; invited: number }>(tx, user.organizationId, claim);
      if (first) return first.outcome;
    }
    const people = await tx
      .select({ id: users.id, name: users.name, email: users.email, locale: users.locale, ...calendarChoiceFields(user.organizationId) })
      .from(enrolments)
      .innerJoin(users, eq(users.id, enrolments.userId))
      // Members only: deactivation gives up places but keeps an "interested" entry for the record.
      .innerJoin(memberships, and(eq(memberships.userId, enrolments.userId), eq(memberships.organizationId, user.organizationId), isNull(memberships.deactivatedAt)))
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
      const mail = roundInvitationEmail(roundMailData(user, group, { ...input, id: round.id }, person, options.baseUrl));
      await enqueueEmail(tx, { ...mail, to: person.email, toUser: person.id, organizationId: user.organizationId, dedupeKey: `round-invitation:${round.id}:${person.id}` });
    }
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "scheduling_round.create",
      subjectType: "scheduling_round",
      subjectId: round.id,
      after: { ...input, groupId: group.id, invited: people.length },
    });
    if (claim) await recordOutcome(tx, claim, { roundId: round.id, invited: people.length });
    return { roundId: round.id, invited: people.length };
  });
}

/** The round locked for a change by someone who may plan it; only an open round can change. */
async function lockOpenRound(tx: Executor, user: CurrentUser, roundId: string) {
  const found = await getRoundForViewer(user, roundId, tx);
  if (found.view !== "staff") forbidden();
  await tx.execute(sql`select id from scheduling_rounds where id = ${roundId} for update`);
  const [round] = await tx.select().from(schedulingRounds).where(eq(schedulingRounds.id, roundId));
  if (round.status === "published") throw new UserInputError("This round was already published; change single sessions from the group page.");
  if (round.status !== "open") throw new UserInputError("This round was closed without publishing; start a new round to plan again.");
  return { ...found, round };
}

/**
 * Emails a reminder to everyone invited who has not answered yet, at most once a day each and at
 * most MAX_REMINDERS times (see planReminders). The round row lock makes two presses at once send
 * one reminder; the outbox dedupe key makes each reminder unique per person.
 */
export async function remindRound(user: CurrentUser, roundId: string, options: { baseUrl: string; now: Date }) {
  return db.transaction(async (tx) => {
    const { round, group } = await lockOpenRound(tx, user, roundId);
    const invitees = await tx
      .select({
        id: users.id,
        name: users.name,
        email: users.email,
        locale: users.locale,
        ...calendarChoiceFields(user.organizationId),
        respondedAt: roundInvitees.respondedAt,
        remindedAt: roundInvitees.remindedAt,
        reminders: roundInvitees.reminders,
      })
      .from(roundInvitees)
      .innerJoin(users, eq(users.id, roundInvitees.userId))
      // Nobody whose membership was deactivated since the invitation is reminded.
      .innerJoin(memberships, and(eq(memberships.userId, roundInvitees.userId), eq(memberships.organizationId, user.organizationId), isNull(memberships.deactivatedAt)))
      .where(and(eq(roundInvitees.roundId, round.id), eq(roundInvitees.organizationId, user.organizationId)));
    const plan = planReminders(invitees, options.now);
    if (plan.due.length === 0) {
      const waiting = plan.recentlyReminded.length + plan.exhausted.length;
      if (waiting === 0) throw new UserInputError("Everyone asked has answered; there is nobody to remind.");
      if (plan.recentlyReminded.length && plan.nextPossibleAt) {
        const hours = Math.ceil((plan.nextPossibleAt.getTime() - options.now.getTime()) / 3_600_000);
        throw new UserInputError(
          `Everyone who has not answered was reminded less than ${REMINDER_GAP_HOURS} hours ago. You can send the next reminder in about ${hours} hour${hours === 1 ? "" : "s"}.`,
        );
      }
      throw new UserInputError(`Everyone who has not answered has already had ${MAX_REMINDERS} reminders; please contact them another way.`);
    }
    const due = invitees.filter((i) => plan.due.includes(i.id));
    for (const person of due) {
      const mail = roundReminderEmail(roundMailData(user, group, round, person, options.baseUrl));
      await enqueueEmail(tx, {
        ...mail,
        to: person.email,
        toUser: person.id,
        organizationId: user.organizationId,
        dedupeKey: `round-reminder:${round.id}:${person.id}:${person.reminders + 1}`,
      });
    }
    await tx
      .update(roundInvitees)
      .set({ remindedAt: options.now, reminders: sql`${roundInvitees.reminders} + 1` })
      .where(and(eq(roundInvitees.roundId, round.id), inArray(roundInvitees.userId, plan.due)));
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "scheduling_round.remind",
      subjectType: "scheduling_round",
      subjectId: round.id,
      after: { reminded: plan.due.length, skippedRecentlyReminded: plan.recentlyReminded.length, skippedExhausted: plan.exhausted.length },
    });
    return { reminded: plan.due.length, skipped: plan.recentlyReminded.length + plan.exhausted.length };
  });
}

/**
 * Closes an open round without publishing (the group will not meet at these times, or the
 * manager starts over). Nothing is created; the answers stay for the record; invitees' links
 * stop asking for availability for it. The reason is kept and audited.
 */
export async function closeRound(user: CurrentUser, roundId: string, input: { reason: string }, now: Date) {
  const reason = input.reason.trim();
  if (reason.length < 3) throw new UserInputError("Say in a few words why the round is closed (at least 3 characters).", "closeReason");
  if (reason.length > 500) throw new UserInputError("Use at most 500 characters for the reason.", "closeReason");
  await db.transaction(async (tx) => {
    const { round } = await lockOpenRound(tx, user, roundId);
    await tx
      .update(schedulingRounds)
      .set({ status: "closed", closedAt: now, closedBy: user.id, closeReason: reason, updatedAt: now })
      .where(eq(schedulingRounds.id, round.id));
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "scheduling_round.close",
      subjectType: "scheduling_round",
      subjectId: round.id,
      before: { status: round.status },
      after: { status: "closed", reason },
    });
  });
}

/** Keeps the manager's adjusted cohorts in the round until publish (null: back to the suggestion). */
export async function saveRoundPlan(user: CurrentUser, roundId: string, cohorts: PlannedCohort[] | null, now: Date) {
  await db.transaction(async (tx) => {
    const { round } = await lockOpenRound(tx, user, roundId);
    const plan = cohorts ? { cohorts, adjustedBy: user.id, adjustedAt: now.toISOString() } : null;
    await tx.update(schedulingRounds).set({ plan, updatedAt: now }).where(eq(schedulingRounds.id, roundId));
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: cohorts ? "scheduling_round.adjust" : "scheduling_round.reset_plan",
      subjectType: "scheduling_round",
      subjectId: roundId,
      before: round.plan,
      after: plan,
    });
  });
}

/**
 * Refuses (changing nothing) when a cohort's weekly time overlaps a session its facilitator
 * already leads (facilitatorClashes), naming the first clash: the other group, and the
 * session's date and time in the publishing person's zone and style.
 */
async function refuseFacilitatorClashes(
  tx: Executor,
  user: CurrentUser,
  round: { startDate: string; endDate: string; durationMinutes: number; skipDates: string[]; timezone: string },
  cohorts: ReadonlyArray<{ number: number; day: string; start: string; facilitatorId: string | null }>,
  groupLeaderIds: readonly string[],
) {
  const [clash] = await facilitatorClashes(tx, user.organizationId, round, cohorts, groupLeaderIds);
  if (!clash) return;
  const when = formatRangeInZone(clash.startsAt, clash.endsAt, user.timezone, dateStyleOf(user.locale));
  throw new UserInputError(
    `${clash.leaderName} already leads ${clash.groupName} on ${when}, at the same time as cohort ${clash.number} of this round. Nothing was published: choose another time or facilitator for that cohort.`,
  );
}

/**
 * Puts the cohorts' newcomers the group had no seat for on its waiting list, in the round's order
 * (behind everyone already waiting: queued now, under the group's lock), each audited and told
 * their place by email in their language. Only someone still "interested" is moved.
 */
async function waitlistNewcomers(
  tx: Executor,
  user: CurrentUser,
  group: { id: string; name: string },
  roundId: string,
  userIds: string[],
  options: { baseUrl: string; now: Date },
) {
  if (userIds.length === 0) return;
  const moved: string[] = [];
  for (const userId of userIds) {
    const [row] = await tx
      .update(enrolments)
      .set({ status: "waitlisted", updatedAt: options.now })
      .where(and(eq(enrolments.groupId, group.id), eq(enrolments.userId, userId), eq(enrolments.status, "interested")))
      .returning({ id: enrolments.id });
    if (!row) continue;
    const queueFields = queuePlaceFields(false, user.id, options.now);
    await tx
      .insert(enrolmentDetails)
      .values({ enrolmentId: row.id, organizationId: user.organizationId, groupId: group.id, ...queueFields })
      .onConflictDoUpdate({ target: enrolmentDetails.enrolmentId, set: queueFields });
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "enrolment.waitlist",
      subjectType: "enrolment",
      subjectId: row.id,
      before: { status: "interested" },
      after: { status: "waitlisted", roundId },
      reason: "No seat was left in the group when the scheduling round was published.",
    });
    moved.push(row.id);
  }
  const queue = await loadQueue(tx, group.id);
  const waitingList = queue.filter((q) => q.status === "waitlisted");
  for (const enrolmentId of moved) {
    const person = queue.find((q) => q.enrolmentId === enrolmentId)!;
    const mail = registrationConfirmedEmail({
      name: person.name,
      groupName: group.name,
      status: "waitlisted",
      position: waitlistPosition(waitingList, enrolmentId),
      nextSession: null,
      url: `${options.baseUrl}/my/groups`,
      locale: dateStyleOf(person.locale),
      discreet: await discreetReader(tx, user.organizationId, person.userId),
    });
    await enqueueEmail(tx, { ...mail, to: person.email, toUser: person.userId, organizationId: user.organizationId, dedupeKey: `round-waitlisted:${roundId}:${person.userId}` });
  }
}

/**
 * Publishes a round in one transaction: one weekly series per cohort in the group's zone (the
 * round's dates and skipped dates, the cohort's weekday and start), the cohort's members assigned
 * to it (a cohort's sessions are visible only to them), its participants enrolled — people new to
 * the group only up to the seats nobody holds or waits for, the rest put on the waiting list — the facilitator
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
    // The invitees' memberships first (FOR SHARE, as registering takes the person's), then the
    // group: a deactivation at the same moment either waits and then gives up the place this
    // publication makes, or goes first and analyseRound leaves the person out. (Deactivation gives
    // up open places, not an "interested" entry, so nothing else stops a seat here.)
    const invitees = await tx
      .select({ userId: roundInvitees.userId })
      .from(roundInvitees)
      .where(and(eq(roundInvitees.roundId, round.id), eq(roundInvitees.organizationId, user.organizationId)));
    await lockMemberships(tx, user.organizationId, invitees.map((i) => i.userId));
    // The group's seat lock (as registrations, withdrawals and removals take): nobody joins or
    // leaves while the cohorts are formed, so the plan below enrols only people still in the group.
    await lockGroup(tx, user.organizationId, group.id);
    const analysis = await analyseRound(tx, round, group, options.now);
    if (analysis.plan.length === 0) throw new UserInputError("There is no cohort to publish: no time suits enough people yet.");
    if (analysis.check.blocking.length) throw new UserInputError(analysis.check.blocking.join(" "));
    // The group's seats, counted under its lock as registrations count them: people new to the
    // group are seated only up to the seats nobody holds or waits for (first to answer first); the
    // rest go to the waiting list below. A cohort left with nobody seated is not created.
    const { seats } = analysis;
    const waiting = new Set(seats.waitlisted);
    const cohorts = analysis.plan
      .map((c, index) => ({ ...c, number: index + 1, participantIds: c.participantIds.filter((id) => !waiting.has(id)) }))
      .filter((c) => c.participantIds.length > 0);
    if (cohorts.length === 0) {
      throw new UserInputError(
        `No seat is left for the people new to the group in these cohorts (seats: ${seats.capacity}; taken or offered: ${seats.taken}; waiting: ${seats.waiting}). Nothing was published: raise the group's seats on its waiting-list page, then publish.`,
      );
    }
    // Each cohort's facilitator, locked (ids sorted: two publications never wait on each other in a
    // circle) and their sessions read again after the lock: a round of another group published at
    // the same moment is seen here once it commits, and a time that now overlaps one of the
    // facilitator's sessions is refused, naming it, before anything is created.
    // A cohort without a facilitator is a series nobody is assigned to lead, so every facilitator of
    // the group leads it (sessionLedBy): their locks are taken here too, all at once, sorted.
    const assigned = cohorts.flatMap((c) => (c.facilitatorId ? [c.facilitatorId] : []));
    const leaderIds = cohorts.some((c) => !c.facilitatorId) ? [...assigned, ...analysis.leaders.map((l) => l.id)] : assigned;
    await lockLeaders(tx, user.organizationId, leaderIds);
    await refuseFacilitatorClashes(tx, user, { ...round, timezone: group.timezone }, cohorts, analysis.leaders.map((l) => l.id));
    const created: { seriesId: string; sessions: number; day: string; start: string; participants: number }[] = [];
    const publishedCohorts: PlannedCohort[] = [];
    let invitations = 0;
    for (const cohort of cohorts) {
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
        undefined,
        // Checks the cohort's facilitator again, against the cohorts created before it too.
        cohort.facilitatorId ? [cohort.facilitatorId] : undefined,
      );
      const members = [
        ...cohort.participantIds.map((userId) => ({ seriesId, userId, organizationId: user.organizationId, role: "participant" })),
        ...(cohort.facilitatorId ? [{ seriesId, userId: cohort.facilitatorId, organizationId: user.organizationId, role: "facilitator" }] : []),
      ];
      await tx.insert(seriesAssignments).values(members);
      await tx
        .insert(enrolments)
        .values(cohort.participantIds.map((userId) => ({ organizationId: user.organizationId, groupId: group.id, userId, status: "enrolled" as const })))
        .onConflictDoUpdate({
          target: [enrolments.groupId, enrolments.userId],
          set: { status: "enrolled", updatedAt: options.now },
          // Never brings back someone who left (withdrawn, removed, finished): analyseRound leaves them out.
          setWhere: inArray(enrolments.status, ["enrolled", "interested"]),
        });
      await enqueueSeriesInvitations(tx, {
        organizationId: user.organizationId,
        seriesId,
        userIds: members.map((m) => m.userId),
        baseUrl: options.baseUrl,
        now: options.now,
      });
      invitations += members.length;
      created.push({ seriesId, sessions, day: cohort.day, start: cohort.start, participants: cohort.participantIds.length });
      publishedCohorts.push({ day: cohort.day, start: cohort.start, facilitatorId: cohort.facilitatorId, participantIds: cohort.participantIds, seriesId, sessions });
    }
    await waitlistNewcomers(tx, user, { id: group.id, name: group.name }, round.id, seats.waitlisted, options);
    // What was created is kept with the round, so its page shows that instead of a new suggestion.
    const finalPlan = {
      cohorts: publishedCohorts,
      adjustedBy: round.plan?.adjustedBy ?? null,
      adjustedAt: round.plan?.adjustedAt ?? options.now.toISOString(),
      invitations,
      waitlisted: seats.waitlisted,
    };
    await tx
      .update(schedulingRounds)
      .set({ status: "published", publishedAt: options.now, plan: finalPlan, updatedAt: options.now })
      .where(eq(schedulingRounds.id, round.id));
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "scheduling_round.publish",
      subjectType: "scheduling_round",
      subjectId: round.id,
      after: {
        groupId: group.id,
        series: created,
        unassigned: analysis.response.unassigned.length,
        seats: { capacity: seats.capacity, taken: seats.taken, waiting: seats.waiting, seated: seats.seated.length, waitlisted: seats.waitlisted.length },
      },
    });
    return { series: created, waitlisted: seats.waitlisted.length };
  });
}
