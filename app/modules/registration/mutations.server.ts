import { appUrl } from "~/config.server";
import { and, asc, desc, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import { intakeAlertEmail } from "~emails/registration-intake-alert";
import { offerLapsedEmail } from "~emails/registration-offer-lapsed";
import { registrationConfirmedEmail } from "~emails/registration-confirmed";
import { seatAvailableEmail } from "~emails/registration-seat";
import { db, type Executor } from "~/db/client.server";
import { auditEvents, enrolments, groupFacilitators, groups, memberships, sessions, users } from "~/db/schema";
import { enrolmentDetails, intakes, waitlistSettings } from "~/db/tables/registration";
import { audit } from "~/modules/audit/mutations.server";
import type { CurrentUser } from "~/modules/auth/policy";
import { emailReaches, enqueueEmail } from "~/modules/notifications/mutations.server";
import { discreetReader } from "~/modules/calendar/queries.server";
import { currentStayStart } from "~/modules/completion/queries.server";
import { textSeat } from "~/modules/notifications/sms/mutations.server";
import { dateStyleOf, formatInZone, type DateStyle } from "~/modules/time/zoned";
import { forbidden, notFound, UserInputError } from "~/modules/errors";
import { recordConsent } from "~/modules/consent/mutations.server";
import { CONSENT_KINDS, type ConsentKind } from "~/modules/consent/wording";
import { canManageWaitlist, canRegisterOnBehalf, canRegisterSelf, canViewIntake } from "./policy";
import { holdsSeat, seatTally } from "./seats.server";
import type { IntakeInput } from "./schema";
import {
  DEFAULT_OFFER_HOURS,
  offerHasLapsed,
  newcomerPosition,
  orderWaitlist,
  placeNewRegistration,
  planPromotions,
  seatsFree,
  seatsTaken,
  waitlistPosition,
  withdrawalUndo,
  type Promotion,
  type PromotionMode,
  type QueueEntry,
  type SeatHolder,
} from "./waitlist";


const ACTIVE = ["enrolled", "waitlisted", "offered"] as const;
/** Enrolment statuses set by recording an outcome (completion/mutations.server.ts recordOutcome). */
const ENDED_WITH_OUTCOME = ["completed", "discharged", "transferred"] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type LockedGroup = { id: string; organizationId: string; name: string; capacity: number; timezone: string };

/**
 * A place at the back of a group's waiting list (enrolment_details), taken now: the queue order is
 * the database clock and sequence at the moment of writing, and any earlier offer is cleared.
 */
export function queuePlaceFields(urgent: boolean, registeredBy: string, now: Date) {
  return {
    urgent,
    queuedAt: sql`clock_timestamp()`,
    queueSeq: sql`nextval(pg_get_serial_sequence('enrolment_details', 'queue_seq'))`,
    offeredAt: null,
    offerExpiresAt: null,
    offerOutcome: null,
    promotedAt: null,
    registeredBy,
    updatedAt: now,
  };
}

/**
 * Locks the group row (SELECT … FOR UPDATE) for the rest of the transaction: every change to a
 * group's seats goes through here, so registrations, withdrawals and promotions are serialised.
 */
export async function lockGroup(tx: Executor, organizationId: string, groupId: string): Promise<LockedGroup> {
  const [group] = await tx
    .select({ id: groups.id, organizationId: groups.organizationId, name: groups.name, capacity: groups.capacity, timezone: groups.timezone })
    .from(groups)
    .where(and(eq(groups.id, groupId), eq(groups.organizationId, organizationId)))
    .for("update");
  if (!group) notFound("Group not found");
  return group;
}

export async function groupFacilitatorIds(tx: Executor, groupId: string): Promise<string[]> {
  const rows = await tx.select({ id: groupFacilitators.userId }).from(groupFacilitators).where(eq(groupFacilitators.groupId, groupId));
  return rows.map((r) => r.id);
}

export async function readSettings(tx: Executor, groupId: string): Promise<{ mode: PromotionMode; offerHours: number; shareNamesWithGroup: boolean }> {
  const [row] = await tx
    .select({ mode: waitlistSettings.mode, offerHours: waitlistSettings.offerHours, shareNamesWithGroup: waitlistSettings.shareNamesWithGroup })
    .from(waitlistSettings)
    .where(eq(waitlistSettings.groupId, groupId));
  return row ?? { mode: "automatic", offerHours: DEFAULT_OFFER_HOURS, shareNamesWithGroup: false };
}

export type QueueRow = QueueEntry & {
  userId: string;
  status: "enrolled" | "waitlisted" | "offered";
  offerExpiresAt: Date | null;
  name: string;
  email: string;
  timezone: string;
  /** The person's date and time style (users.locale), for the emails they get. */
  locale: string;
};

/** Everyone holding or waiting for a seat in the group (missing details = not urgent, queued at creation). */
export async function loadQueue(tx: Executor, groupId: string): Promise<QueueRow[]> {
  const rows = await tx
    .select({
      enrolmentId: enrolments.id,
      userId: enrolments.userId,
      status: enrolments.status,
      urgent: sql<boolean>`coalesce(${enrolmentDetails.urgent}, false)`,
      queuedAt: sql<Date>`coalesce(${enrolmentDetails.queuedAt}, ${enrolments.createdAt})`.mapWith((v: string | Date) => new Date(v)),
      queueSeq: sql<number>`coalesce(${enrolmentDetails.queueSeq}, 0)`.mapWith(Number),
      offerExpiresAt: enrolmentDetails.offerExpiresAt,
      name: users.name,
      email: users.email,
      timezone: users.timezone,
      locale: users.locale,
      reachable: emailReaches(),
    })
    .from(enrolments)
    .innerJoin(users, eq(users.id, enrolments.userId))
    .leftJoin(enrolmentDetails, eq(enrolmentDetails.enrolmentId, enrolments.id))
    .where(and(eq(enrolments.groupId, groupId), inArray(enrolments.status, [...ACTIVE])));
  return rows as QueueRow[];
}

const holdersOf = (queue: QueueRow[]): SeatHolder[] =>
  queue.filter((q) => q.status !== "waitlisted").map((q) => ({ status: q.status as "enrolled" | "offered", offerExpiresAt: q.offerExpiresAt }));
const waitingOf = (queue: QueueRow[]) => queue.filter((q) => q.status === "waitlisted");

async function nextSessionText(tx: Executor, groupId: string, zone: string, style: DateStyle, now: Date): Promise<string | null> {
  const [row] = await tx
    .select({ startsAt: sessions.startsAt })
    .from(sessions)
    .where(and(eq(sessions.groupId, groupId), eq(sessions.status, "scheduled"), sql`${sessions.startsAt} >= ${now.toISOString()}::timestamptz`))
    .orderBy(asc(sessions.startsAt))
    .limit(1);
  return row ? formatInZone(row.startsAt, zone, style) : null;
}

/** Moves a waiting person to a seat (enrolled) or an offer, with the seat's details row. */
async function giveSeat(tx: Executor, group: LockedGroup, person: QueueRow, step: Promotion, now: Date) {
  await tx.update(enrolments).set({ status: step.to, updatedAt: now }).where(eq(enrolments.id, person.enrolmentId));
  const details =
    step.to === "enrolled"
      ? { promotedAt: now, offeredAt: null, offerExpiresAt: null, offerOutcome: null }
      : { offeredAt: now, offerExpiresAt: step.offerExpiresAt, offerOutcome: null };
  await tx
    .insert(enrolmentDetails)
    .values({ enrolmentId: person.enrolmentId, organizationId: group.organizationId, groupId: group.id, queuedAt: person.queuedAt, ...details, updatedAt: now })
    .onConflictDoUpdate({ target: enrolmentDetails.enrolmentId, set: { ...details, updatedAt: now } });
}

/**
 * The people waiting who may be given a free seat: everyone waiting except those whose membership
 * of the organisation has ended. Deactivation gives up a person's waiting place in its own
 * transaction, so such a place is one left from before that (the worker job
 * registration-deactivated-places gives it up) — passed over rather than seated or offered to
 * someone who can no longer sign in. Their membership is read only when a seat is free.
 */
async function promotable(tx: Executor, group: LockedGroup, queue: QueueRow[], now: Date): Promise<QueueRow[]> {
  const waiting = waitingOf(queue);
  if (waiting.length === 0 || seatsFree(group.capacity, holdersOf(queue), now) === 0) return waiting;
  const ended = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.organizationId, group.organizationId), inArray(memberships.userId, waiting.map((w) => w.userId)), isNotNull(memberships.deactivatedAt)));
  if (ended.length === 0) return waiting;
  const gone = new Set(ended.map((r) => r.userId));
  return waiting.filter((w) => !gone.has(w.userId));
}

/**
 * Fills free seats from the waitlist by the rules (urgent first, then queue time), inside the
 * caller's transaction (the group row must be locked). Each promoted person is emailed.
 */
export async function fillFreeSeats(
  tx: Executor,
  group: LockedGroup,
  options: { now: Date; baseUrl: string; actorUserId: string | null },
): Promise<{ enrolmentId: string; to: "enrolled" | "offered" }[]> {
  const queue = await loadQueue(tx, group.id);
  const settings = await readSettings(tx, group.id);
  const plan = planPromotions({
    capacity: group.capacity,
    holders: holdersOf(queue),
    waitlist: await promotable(tx, group, queue, options.now),
    mode: settings.mode,
    offerHours: settings.offerHours,
    now: options.now,
  });
  for (const step of plan) {
    const person = queue.find((q) => q.enrolmentId === step.enrolmentId)!;
    await giveSeat(tx, group, person, step, options.now);
    await audit(tx, {
      organizationId: group.organizationId,
      actorId: options.actorUserId,
      action: step.to === "enrolled" ? "enrolment.promote" : "enrolment.offer",
      subjectType: "enrolment",
      subjectId: step.enrolmentId,
      before: { status: "waitlisted" },
      after: step.to === "enrolled" ? { status: "enrolled" } : { status: "offered", offerExpiresAt: step.offerExpiresAt },
    });
    const mail = seatAvailableEmail({
      name: person.name,
      groupName: group.name,
      kind: step.to,
      deadline: step.to === "offered" ? formatInZone(step.offerExpiresAt, person.timezone, dateStyleOf(person.locale)) : null,
      url: `${options.baseUrl}/my/groups`,
      locale: dateStyleOf(person.locale),
      discreet: await discreetReader(tx, group.organizationId, person.userId),
    });
    await enqueueEmail(tx, {
      ...mail,
      to: person.email,
      organizationId: group.organizationId,
      dedupeKey: `seat:${step.enrolmentId}:${person.queueSeq}:${step.to}:${options.now.getTime()}`,
      // Checked again when it goes: only while this offer is open, or the seat still held.
      seat: { userId: person.userId, enrolmentId: step.enrolmentId, offerExpiresAt: step.to === "offered" ? step.offerExpiresAt : null },
    });
    // And by text, to a confirmed number whose owner opted in to waiting-list offers.
    await textSeat(tx, {
      organizationId: group.organizationId,
      person: { id: person.userId, timezone: person.timezone, locale: person.locale },
      enrolmentId: step.enrolmentId,
      to: step.to,
      offerExpiresAt: step.to === "offered" ? step.offerExpiresAt : null,
      url: `${options.baseUrl}/my/groups`,
      dedupeKey: `seat:${step.enrolmentId}:${person.queueSeq}:${step.to}:${options.now.getTime()}`,
      now: options.now,
    });
  }
  return plan.map((p) => ({ enrolmentId: p.enrolmentId, to: p.to }));
}

async function resolveParticipant(tx: Executor, actor: CurrentUser, group: LockedGroup, participantId: string) {
  if (canRegisterSelf(actor)) return { id: actor.id, name: actor.name, email: actor.email, timezone: actor.timezone, locale: actor.locale };
  if (!canRegisterOnBehalf(actor, { organizationId: group.organizationId, facilitatorIds: await groupFacilitatorIds(tx, group.id) })) {
    forbidden("Only the organisation's managers and this group's facilitators can register someone.");
  }
  if (!participantId) throw new UserInputError("Choose the participant you are registering.", "participantId");
  const [person] = await tx
    .select({ id: users.id, name: users.name, email: users.email, timezone: users.timezone, locale: users.locale })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    // A current member only: someone whose membership here ended is not registered (nor emailed) again.
    .where(
      and(
        eq(memberships.organizationId, actor.organizationId),
        eq(memberships.userId, participantId),
        eq(memberships.role, "participant"),
        isNull(memberships.deactivatedAt),
      ),
    );
  if (!person) throw new UserInputError("Choose a participant of your organisation.", "participantId");
  return person;
}

async function alertStaff(
  tx: Executor,
  input: { group: LockedGroup; intakeId: string; enrolmentId: string; crisis: boolean; baseUrl: string; queueSeq: number },
) {
  const managers = await tx
    .select({ id: users.id, name: users.name, email: users.email, locale: users.locale, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, input.group.organizationId), inArray(memberships.role, ["manager", "admin"]), isNull(memberships.deactivatedAt)));
  // The group's managers are the organisation's managers (admins stand in when there is none).
  const chosen = managers.some((m) => m.role === "manager") ? managers.filter((m) => m.role === "manager") : managers;
  const facilitators = await tx
    .select({ id: users.id, name: users.name, email: users.email, locale: users.locale })
    .from(groupFacilitators)
    .innerJoin(users, eq(users.id, groupFacilitators.userId))
    // A deactivated facilitator no longer receives health-related alerts.
    .innerJoin(memberships, and(eq(memberships.userId, groupFacilitators.userId), eq(memberships.organizationId, input.group.organizationId), isNull(memberships.deactivatedAt)))
    .where(eq(groupFacilitators.groupId, input.group.id));
  const recipients = new Map([...chosen, ...facilitators].map((p) => [p.id, p]));
  for (const person of recipients.values()) {
    const mail = intakeAlertEmail({
      staffName: person.name,
      groupName: input.group.name,
      crisis: input.crisis,
      url: `${input.baseUrl}/intake/${input.enrolmentId}`,
      locale: dateStyleOf(person.locale),
      discreet: await discreetReader(tx, input.group.organizationId, person.id),
    });
    await enqueueEmail(tx, {
      ...mail,
      to: person.email,
      toUser: person.id,
      organizationId: input.group.organizationId,
      dedupeKey: `intake-alert:${input.intakeId}:${input.queueSeq}:${person.id}`,
    });
  }
}

/**
 * The consents of a registration. A participant answers for themselves. Staff never answer for
 * them: by default every consent is "pending" until the participant answers at their next
 * sign-in; or staff attest that they read each statement aloud and record the spoken answers
 * (source staff_verbal, with the staff member's id, audited).
 */
async function recordIntakeConsents(
  tx: Executor,
  input: { actor: CurrentUser; person: { id: string }; group: LockedGroup; input: IntakeInput; now: Date },
) {
  const self = input.actor.id === input.person.id;
  const mode = self ? "self" : (input.input.consentMode ?? "pending");
  if (mode === "self" && !input.input.consentParticipation) {
    throw new UserInputError("You need to agree to take part in the group to register.", "consentParticipation");
  }
  const answers: Record<ConsentKind, boolean> = {
    participation: input.input.consentParticipation,
    facilitator_contact: input.input.consentRosterSharing,
    classmates: input.input.consentClassmates ?? false,
  };
  for (const kind of CONSENT_KINDS) {
    await recordConsent(tx, {
      organizationId: input.group.organizationId,
      userId: input.person.id,
      groupId: input.group.id,
      kind,
      status: mode === "pending" ? "pending" : answers[kind] ? "given" : "refused",
      source: mode === "self" ? "self" : mode === "verbal" ? "staff_verbal" : "staff_pending",
      recordedBy: input.actor.id,
      now: input.now,
      // The statements were shown (or read out) in the registering person's language.
      locale: dateStyleOf(input.actor.locale),
    });
  }
}

export type RegistrationResult = {
  enrolmentId: string;
  status: "enrolled" | "waitlisted" | "offered";
  position: number | null;
  crisis: boolean;
  duplicate: boolean;
};

/**
 * Registers a participant (themselves, or by staff on their behalf) with their intake answers.
 * One transaction holding the group row lock: a full group puts them on the waitlist; a repeated
 * submission finds the existing enrolment and changes nothing (the unique (group, user) index
 * backs this up).
 */
export async function registerForGroup(
  actor: CurrentUser,
  groupId: string,
  input: IntakeInput,
  options: {
    baseUrl: string;
    now?: Date;
    /** More answers given with the intake (the optional demographics section), written in this transaction. */
    alsoRecord?: (tx: Executor, person: { id: string; organizationId: string }) => Promise<unknown>;
  },
): Promise<RegistrationResult> {
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    // The person's membership first (FOR SHARE), then the group: a deactivation at the same
    // moment either waits and then withdraws this place, or goes first and this is refused.
    if (canRegisterSelf(actor)) {
      if (!(await lockActiveMembership(tx, actor.organizationId, actor.id))) forbidden("Your membership of this organisation has ended.");
    } else if (UUID.test(input.participantId)) {
      // Not active or not theirs: resolveParticipant refuses it below, after the permission check.
      await lockActiveMembership(tx, actor.organizationId, input.participantId);
    }
    const group = await lockGroup(tx, actor.organizationId, groupId);
    const person = await resolveParticipant(tx, actor, group, input.participantId);
    // One aggregate read of the (locked) group's seats (seatTally: what every seat count counts)
    // and this person's row: the lock is held until commit, so the work inside it is kept to a few
    // statements.
    const [snap] = await tx
      .select({
        ...seatTally(now),
        existingId: sql<string | null>`(array_agg(${enrolments.id}::text) filter (where ${enrolments.userId} = ${person.id}))[1]`,
        existingStatus: sql<string | null>`(array_agg(${enrolments.status}::text) filter (where ${enrolments.userId} = ${person.id}))[1]`,
      })
      .from(enrolments)
      .leftJoin(enrolmentDetails, eq(enrolmentDetails.enrolmentId, enrolments.id))
      .where(and(eq(enrolments.groupId, group.id), sql`(${enrolments.status} in ('enrolled', 'offered', 'waitlisted') or ${enrolments.userId} = ${person.id})`));
    const existing = snap.existingId ? { id: snap.existingId, status: snap.existingStatus as (typeof enrolments.$inferSelect)["status"] } : null;
    if (existing && (ACTIVE as readonly string[]).includes(existing.status)) {
      const queue = await loadQueue(tx, group.id);
      return {
        enrolmentId: existing.id,
        status: existing.status as RegistrationResult["status"],
        position: existing.status === "waitlisted" ? waitlistPosition(waitingOf(queue), existing.id) : null,
        crisis: input.crisis,
        duplicate: true,
      };
    }
    if (existing?.status === "removed") {
      throw new UserInputError("Staff removed this registration earlier. Please contact the organisation to rejoin this group.");
    }
    // An enrolment that ended with a recorded outcome (completed, discharged, transferred) is a
    // finished record: its discharge summary, certificate and letters stand on it, and it can
    // hold one current outcome. Putting the same row back to "enrolled" mixed the new stay's
    // attendance with the old one's and made recording its end fail (a second current outcome).
    if (existing && (ENDED_WITH_OUTCOME as readonly string[]).includes(existing.status)) {
      throw new UserInputError(
        "This registration ended with a recorded outcome, which stays on record. Please contact the organisation to take this group again: staff undo the outcome if it was recorded by mistake.",
      );
    }
    const freeBefore = Math.max(0, group.capacity - snap.taken);
    const status = placeNewRegistration({ capacity: group.capacity, taken: snap.taken, waiting: snap.waiting });
    let enrolmentId: string;
    if (existing) {
      enrolmentId = existing.id;
      // Registering again after leaving (withdrawn, an offer declined) begins a new stay on the same
      // row: its letters, certificate and "N of M" count from now (currentStayStart), not from the
      // first registration. Interest turned into a registration is still the first stay.
      const newStay = existing.status === "withdrawn" || existing.status === "declined";
      // The stay that ends here joins the row's earlier stays: from its start (currentStayStart) to
      // the withdrawal (the row's last change before this one, as the withdrawal's undo reads it:
      // SET reads the row as it was). After a declined offer there was no stay to add. Goal
      // figures read them (metrics goalStay).
      const earlierStays =
        existing.status === "withdrawn"
          ? // least(): a withdrawal stamped before its stay's start (clocks of two servers apart) is an instant, not an error that would block every later registration.
            sql`coalesce(${enrolments.earlierStays}, '{}'::tstzmultirange) + tstzmultirange(tstzrange(least(${currentStayStart}, ${enrolments.updatedAt}), ${enrolments.updatedAt}, '[]'))`
          : undefined;
      await tx
        .update(enrolments)
        .set({ status, updatedAt: now, ...(newStay ? { restartedAt: now, ...(earlierStays ? { earlierStays } : {}) } : {}) })
        .where(eq(enrolments.id, existing.id));
    } else {
      const inserted = await tx
        .insert(enrolments)
        .values({ organizationId: group.organizationId, groupId: group.id, userId: person.id, status, createdAt: now, updatedAt: now })
        .onConflictDoNothing({ target: [enrolments.groupId, enrolments.userId] })
        .returning({ id: enrolments.id });
      if (!inserted[0]) throw new Error("enrolment appeared while the group was locked");
      enrolmentId = inserted[0].id;
    }
    const queueFields = queuePlaceFields(input.urgent, actor.id, now);
    const [details] = await tx
      .insert(enrolmentDetails)
      .values({ enrolmentId, organizationId: group.organizationId, groupId: group.id, ...queueFields })
      .onConflictDoUpdate({ target: enrolmentDetails.enrolmentId, set: queueFields })
      .returning({ queueSeq: enrolmentDetails.queueSeq });
    const answers = {
      needAreas: input.needAreas,
      otherNeed: input.otherNeed,
      urgent: input.urgent,
      crisis: input.crisis,
      urgentNote: input.urgentNote,
      preferredContact: input.preferredContact,
      phone: input.phone,
      language: input.language,
      accessibilityNeeds: input.accessibilityNeeds,
      consentParticipation: input.consentParticipation,
      consentRosterSharing: input.consentRosterSharing,
      submittedBy: actor.id,
      reviewedAt: null,
      reviewedBy: null,
      createdAt: now,
    };
    const [intake] = await tx
      .insert(intakes)
      .values({ organizationId: group.organizationId, enrolmentId, groupId: group.id, userId: person.id, ...answers })
      .onConflictDoUpdate({ target: intakes.enrolmentId, set: answers })
      .returning({ id: intakes.id });
    await recordIntakeConsents(tx, { actor, person, group, input, now });
    await options.alsoRecord?.(tx, { id: person.id, organizationId: group.organizationId });
    await audit(tx, {
      organizationId: group.organizationId,
      actorId: actor.id,
      action: "enrolment.register",
      subjectType: "enrolment",
      subjectId: enrolmentId,
      before: existing ? { status: existing.status } : null,
      after: { status, urgent: input.urgent, onBehalf: actor.id !== person.id, consent: actor.id === person.id ? "self" : (input.consentMode ?? "pending") },
    });
    // Normally a full group has nobody to promote; only when seats are free beside a waiting
    // list (a capacity raised elsewhere) does the queue need filling before we answer.
    let mine: { status: RegistrationResult["status"]; position: number | null };
    if (freeBefore > (status === "enrolled" ? 1 : 0)) {
      await fillFreeSeats(tx, group, { now, baseUrl: options.baseUrl, actorUserId: actor.id });
      const after = await loadQueue(tx, group.id);
      const row = after.find((q) => q.enrolmentId === enrolmentId)!;
      mine = { status: row.status, position: row.status === "waitlisted" ? waitlistPosition(waitingOf(after), enrolmentId) : null };
    } else {
      // The newcomer joined the queue last (queued after taking the lock).
      mine = { status, position: status === "waitlisted" ? newcomerPosition({ urgent: input.urgent, waiting: snap.waiting, urgentWaiting: snap.urgentWaiting }) : null };
    }
    const position = mine.position;
    if (mine.status === status) {
      const mail = registrationConfirmedEmail({
        name: person.name,
        groupName: group.name,
        status,
        position,
        nextSession: status === "enrolled" ? await nextSessionText(tx, group.id, person.timezone, dateStyleOf(person.locale), now) : null,
        url: `${options.baseUrl}/my/groups`,
        locale: dateStyleOf(person.locale),
        discreet: await discreetReader(tx, group.organizationId, person.id),
      });
      await enqueueEmail(tx, { ...mail, to: person.email, toUser: person.id, organizationId: group.organizationId, dedupeKey: `registered:${enrolmentId}:${details.queueSeq}` });
    }
    if (input.urgent || input.crisis) {
      await alertStaff(tx, { group, intakeId: intake.id, enrolmentId, crisis: input.crisis, baseUrl: options.baseUrl, queueSeq: details.queueSeq });
    }
    return { enrolmentId, status: mine.status, position, crisis: input.crisis, duplicate: false };
  });
}

/** The participant's own enrolment with its group locked, or 404. */
async function lockOwnEnrolment(tx: Executor, user: CurrentUser, enrolmentId: string) {
  const [row] = await tx
    .select({ groupId: enrolments.groupId })
    .from(enrolments)
    .where(and(eq(enrolments.id, enrolmentId), eq(enrolments.organizationId, user.organizationId), eq(enrolments.userId, user.id)));
  if (!row) notFound("Registration not found");
  const group = await lockGroup(tx, user.organizationId, row.groupId);
  const [current] = await tx
    .select({ id: enrolments.id, status: enrolments.status, offerExpiresAt: enrolmentDetails.offerExpiresAt })
    .from(enrolments)
    .leftJoin(enrolmentDetails, eq(enrolmentDetails.enrolmentId, enrolments.id))
    .where(eq(enrolments.id, enrolmentId));
  return { group, enrolment: current };
}

async function setOfferOutcome(tx: Executor, group: LockedGroup, enrolmentId: string, outcome: "accepted" | "declined" | "lapsed", now: Date) {
  await tx
    .insert(enrolmentDetails)
    .values({ enrolmentId, organizationId: group.organizationId, groupId: group.id, offerOutcome: outcome, updatedAt: now })
    .onConflictDoUpdate({ target: enrolmentDetails.enrolmentId, set: { offerOutcome: outcome, updatedAt: now } });
}

/**
 * The one withdrawal: an open place (enrolled, offered or waiting) becomes "withdrawn", an open
 * offer is recorded as declined, the change is audited, and a seat it freed goes to the next
 * person waiting (with the usual email and text). The caller holds the group's lock.
 */
async function withdrawLocked(
  tx: Executor,
  group: LockedGroup,
  enrolment: { id: string; status: string },
  options: { actorUserId: string | null; reason?: string; now: Date; baseUrl: string },
) {
  await tx.update(enrolments).set({ status: "withdrawn", updatedAt: options.now }).where(eq(enrolments.id, enrolment.id));
  if (enrolment.status === "offered") await setOfferOutcome(tx, group, enrolment.id, "declined", options.now);
  await audit(tx, {
    organizationId: group.organizationId,
    actorId: options.actorUserId,
    action: "enrolment.withdraw",
    subjectType: "enrolment",
    subjectId: enrolment.id,
    before: { status: enrolment.status },
    after: { status: "withdrawn" },
    reason: options.reason,
  });
  return fillFreeSeats(tx, group, { now: options.now, baseUrl: options.baseUrl, actorUserId: options.actorUserId });
}

/** Withdraws the participant; a seat they held goes to the next eligible person in the same transaction. */
export async function withdrawEnrolment(user: CurrentUser, enrolmentId: string, options: { baseUrl: string; now?: Date }) {
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    const { group, enrolment } = await lockOwnEnrolment(tx, user, enrolmentId);
    if (!(ACTIVE as readonly string[]).includes(enrolment.status)) throw new UserInputError("You are not registered in this group any more.");
    return withdrawLocked(tx, group, enrolment, { actorUserId: user.id, now, baseUrl: options.baseUrl });
  });
}

/** The audit reason of places given up because the person's membership was deactivated. */
export const DEACTIVATION_REASON = "account deactivated";

export type PlaceGivenUp = { enrolmentId: string; groupId: string; groupName: string; status: "enrolled" | "offered" | "waitlisted" };

/**
 * Gives up every open place (enrolled, offered, waiting) a person holds in an organisation whose
 * membership there is being (or was) deactivated, by the same withdrawal a participant makes:
 * each audited with the reason "account deactivated", each freed seat going to the next person
 * waiting. The caller's transaction holds the membership row FOR UPDATE, so no registration or
 * undone withdrawal of this person (which take it FOR SHARE first) can add a place meanwhile. The
 * groups are locked in id order, so two of these never wait on each other in a circle; each
 * enrolment is read again under its group's lock (an offer accepted a moment before is a seat).
 * Past attendance, notes and figures are untouched.
 */
export async function withdrawPlacesOfDeactivated(
  tx: Executor,
  input: { organizationId: string; userId: string; actorUserId: string | null; now: Date; baseUrl: string },
): Promise<PlaceGivenUp[]> {
  const open = await tx
    .select({ groupId: enrolments.groupId })
    .from(enrolments)
    .where(and(eq(enrolments.organizationId, input.organizationId), eq(enrolments.userId, input.userId), inArray(enrolments.status, [...ACTIVE])));
  const groupIds = [...new Set(open.map((r) => r.groupId))].sort();
  const given: PlaceGivenUp[] = [];
  for (const groupId of groupIds) {
    const group = await lockGroup(tx, input.organizationId, groupId);
    const [enrolment] = await tx
      .select({ id: enrolments.id, status: enrolments.status })
      .from(enrolments)
      .where(and(eq(enrolments.groupId, group.id), eq(enrolments.userId, input.userId), inArray(enrolments.status, [...ACTIVE])));
    if (!enrolment) continue;
    await withdrawLocked(tx, group, enrolment, { actorUserId: input.actorUserId, reason: DEACTIVATION_REASON, now: input.now, baseUrl: input.baseUrl });
    given.push({ enrolmentId: enrolment.id, groupId: group.id, groupName: group.name, status: enrolment.status as PlaceGivenUp["status"] });
  }
  return given;
}

/**
 * Takes the person's membership of the organisation FOR SHARE, before any group lock, and says
 * whether it is active. Registering, taking a withdrawal back and undoing a recorded outcome
 * (completion) do this first: a deactivation
 * (which takes the row FOR UPDATE, then the groups) either waits for them and then withdraws the
 * place they made, or goes first and they see the membership ended. Same order everywhere
 * (membership, then groups), so they never deadlock.
 */
export async function lockActiveMembership(tx: Executor, organizationId: string, userId: string): Promise<boolean> {
  const rows = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId), isNull(memberships.deactivatedAt)))
    .for("share");
  return rows.length > 0;
}

/**
 * lockActiveMembership for several people at once (a scheduling round's invitees, any of whom its
 * publication may seat or put on the waiting list): their memberships FOR SHARE, in user id order,
 * before any group lock. Whether each is active is read afterwards by the caller's own queries.
 */
export async function lockMemberships(tx: Executor, organizationId: string, userIds: readonly string[]): Promise<void> {
  if (userIds.length === 0) return;
  await tx
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), inArray(memberships.userId, [...userIds])))
    .orderBy(asc(memberships.userId))
    .for("share");
}

/**
 * Periodic job step: places still held by people whose membership was deactivated (before
 * deactivation gave them up, or by any path that slipped past it) are given up now, as
 * deactivation does, with no actor (the system) and the reason "account deactivated"; freed seats
 * go to the next person waiting. Each person in their own transaction under their membership's
 * lock; safe on several instances (a second runner finds the places already withdrawn).
 */
export async function withdrawPlacesOfDeactivatedMembers(now: Date, baseUrl: string = appUrl()) {
  const leavers = await db.execute<{ org: string; user: string }>(sql`
    select m.organization_id as org, m.user_id as "user" from memberships m
    where m.deactivated_at is not null
      and exists (select 1 from enrolments e where e.user_id = m.user_id and e.organization_id = m.organization_id
        and e.status in ('enrolled', 'offered', 'waitlisted'))
    order by m.organization_id, m.user_id
  `);
  let withdrawn = 0;
  for (const leaver of leavers) {
    withdrawn += await db.transaction(async (tx) => {
      const [still] = await tx
        .select({ id: memberships.id })
        .from(memberships)
        .where(and(eq(memberships.organizationId, leaver.org), eq(memberships.userId, leaver.user), isNotNull(memberships.deactivatedAt)))
        .for("update");
      if (!still) return 0;
      return (await withdrawPlacesOfDeactivated(tx, { organizationId: leaver.org, userId: leaver.user, actorUserId: null, now, baseUrl })).length;
    });
  }
  return withdrawn;
}

/** The participant's own enrolment and its group (no lock), or 404. */
async function ownEnrolment(exec: Executor, user: CurrentUser, enrolmentId: string) {
  const [row] = await exec
    .select({ id: enrolments.id, status: enrolments.status, updatedAt: enrolments.updatedAt, groupId: groups.id, groupName: groups.name, capacity: groups.capacity })
    .from(enrolments)
    .innerJoin(groups, eq(groups.id, enrolments.groupId))
    .where(and(eq(enrolments.id, enrolmentId), eq(enrolments.organizationId, user.organizationId), eq(enrolments.userId, user.id), eq(groups.organizationId, user.organizationId)));
  if (!row) notFound("Registration not found");
  return row;
}

/**
 * What withdrawing would do, for the confirmation: whether they hold a seat or a place in line,
 * and how many people are waiting (the first of them gets the seat at once).
 */
export async function withdrawalPreview(user: CurrentUser, enrolmentId: string) {
  const mine = await ownEnrolment(db, user, enrolmentId);
  if (!(ACTIVE as readonly string[]).includes(mine.status)) return null;
  const queue = await loadQueue(db, mine.groupId);
  const settings = await readSettings(db, mine.groupId);
  return { enrolmentId, groupName: mine.groupName, status: mine.status, waiting: waitingOf(queue).length, byOffer: settings.mode === "offer" };
}

async function undoState(exec: Executor, user: CurrentUser, enrolmentId: string, now: Date) {
  const mine = await ownEnrolment(exec, user, enrolmentId);
  if (mine.status !== "withdrawn") return { mine, undo: { ok: false as const, why: "You are not withdrawn from this group." } };
  const [event] = await exec
    .select({ before: auditEvents.before })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.organizationId, user.organizationId),
        eq(auditEvents.action, "enrolment.withdraw"),
        eq(auditEvents.subjectId, enrolmentId),
        eq(auditEvents.actorUserId, user.id),
      ),
    )
    .orderBy(desc(auditEvents.id))
    .limit(1);
  const queue = await loadQueue(exec, mine.groupId);
  const undo = withdrawalUndo({
    before: (event?.before as { status?: string } | null)?.status ?? null,
    withdrawnAt: mine.updatedAt,
    now,
    capacity: mine.capacity,
    holders: holdersOf(queue),
    waiting: waitingOf(queue).length,
  });
  return { mine, undo };
}

/** Whether the participant's recent withdrawal can still be taken back (shown with an Undo button). */
export async function withdrawalUndoState(user: CurrentUser, enrolmentId: string, now: Date) {
  const { mine, undo } = await undoState(db, user, enrolmentId, now);
  return { enrolmentId, groupName: mine.groupName, ...undo };
}

/**
 * Takes a withdrawal back within the undo window: the seat again while it is still free (nobody
 * waiting took it), or the old place in line. Under the group lock, so it cannot take a seat that
 * a parallel registration or promotion just filled.
 */
export async function undoWithdrawal(user: CurrentUser, enrolmentId: string, options: { baseUrl: string; now?: Date }) {
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    // A deactivated person does not take a place back (see lockActiveMembership).
    if (!(await lockActiveMembership(tx, user.organizationId, user.id))) forbidden("Your membership of this organisation has ended.");
    const { group } = await lockOwnEnrolment(tx, user, enrolmentId);
    const { undo } = await undoState(tx, user, enrolmentId, now);
    if (!undo.ok) throw new UserInputError(undo.why);
    await tx.update(enrolments).set({ status: undo.to, updatedAt: now }).where(eq(enrolments.id, enrolmentId));
    await audit(tx, {
      organizationId: group.organizationId,
      actorId: user.id,
      action: "enrolment.undo_withdraw",
      subjectType: "enrolment",
      subjectId: enrolmentId,
      before: { status: "withdrawn" },
      after: { status: undo.to },
    });
    await fillFreeSeats(tx, group, { now, baseUrl: options.baseUrl, actorUserId: user.id });
    return { status: undo.to };
  });
}

export async function acceptOffer(user: CurrentUser, enrolmentId: string, options: { now?: Date } = {}) {
  const now = options.now ?? new Date();
  await db.transaction(async (tx) => {
    const { group, enrolment } = await lockOwnEnrolment(tx, user, enrolmentId);
    if (enrolment.status !== "offered") throw new UserInputError("There is no open offer for this group.");
    if (offerHasLapsed(enrolment.offerExpiresAt, now)) {
      throw new UserInputError("This offer has lapsed and the seat is passing to the next person. You can register again to rejoin the waitlist.");
    }
    await tx.update(enrolments).set({ status: "enrolled", updatedAt: now }).where(eq(enrolments.id, enrolmentId));
    await tx
      .update(enrolmentDetails)
      .set({ offerOutcome: "accepted", promotedAt: now, updatedAt: now })
      .where(eq(enrolmentDetails.enrolmentId, enrolmentId));
    await audit(tx, {
      organizationId: group.organizationId,
      actorId: user.id,
      action: "enrolment.accept_offer",
      subjectType: "enrolment",
      subjectId: enrolmentId,
      before: { status: "offered" },
      after: { status: "enrolled" },
    });
  });
}

export async function declineOffer(user: CurrentUser, enrolmentId: string, options: { baseUrl: string; now?: Date }) {
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    const { group, enrolment } = await lockOwnEnrolment(tx, user, enrolmentId);
    if (enrolment.status !== "offered") throw new UserInputError("There is no open offer for this group.");
    await tx.update(enrolments).set({ status: "declined", updatedAt: now }).where(eq(enrolments.id, enrolmentId));
    await setOfferOutcome(tx, group, enrolmentId, "declined", now);
    await audit(tx, {
      organizationId: group.organizationId,
      actorId: user.id,
      action: "enrolment.decline_offer",
      subjectType: "enrolment",
      subjectId: enrolmentId,
      before: { status: "offered" },
      after: { status: "declined" },
    });
    return fillFreeSeats(tx, group, { now, baseUrl: options.baseUrl, actorUserId: user.id });
  });
}

async function lockManagedGroup(tx: Executor, user: CurrentUser, groupId: string) {
  const group = await lockGroup(tx, user.organizationId, groupId);
  if (!canManageWaitlist(user, { organizationId: group.organizationId, facilitatorIds: [] })) forbidden();
  return group;
}

/** Staff remove a participant (enrolled, offered or waiting); a freed seat is refilled at once. */
export async function removeFromGroup(user: CurrentUser, groupId: string, input: { enrolmentId: string; reason: string }, options: { baseUrl: string; now?: Date }) {
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    const group = await lockManagedGroup(tx, user, groupId);
    const [enrolment] = await tx
      .select({ id: enrolments.id, status: enrolments.status })
      .from(enrolments)
      .where(and(eq(enrolments.id, input.enrolmentId), eq(enrolments.groupId, group.id), eq(enrolments.organizationId, user.organizationId)));
    if (!enrolment || !(ACTIVE as readonly string[]).includes(enrolment.status)) {
      throw new UserInputError("This person is not registered in the group.", "enrolmentId");
    }
    await tx.update(enrolments).set({ status: "removed", updatedAt: now }).where(eq(enrolments.id, enrolment.id));
    await audit(tx, {
      organizationId: group.organizationId,
      actorId: user.id,
      action: "enrolment.remove",
      subjectType: "enrolment",
      subjectId: enrolment.id,
      before: { status: enrolment.status },
      after: { status: "removed" },
      reason: input.reason,
    });
    return fillFreeSeats(tx, group, { now, baseUrl: options.baseUrl, actorUserId: user.id });
  });
}

export const MAX_GROUP_CAPACITY = 500;

async function setCapacity(tx: Executor, user: CurrentUser, group: LockedGroup, capacity: number, reason?: string) {
  await tx.update(groups).set({ capacity }).where(eq(groups.id, group.id));
  await audit(tx, {
    organizationId: group.organizationId,
    actorId: user.id,
    action: "group.capacity",
    subjectType: "group",
    subjectId: group.id,
    before: { capacity: group.capacity },
    after: { capacity },
    reason,
  });
}

/**
 * A manager seats one waiting person out of turn (an urgent situation the queue cannot wait for).
 * The group gets one more seat for them, so nobody ahead in the queue loses a place; both the
 * extra seat and the out-of-turn enrolment are audited with the reason, and the person is emailed.
 */
export async function seatOutOfTurn(
  user: CurrentUser,
  groupId: string,
  input: { enrolmentId: string; seatReason: string },
  options: { baseUrl: string; now?: Date },
) {
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    // The person's membership first (FOR SHARE), then the group, as registering does: someone
    // deactivated is not seated, and a deactivation at the same moment gives up the seat after.
    const [subject] = UUID.test(input.enrolmentId)
      ? await tx
          .select({ userId: enrolments.userId })
          .from(enrolments)
          .where(and(eq(enrolments.id, input.enrolmentId), eq(enrolments.groupId, groupId), eq(enrolments.organizationId, user.organizationId)))
      : [];
    const memberActive = subject ? await lockActiveMembership(tx, user.organizationId, subject.userId) : false;
    const group = await lockManagedGroup(tx, user, groupId);
    const queue = await loadQueue(tx, group.id);
    const person = queue.find((q) => q.enrolmentId === input.enrolmentId);
    if (!person) throw new UserInputError("This person is not registered in the group.", "enrolmentId");
    if (!memberActive) throw new UserInputError(`${person.name}'s membership of this organisation has ended, so they cannot be given a seat.`, "enrolmentId");
    if (person.status === "enrolled") throw new UserInputError(`${person.name} already has a seat.`, "enrolmentId");
    if (person.status === "offered") throw new UserInputError(`${person.name} already has a seat offered; they can accept it from My groups.`, "enrolmentId");
    if (group.capacity >= MAX_GROUP_CAPACITY) throw new UserInputError(`The group already has the most seats allowed (${MAX_GROUP_CAPACITY}).`, "enrolmentId");
    const ahead = orderWaitlist(waitingOf(queue)).findIndex((q) => q.enrolmentId === person.enrolmentId);
    const capacity = group.capacity + 1;
    await setCapacity(tx, user, group, capacity, `Extra seat for a participant seated out of turn: ${input.seatReason}`);
    await giveSeat(tx, group, person, { enrolmentId: person.enrolmentId, to: "enrolled" }, now);
    await audit(tx, {
      organizationId: group.organizationId,
      actorId: user.id,
      action: "enrolment.seat_out_of_turn",
      subjectType: "enrolment",
      subjectId: person.enrolmentId,
      before: { status: "waitlisted", position: ahead + 1 },
      after: { status: "enrolled", capacity },
      reason: input.seatReason,
    });
    const mail = seatAvailableEmail({
      name: person.name,
      groupName: group.name,
      kind: "enrolled",
      deadline: null,
      url: `${options.baseUrl}/my/groups`,
      locale: dateStyleOf(person.locale),
      discreet: await discreetReader(tx, group.organizationId, person.userId),
    });
    await enqueueEmail(tx, {
      ...mail,
      to: person.email,
      organizationId: group.organizationId,
      dedupeKey: `seat:${person.enrolmentId}:${person.queueSeq}:out-of-turn:${now.getTime()}`,
      seat: { userId: person.userId, enrolmentId: person.enrolmentId, offerExpiresAt: null },
    });
    // Any seat that was already free (a lapsed offer) still goes to the queue in order.
    const promoted = await fillFreeSeats(tx, { ...group, capacity }, { now, baseUrl: options.baseUrl, actorUserId: user.id });
    return [{ enrolmentId: person.enrolmentId, to: "enrolled" as const }, ...promoted];
  });
}

/** Changes the number of seats; raising it promotes waiting people in the same transaction. */
export async function changeCapacity(
  user: CurrentUser,
  groupId: string,
  capacity: number,
  options: { baseUrl: string; now?: Date; /** The seats the manager's page showed: refused if someone changed them since. */ shownCapacity?: number },
) {
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    const group = await lockManagedGroup(tx, user, groupId);
    // Two managers who both saw 5 seats and both typed 6 meant one more seat each; a seat added
    // out of turn meanwhile is not silently taken back. The second is told, and changes nothing.
    if (options.shownCapacity !== undefined && options.shownCapacity !== group.capacity) {
      throw new UserInputError(`The group's seats were changed to ${group.capacity} while this page was open. Check the numbers and send again.`, "capacity");
    }
    const queue = await loadQueue(tx, group.id);
    const enrolled = queue.filter((q) => q.status === "enrolled").length;
    if (capacity < enrolled) {
      throw new UserInputError(`${enrolled === 1 ? "1 person is" : `${enrolled} people are`} enrolled. Remove people first, or choose at least ${enrolled} seats.`, "capacity");
    }
    // An open offer holds its seat until it is answered or lapses: accepting it must still fit.
    const held = seatsTaken(holdersOf(queue), now);
    if (capacity < held) {
      throw new UserInputError(`${held === 1 ? "1 seat is" : `${held} seats are`} taken or offered. Remove people first, or choose at least ${held} seats.`, "capacity");
    }
    await setCapacity(tx, user, group, capacity);
    return fillFreeSeats(tx, { ...group, capacity }, { now, baseUrl: options.baseUrl, actorUserId: user.id });
  });
}

export async function updateWaitlistSettings(
  user: CurrentUser,
  groupId: string,
  input: { mode: PromotionMode; offerHours: number; shareNamesWithGroup: boolean },
  options: { baseUrl: string; now?: Date },
) {
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    const group = await lockManagedGroup(tx, user, groupId);
    const before = await readSettings(tx, group.id);
    await tx
      .insert(waitlistSettings)
      .values({ groupId: group.id, organizationId: group.organizationId, ...input, updatedAt: now })
      .onConflictDoUpdate({ target: waitlistSettings.groupId, set: { ...input, updatedAt: now } });
    await audit(tx, {
      organizationId: group.organizationId,
      actorId: user.id,
      action: "waitlist.settings",
      subjectType: "group",
      subjectId: group.id,
      before,
      after: input,
    });
    return fillFreeSeats(tx, group, { now, baseUrl: options.baseUrl, actorUserId: user.id });
  });
}

/** Marks an intake reviewed (clears its alert badge). */
export async function markIntakeReviewed(user: CurrentUser, enrolmentId: string, now = new Date()) {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .select({ id: intakes.id, groupId: intakes.groupId, reviewedAt: intakes.reviewedAt })
      .from(intakes)
      .where(and(eq(intakes.enrolmentId, enrolmentId), eq(intakes.organizationId, user.organizationId)))
      .for("update");
    if (!row) notFound("Intake not found");
    if (!canViewIntake(user, { organizationId: user.organizationId, facilitatorIds: await groupFacilitatorIds(tx, row.groupId) })) notFound("Intake not found");
    if (row.reviewedAt) return;
    await tx.update(intakes).set({ reviewedAt: now, reviewedBy: user.id }).where(eq(intakes.id, row.id));
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "intake.review",
      subjectType: "intake",
      subjectId: row.id,
      after: { reviewedAt: now },
    });
  });
}

/**
 * Periodic job: offers whose deadline passed become "declined" (outcome lapsed) and their seats
 * pass on; seats freed outside this module (a capacity raised on the group form) are filled.
 * Safe to run on several instances at once: each group is handled under its row lock, and a
 * second runner finds nothing left to do.
 */
export async function processWaitlists(now: Date, baseUrl: string = appUrl()) {
  const candidates = await db.execute<{ id: string; org: string }>(sql`
    select distinct e.group_id as id, e.organization_id as org
    from enrolments e join enrolment_details d on d.enrolment_id = e.id
    where e.status = 'offered' and d.offer_expires_at <= ${now.toISOString()}::timestamptz
    union
    select g.id, g.organization_id from groups g
    where exists (select 1 from enrolments w where w.group_id = g.id and w.status = 'waitlisted')
      and g.capacity > (select count(*) from ${enrolments} left join ${enrolmentDetails} on ${enrolmentDetails.enrolmentId} = ${enrolments.id}
        where ${enrolments.groupId} = g.id and ${holdsSeat(now)})
  `);
  let lapsed = 0;
  let promoted = 0;
  for (const candidate of candidates) {
    await db.transaction(async (tx) => {
      const group = await lockGroup(tx, candidate.org, candidate.id);
      const due = await tx
        .select({ id: enrolments.id, userId: enrolments.userId, name: users.name, email: users.email, locale: users.locale, offeredAt: enrolmentDetails.offeredAt })
        .from(enrolments)
        .innerJoin(enrolmentDetails, eq(enrolmentDetails.enrolmentId, enrolments.id))
        .innerJoin(users, eq(users.id, enrolments.userId))
        .where(
          and(
            eq(enrolments.groupId, group.id),
            eq(enrolments.status, "offered"),
            sql`${enrolmentDetails.offerExpiresAt} <= ${now.toISOString()}::timestamptz`,
          ),
        );
      for (const offer of due) {
        await tx.update(enrolments).set({ status: "declined", updatedAt: now }).where(eq(enrolments.id, offer.id));
        await setOfferOutcome(tx, group, offer.id, "lapsed", now);
        await audit(tx, {
          organizationId: group.organizationId,
          actorId: null,
          action: "enrolment.offer_lapsed",
          subjectType: "enrolment",
          subjectId: offer.id,
          before: { status: "offered" },
          after: { status: "declined", outcome: "lapsed" },
        });
        const mail = offerLapsedEmail({
          name: offer.name,
          groupName: group.name,
          url: `${baseUrl}/catalogue`,
          locale: dateStyleOf(offer.locale),
          discreet: await discreetReader(tx, group.organizationId, offer.userId),
        });
        await enqueueEmail(tx, {
          ...mail,
          to: offer.email,
          toUser: offer.userId,
          organizationId: group.organizationId,
          dedupeKey: `offer-lapsed:${offer.id}:${offer.offeredAt?.getTime() ?? 0}`,
        });
        lapsed++;
      }
      promoted += (await fillFreeSeats(tx, group, { now, baseUrl, actorUserId: null })).length;
    });
  }
  return { lapsed, promoted };
}
