import { appUrl } from "~/config.server";
import { and, eq, inArray } from "drizzle-orm";
import { sessionChangedEmail } from "~emails/session-changed";
import { db, lockKeys, type Executor } from "~/db/client.server";
import { enrolments, groupFacilitators, groups, memberships, programs, series, sessions, users } from "~/db/schema";
import { audit } from "~/modules/audit/mutations.server";
import { fillFreeSeats } from "~/modules/registration/mutations.server";
import { groupSeats } from "~/modules/registration/seats.server";
import { assignUnitsInOrder } from "~/modules/records/curriculum/mutations.server";
import { gateFacilitatorAssignment } from "~/modules/competency/assignment/mutations.server";
import type { CalendarSession } from "~/modules/calendar/ics";
import { sessionChangeAttachment } from "~/modules/calendar/mutations.server";
import { textSessionChange } from "~/modules/notifications/sms/mutations.server";
import { calendarChoiceFields, discreetEntriesFor, sessionVisibleToMember } from "~/modules/calendar/queries.server";
import type { CurrentUser } from "~/modules/auth/policy";
import { claimForm, recordOutcome, type FormClaim } from "~/modules/forms/mutations.server";
import { enqueueEmail } from "~/modules/notifications/mutations.server";
import { dateStyleOf, formatInZone, formatRangeInZone, parseCivilDate, parseClock, wallTimeToEpoch, type Weekday } from "~/modules/time/zoned";
import { NO_VERSION_ANSWERS, NO_VERSION_GROUP, notFound, StaleSave, UnversionedSave, UserInputError } from "~/modules/errors";
import type { z } from "zod";
import type { groupSchema } from "./schema";
import { materialiseSeries } from "./series";
import { firstOverlap, type TimeSpan } from "./overlap";
import { leadersOf, sessionsLedBy } from "./queries.server";
import { changedSince, groupVersion, programChangedSince, programVersion, type EditableGroup, type EditableGroupField } from "./edit-version";

type ProgramInput = { name: string; purpose: string; serviceType: string };

export async function createProgram(user: CurrentUser, input: ProgramInput) {
  return db.transaction(async (tx) => {
    const [program] = await tx
      .insert(programs)
      .values({ ...input, organizationId: user.organizationId })
      .returning({ id: programs.id });
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "program.create",
      subjectType: "program",
      subjectId: program.id,
      after: input,
    });
    return program;
  });
}

export const STALE_PROGRAM =
  "This program was changed by someone else after you opened this page, so nothing was saved. The form keeps your entries and the program as it is saved now is shown above it: compare them, then save again.";

/**
 * Saves a program's name, purpose and service type. `version`: the program's version its page
 * was opened on (programVersion), compared under the program's row lock: a program changed by
 * someone else since is refused (StaleSave, naming the fields), and so is `null`, a form that
 * named none (UnversionedSave); callers outside a form pass no `version` and are not compared.
 */
export async function updateProgram(user: CurrentUser, programId: string, input: ProgramInput, options: { version?: string | null } = {}) {
  await db.transaction(async (tx) => {
    // NO KEY UPDATE: groups that reference the program (KEY SHARE) are not held up.
    const [before] = await tx
      .select()
      .from(programs)
      .where(and(eq(programs.id, programId), eq(programs.organizationId, user.organizationId)))
      .for("no key update");
    if (!before) notFound("Program not found");
    if (options.version !== undefined) {
      if (options.version === null) throw new UnversionedSave(NO_VERSION_ANSWERS, programVersion(before));
      const changed = programChangedSince(options.version, before);
      if (changed.length) throw new StaleSave(STALE_PROGRAM, programVersion(before), changed);
    }
    await tx.update(programs).set(input).where(eq(programs.id, programId));
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "program.update",
      subjectType: "program",
      subjectId: programId,
      before: { name: before.name, purpose: before.purpose, serviceType: before.serviceType },
      after: input,
    });
  });
}

/** A group as its form gives it (the competency override reason is optional for callers). */
type GroupInput = Omit<z.infer<typeof groupSchema>, "overrideReason"> & { overrideReason?: string };

async function assertStaffOfOrg(tx: Executor, organizationId: string, userIds: string[]) {
  if (userIds.length === 0) return;
  const rows = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(
      and(
        eq(memberships.organizationId, organizationId),
        inArray(memberships.userId, userIds),
        inArray(memberships.role, ["facilitator", "manager", "admin"]),
      ),
    );
  if (rows.length !== new Set(userIds).size) {
    throw new UserInputError("Choose facilitators from your organisation's staff.", "facilitatorIds");
  }
}

async function setFacilitators(tx: Executor, organizationId: string, groupId: string, userIds: string[]) {
  await tx.delete(groupFacilitators).where(eq(groupFacilitators.groupId, groupId));
  const unique = [...new Set(userIds)];
  if (unique.length) {
    await tx.insert(groupFacilitators).values(unique.map((userId) => ({ groupId, userId, organizationId })));
  }
}

/**
 * The lock on a facilitator's time, per organisation: everything that changes who leads which
 * session or when (publishing a round, adding a series, moving a session, adding a facilitator to
 * a group) takes it for each facilitator concerned before reading their sessions, so two such
 * changes at once take turns and the second sees the first. Ids sorted: two transactions never
 * wait on each other in a circle. (Each of them takes its group's row lock before this.)
 */
export async function lockLeaders(tx: Executor, organizationId: string, userIds: readonly string[]) {
  await lockKeys(tx, [...new Set(userIds)].sort().map((userId) => `facilitator-sessions:${organizationId}:${userId}`));
}

/** A session someone already leads: who, which group, when. */
export type LeaderClash = { leaderName: string; groupName: string; startsAt: Date; endsAt: Date };

/**
 * The first session (earliest) one of `leaderIds` already leads (sessionLedBy) at a time that
 * overlaps one of `proposed`, or null. One read for all of them; `exceptSessionIds` are left out
 * (a session being moved).
 */
export async function firstLeaderClash(
  tx: Executor,
  organizationId: string,
  leaderIds: readonly string[],
  proposed: ReadonlyArray<TimeSpan>,
  exceptSessionIds: ReadonlySet<string> = new Set(),
): Promise<LeaderClash | null> {
  if (leaderIds.length === 0 || proposed.length === 0) return null;
  const from = new Date(Math.min(...proposed.map((p) => p.startsAt.getTime())));
  const to = new Date(Math.max(...proposed.map((p) => p.endsAt.getTime())));
  const theirs = (await sessionsLedBy(tx, organizationId, leaderIds, { from, to })).filter((s) => !exceptSessionIds.has(s.sessionId));
  const clash = firstOverlap(proposed, theirs);
  return clash ? { leaderName: clash.existing.leaderName, groupName: clash.existing.groupName, startsAt: clash.existing.startsAt, endsAt: clash.existing.endsAt } : null;
}

/** "Fay First already leads Budgeting on Tue 2 Mar 2027, 18:00–19:30 EST": the other session's day and time in `zone`. */
function alreadyLeads(user: CurrentUser, clash: LeaderClash, zone: string) {
  return `${clash.leaderName} already leads ${clash.groupName} on ${formatRangeInZone(clash.startsAt, clash.endsAt, zone, dateStyleOf(user.locale))}`;
}

/** Later than any session: "every session still to come". */
const NO_END = new Date("9999-12-31T00:00:00Z");

/**
 * Sets the group's facilitators, refusing (saving nothing) when someone added would then lead one
 * of the group's sessions (sessionLedBy: those of its series nobody is assigned to lead) at the
 * time of a session they already lead, naming both in the group's zone. Under the group's row lock
 * (the caller's) and each added facilitator's lock. Only sessions not ended at `now`: who leads a
 * group is today's assignment, and the past cannot be re-planned.
 */
async function setFacilitatorsFree(
  tx: Executor,
  user: CurrentUser,
  groupId: string,
  change: { previous: string[]; next: string[]; timezone: string; now: Date },
) {
  const added = [...new Set(change.next)].filter((id) => !change.previous.includes(id)).sort();
  const horizon = { from: change.now, to: NO_END };
  let ledBefore = new Set<string>();
  if (added.length) {
    await lockLeaders(tx, user.organizationId, added);
    ledBefore = new Set((await sessionsLedBy(tx, user.organizationId, added, horizon)).map((s) => `${s.userId}:${s.sessionId}`));
  }
  await setFacilitators(tx, user.organizationId, groupId, change.next);
  if (!added.length) return;
  const ledAfter = await sessionsLedBy(tx, user.organizationId, added, horizon);
  let first: { existing: (typeof ledAfter)[number]; gained: TimeSpan } | null = null;
  for (const userId of added) {
    const theirs = ledAfter.filter((s) => s.userId === userId);
    const gained = theirs.filter((s) => !ledBefore.has(`${userId}:${s.sessionId}`));
    const clash = firstOverlap(gained, theirs.filter((s) => ledBefore.has(`${userId}:${s.sessionId}`)));
    if (clash && (!first || clash.existing.startsAt < first.existing.startsAt)) first = { existing: clash.existing, gained: clash.proposed };
  }
  if (!first) return;
  const style = dateStyleOf(user.locale);
  throw new UserInputError(
    `${alreadyLeads(user, first.existing, change.timezone)}, at the same time as this group's session on ${formatRangeInZone(first.gained.startsAt, first.gained.endsAt, change.timezone, style)}. Nothing was saved: choose another facilitator, or move one of the sessions first.`,
    "facilitatorIds",
  );
}

export async function createGroup(user: CurrentUser, programId: string, input: GroupInput) {
  return db.transaction(async (tx) => {
    const [program] = await tx
      .select({ id: programs.id })
      .from(programs)
      .where(and(eq(programs.id, programId), eq(programs.organizationId, user.organizationId)));
    if (!program) notFound("Program not found");
    await assertStaffOfOrg(tx, user.organizationId, input.facilitatorIds);
    const { facilitatorIds, overrideReason, ...fields } = input;
    const [group] = await tx
      .insert(groups)
      .values({ ...fields, programId, organizationId: user.organizationId })
      .returning({ id: groups.id });
    await gateFacilitatorAssignment(tx, {
      actor: user,
      group: { id: group.id, name: fields.name, kind: fields.kind },
      previousFacilitatorIds: [],
      facilitatorIds,
      kindChanged: false,
      overrideReason: overrideReason ?? "",
      now: new Date(),
    });
    await setFacilitators(tx, user.organizationId, group.id, facilitatorIds);
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "group.create",
      subjectType: "group",
      subjectId: group.id,
      after: input,
    });
    return group;
  });
}

/**
 * A save from an edit page opened before someone else changed the group: nothing is saved. Carries
 * the fields that changed meanwhile and the group as it is now (with its version), for the page
 * to show the current version with the person's own entries kept in the other fields.
 */
export class StaleGroupError extends UserInputError {
  constructor(
    public changed: EditableGroupField[],
    public current: EditableGroup & { version: string },
  ) {
    super(
      "This group was changed by someone else since you opened this page. Your changes were not saved: the form now shows the current version, with your own entries kept where nobody else changed them. Check it and save again.",
    );
  }

  get details(): unknown {
    return { changed: this.changed };
  }
}

export async function updateGroup(
  user: CurrentUser,
  groupId: string,
  input: GroupInput,
  options: { baseUrl?: string; /** The version the edit page showed (groupVersion): refused if the group changed since; null (a form that named none) is refused too (UnversionedSave); callers outside a form pass nothing. */ shownVersion?: string | null; now?: Date } = {},
) {
  const now = options.now ?? new Date();
  await db.transaction(async (tx) => {
    // Serialised with every change to the group's seats (registration locks this row FOR UPDATE).
    // NO KEY UPDATE, not UPDATE: rows that reference the group (e.g. the competency gate's record of
    // a refused assignment, written on its own connection) only need KEY SHARE and must not wait.
    const [before] = await tx
      .select()
      .from(groups)
      .where(and(eq(groups.id, groupId), eq(groups.organizationId, user.organizationId)))
      .for("no key update");
    if (!before) notFound("Group not found");
    const previousFacilitators = await tx
      .select({ userId: groupFacilitators.userId })
      .from(groupFacilitators)
      .where(eq(groupFacilitators.groupId, groupId));
    // Two managers editing from pages opened at the same time: the second save would write back
    // every field its page showed, undoing the first's changes. Compared under the lock, so two
    // saves at once take turns and the second sees the first.
    if (options.shownVersion !== undefined) {
      const { name, kind, description, timezone, capacity, location, onlineUrl, language } = before;
      const values = { name, kind, description, timezone, capacity, location, onlineUrl, language, facilitatorIds: previousFacilitators.map((f) => f.userId) };
      // A form that names no version cannot be compared: it would write back every field it carries.
      if (options.shownVersion === null) throw new UnversionedSave(NO_VERSION_GROUP, groupVersion(values));
      const changed = changedSince(options.shownVersion, values);
      if (changed.length > 0) throw new StaleGroupError(changed, { ...values, version: groupVersion(values) });
    }
    if (input.capacity < before.capacity) {
      // Seats held now, as every seat reader counts them (groupSeats): a lapsed offer holds none.
      const n = (await groupSeats(tx, user.organizationId, [groupId], now)).get(groupId)?.taken ?? 0;
      if (input.capacity < n) {
        throw new UserInputError(`${n === 1 ? "1 seat is" : `${n} seats are`} taken or offered. Remove people first, or choose at least ${n} seats.`, "capacity");
      }
    }
    await assertStaffOfOrg(tx, user.organizationId, input.facilitatorIds);
    const { facilitatorIds, overrideReason, ...fields } = input;
    await tx.update(groups).set(fields).where(eq(groups.id, groupId));
    await gateFacilitatorAssignment(tx, {
      actor: user,
      group: { id: groupId, name: fields.name, kind: fields.kind },
      previousFacilitatorIds: previousFacilitators.map((f) => f.userId),
      facilitatorIds,
      kindChanged: before.kind !== fields.kind,
      overrideReason: overrideReason ?? "",
      now,
    });
    await setFacilitatorsFree(tx, user, groupId, {
      previous: previousFacilitators.map((f) => f.userId),
      next: facilitatorIds,
      timezone: fields.timezone,
      now,
    });
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "group.update",
      subjectType: "group",
      subjectId: groupId,
      before: { ...before, facilitatorIds: previousFacilitators.map((f) => f.userId) },
      after: input,
    });
    // More seats: the waitlist moves up in this same transaction.
    if (input.capacity > before.capacity) {
      await fillFreeSeats(
        tx,
        { id: groupId, organizationId: user.organizationId, name: fields.name, capacity: input.capacity, timezone: fields.timezone },
        { now, baseUrl: options.baseUrl ?? appUrl(), actorUserId: user.id },
      );
    }
  });
}

export type SeriesInput = {
  weekdays: Weekday[];
  startTime: string;
  durationMinutes: number;
  startDate: string;
  endDate: string | null;
  count: number | null;
  skipDates: string[];
};

/**
 * Creates a weekly series in the group's zone and materialises its sessions, in one transaction.
 * Refused, creating nothing, when one of its facilitators already leads a session at the time of
 * one of its sessions (sessionLedBy), naming the first such session's group, day and time in the
 * group's zone; checked under the group's row lock and each facilitator's lock (lockLeaders), so
 * two series added at once for the same facilitator at the same time end with one.
 */
export async function createSeries(
  user: CurrentUser,
  groupId: string,
  input: SeriesInput,
  tx0?: Executor,
  /** The form's one-time token: the same form sent again adds no second series. */
  claim?: FormClaim,
  /**
   * Who will be assigned to lead it (a round's cohort; the caller assigns them after). Without it
   * the series has no assigned facilitator, so every facilitator of the group leads it.
   */
  assignedLeaderIds?: readonly string[],
): Promise<{ seriesId: string; sessions: number }> {
  const run = async (tx: Executor) => {
    if (claim) {
      const first = await claimForm<{ seriesId: string; sessions: number }>(tx, user.organizationId, claim);
      if (first) return first.outcome;
    }
    // FOR SHARE: its facilitators cannot change (updateGroup) until this series is committed;
    // another series of the group can be added meanwhile (the facilitator locks order those).
    const [group] = await tx
      .select({ id: groups.id, timezone: groups.timezone })
      .from(groups)
      .where(and(eq(groups.id, groupId), eq(groups.organizationId, user.organizationId)))
      .for("share");
    if (!group) notFound("Group not found");
    const occurrences = materialiseSeries({ ...input, timezone: group.timezone });
    if (occurrences.length === 0) {
      throw new UserInputError("No session falls on the chosen weekdays between these dates.", "weekdays");
    }
    const leaderIds = assignedLeaderIds ? [...assignedLeaderIds] : await leadersOf(tx, user.organizationId, { groupId });
    await lockLeaders(tx, user.organizationId, leaderIds);
    const clash = await firstLeaderClash(tx, user.organizationId, leaderIds, occurrences);
    if (clash) {
      throw new UserInputError(
        `${alreadyLeads(user, clash, group.timezone)}, at the same time as a session of this series. Nothing was added: choose another day or time.`,
        "startTime",
      );
    }
    const [created] = await tx
      .insert(series)
      .values({
        organizationId: user.organizationId,
        groupId,
        weekdays: input.weekdays,
        startTime: input.startTime,
        durationMinutes: input.durationMinutes,
        startDate: input.startDate,
        endDate: input.endDate,
        occurrenceCount: input.count,
        skipDates: input.skipDates,
        timezone: group.timezone,
        createdBy: user.id,
      })
      .returning({ id: series.id });
    await tx.insert(sessions).values(
      occurrences.map((o) => ({
        organizationId: user.organizationId,
        groupId,
        seriesId: created.id,
        startsAt: o.startsAt,
        endsAt: o.endsAt,
      })),
    );
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "series.create",
      subjectType: "series",
      subjectId: created.id,
      after: { ...input, timezone: group.timezone, sessions: occurrences.length },
    });
    // New sessions take the group's curriculum units in order (records/curriculum).
    await assignUnitsInOrder(tx, { organizationId: user.organizationId, groupId, actorId: user.id, now: new Date() });
    if (claim) await recordOutcome(tx, claim, { seriesId: created.id, sessions: occurrences.length });
    return { seriesId: created.id, sessions: occurrences.length };
  };
  return tx0 ? run(tx0) : db.transaction(run);
}

async function notifySessionChange(
  tx: Executor,
  input: {
    organizationId: string;
    groupId: string;
    groupName: string;
    change: "cancelled" | "moved";
    oldStart: Date;
    newStart?: Date;
    reason?: string;
    baseUrl: string;
    calendar: CalendarSession;
  },
) {
  // Enrolled participants who can see this session (their cohort), and the group's facilitators.
  const people = await tx
    .selectDistinct({ id: users.id, email: users.email, name: users.name, timezone: users.timezone, locale: users.locale, ...calendarChoiceFields(input.organizationId) })
    .from(users)
    .where(
      inArray(
        users.id,
        tx
          .select({ id: enrolments.userId })
          .from(enrolments)
          .innerJoin(sessions, eq(sessions.id, input.calendar.id))
          .where(and(eq(enrolments.groupId, input.groupId), eq(enrolments.status, "enrolled"), sessionVisibleToMember(enrolments.userId)))
          .union(tx.select({ id: groupFacilitators.userId }).from(groupFacilitators).where(eq(groupFacilitators.groupId, input.groupId))),
      ),
    );
  const now = new Date();
  for (const person of people) {
    // Discreet or named, as the person chose (by default discreet for participants): the .ics, and the subject.
    const discreet = discreetEntriesFor(person);
    const mail = sessionChangedEmail({
      name: person.name,
      groupName: input.groupName,
      change: input.change,
      when: formatInZone(input.oldStart, person.timezone, dateStyleOf(person.locale)),
      newWhen: input.newStart ? formatInZone(input.newStart, person.timezone, dateStyleOf(person.locale)) : undefined,
      reason: input.reason,
      url: `${input.baseUrl}/home`,
      locale: dateStyleOf(person.locale),
      discreet,
    });
    const attachment = await sessionChangeAttachment(tx, {
      organizationId: input.organizationId,
      session: input.calendar,
      recipient: { ...person, discreet },
      method: input.change === "cancelled" ? "CANCEL" : "REQUEST",
      now,
    });
    await enqueueEmail(tx, { ...mail, to: person.email, toUser: person.id, organizationId: input.organizationId, attachments: [attachment] });
    // And by text, to a confirmed number whose owner opted in to session changes.
    await textSessionChange(tx, {
      organizationId: input.organizationId,
      person,
      sessionId: input.calendar.id,
      change: input.change,
      oldStart: input.oldStart,
      newStart: input.newStart,
      url: `${input.baseUrl}/home`,
      now,
    });
  }
}

async function lockSession(tx: Executor, user: CurrentUser, sessionId: string) {
  const [row] = await tx
    .select({
      id: sessions.id,
      groupId: sessions.groupId,
      groupName: groups.name,
      timezone: groups.timezone,
      startsAt: sessions.startsAt,
      endsAt: sessions.endsAt,
      status: sessions.status,
      sequence: sessions.sequence,
      locationOverride: sessions.locationOverride,
      note: sessions.note,
      description: groups.description,
      groupLocation: groups.location,
      onlineUrl: groups.onlineUrl,
    })
    .from(sessions)
    .innerJoin(groups, eq(groups.id, sessions.groupId))
    .where(and(eq(sessions.id, sessionId), eq(sessions.organizationId, user.organizationId)))
    .for("update", { of: sessions });
  if (!row) notFound("Session not found");
  return row;
}

export async function cancelSession(user: CurrentUser, sessionId: string, input: { reason: string; baseUrl: string }) {
  await db.transaction(async (tx) => {
    const session = await lockSession(tx, user, sessionId);
    if (session.status === "cancelled") throw new UserInputError("This session is already cancelled.");
    if (session.status === "held") throw new UserInputError("This session was already held; it cannot be cancelled.");
    await tx
      .update(sessions)
      .set({ status: "cancelled", cancelReason: input.reason, sequence: session.sequence + 1, updatedAt: new Date() })
      .where(eq(sessions.id, sessionId));
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "session.cancel",
      subjectType: "session",
      subjectId: sessionId,
      before: { status: session.status },
      after: { status: "cancelled" },
      reason: input.reason,
    });
    // A cancelled session gives up its unit: the sessions after it take the units in order.
    await assignUnitsInOrder(tx, { organizationId: user.organizationId, groupId: session.groupId, actorId: user.id, now: new Date() });
    await notifySessionChange(tx, {
      organizationId: user.organizationId,
      groupId: session.groupId,
      groupName: session.groupName,
      change: "cancelled",
      oldStart: session.startsAt,
      reason: input.reason,
      baseUrl: input.baseUrl,
      calendar: {
        id: session.id,
        sequence: session.sequence + 1,
        startsAt: session.startsAt,
        endsAt: session.endsAt,
        timezone: session.timezone,
        title: session.groupName,
        description: session.description,
        location: session.locationOverride || session.groupLocation || session.onlineUrl,
        status: "cancelled",
      },
    });
  });
}

/** Moves one session to a new local date and time in the group's zone (RFC 5545 gap/fold rules). */
export async function moveSession(
  user: CurrentUser,
  sessionId: string,
  input: { date: string; startTime: string; durationMinutes: number; locationOverride: string; note: string; baseUrl: string },
) {
  await db.transaction(async (tx) => {
    // The group's row (FOR SHARE: its facilitators cannot change until this is committed), then
    // the session's (FOR UPDATE), then its facilitators' locks: the same order as adding a series.
    const [owner] = await tx
      .select({ groupId: sessions.groupId })
      .from(sessions)
      .where(and(eq(sessions.id, sessionId), eq(sessions.organizationId, user.organizationId)));
    if (!owner) notFound("Session not found");
    await tx
      .select({ id: groups.id })
      .from(groups)
      .where(and(eq(groups.id, owner.groupId), eq(groups.organizationId, user.organizationId)))
      .for("share");
    const session = await lockSession(tx, user, sessionId);
    if (session.status !== "scheduled") throw new UserInputError("Only a scheduled session can be moved.");
    const d = parseCivilDate(input.date)!;
    const startsAt = new Date(wallTimeToEpoch(session.timezone, d.year, d.month, d.day, parseClock(input.startTime)!));
    const endsAt = new Date(startsAt.getTime() + input.durationMinutes * 60_000);
    // Its facilitators, locked, must be free at the new time (any other session they lead).
    const leaderIds = await leadersOf(tx, user.organizationId, { sessionId });
    await lockLeaders(tx, user.organizationId, leaderIds);
    const clash = await firstLeaderClash(tx, user.organizationId, leaderIds, [{ startsAt, endsAt }], new Set([sessionId]));
    if (clash) {
      throw new UserInputError(
        `${alreadyLeads(user, clash, session.timezone)}, at the same time as this session's new time. The session was not moved: choose another time.`,
        "startTime",
      );
    }
    await tx
      .update(sessions)
      .set({
        startsAt,
        endsAt,
        locationOverride: input.locationOverride,
        note: input.note,
        sequence: session.sequence + 1,
        updatedAt: new Date(),
      })
      .where(eq(sessions.id, sessionId));
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "session.move",
      subjectType: "session",
      subjectId: sessionId,
      before: { startsAt: session.startsAt, endsAt: session.endsAt, locationOverride: session.locationOverride },
      after: { startsAt, endsAt, locationOverride: input.locationOverride },
    });
    // A session moved past another keeps the curriculum's order (units given automatically follow the dates).
    await assignUnitsInOrder(tx, { organizationId: user.organizationId, groupId: session.groupId, actorId: user.id, now: new Date() });
    if (startsAt.getTime() !== session.startsAt.getTime()) {
      await notifySessionChange(tx, {
        organizationId: user.organizationId,
        groupId: session.groupId,
        groupName: session.groupName,
        change: "moved",
        oldStart: session.startsAt,
        newStart: startsAt,
        baseUrl: input.baseUrl,
        calendar: {
          id: session.id,
          sequence: session.sequence + 1,
          startsAt,
          endsAt,
          timezone: session.timezone,
          title: session.groupName,
          description: session.description,
          location: input.locationOverride || session.groupLocation || session.onlineUrl,
          status: "scheduled",
        },
      });
    }
  });
}
