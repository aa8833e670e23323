import { randomUUID } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import { db, type Executor } from "~/db/client.server";
import { enrolments, groups, organizations, programs, users } from "~/db/schema";
import { completionCertificates, completionCriteria, enrolmentOutcomes } from "~/db/tables/completion";
import { enrolmentDetails } from "~/db/tables/registration";
import { audit } from "~/modules/audit/mutations.server";
import type { CurrentUser } from "~/modules/auth/policy";
import { forbidden, notFound, UserInputError } from "~/modules/errors";
import { fillFreeSeats, lockActiveMembership, lockGroup, queuePlaceFields } from "~/modules/registration/mutations.server";
import { groupSeats } from "~/modules/registration/seats.server";
import { describeShortfall, evaluateCompletion, type CompletionCriteria, type CompletionProgress } from "./criteria";
import { civilDate, endOfEnrolment } from "./outcome";
import { canRecordOutcomes, canSetCriteria } from "./policy";
import { attendanceInputs, certificateCode, codeHash, currentStayStart, effectiveCriteria, groupInOrganisation, hoursAttended } from "./queries.server";
import type { OutcomeInput } from "./schema";
import { criteriaForm } from "./version";

type Owner = { kind: "group"; id: string } | { kind: "program"; id: string };

async function ownerInOrganisation(exec: Executor, user: CurrentUser, owner: Owner) {
  const table = owner.kind === "group" ? groups : programs;
  const [row] = await exec
    .select({ id: table.id, organizationId: table.organizationId })
    .from(table)
    .where(and(eq(table.id, owner.id), eq(table.organizationId, user.organizationId)));
  if (!row) notFound(owner.kind === "group" ? "Group not found" : "Program not found");
  if (!canSetCriteria(user, row)) forbidden("Only managers set completion criteria.");
  return row;
}

/** A completion refused because the criteria are not met: the English message, and the figures as data for the page to word. */
export class CompletionNotMetError extends UserInputError {
  constructor(
    public person: string,
    public progress: CompletionProgress,
  ) {
    super(`${person} has not met the completion criteria: ${describeShortfall(progress)}.`, "outcome");
  }

  override get details() {
    const p = this.progress;
    const progress = {
      attended: p.attended,
      required: p.required,
      absencesWithinLimit: p.absencesWithinLimit,
      unexcusedAbsences: p.unexcusedAbsences,
      maxUnexcusedAbsences: p.maxUnexcusedAbsences,
      met: p.met,
      stillPossible: p.stillPossible,
      remaining: p.remaining,
      upcomingSessions: p.upcomingSessions,
    };
    return { completion: { name: this.person, progress } };
  }
}

/**
 * The owner's own criteria row, locked: under a lock on the owner's criteria first, since before any
 * criteria there is no row to lock and two first saves would not take turns.
 */
async function lockedCriteria(tx: Executor, user: CurrentUser, owner: Owner) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`completion-criteria:${owner.kind}:${owner.id}`}, 0))`);
  const where = owner.kind === "group" ? eq(completionCriteria.groupId, owner.id) : and(eq(completionCriteria.programId, owner.id), isNull(completionCriteria.groupId));
  const [row] = await tx
    .select({ id: completionCriteria.id, minSessionsAttended: completionCriteria.minSessionsAttended, maxUnexcusedAbsences: completionCriteria.maxUnexcusedAbsences })
    .from(completionCriteria)
    .where(and(eq(completionCriteria.organizationId, user.organizationId), where))
    .for("update");
  return row;
}

/**
 * Sets (or replaces) the completion criteria of a program or a group; audited with before and after.
 * `version` is the one the criteria form was opened on (criteriaForm.version): a save from a page
 * opened before a colleague changed the criteria would write the old numbers back, so it is refused,
 * naming the numbers changed (StaleSave); `null` (a form that named none) is refused too
 * (UnversionedSave); callers outside a form (the demo data) pass none.
 */
export async function setCriteria(user: CurrentUser, owner: Owner, criteria: CompletionCriteria, now: Date, options: { version?: string | null } = {}) {
  return db.transaction(async (tx) => {
    await ownerInOrganisation(tx, user, owner);
    const before = await lockedCriteria(tx, user, owner);
    criteriaForm.assertUnchanged(options.version, before);
    const values = { minSessionsAttended: criteria.minSessionsAttended, maxUnexcusedAbsences: criteria.maxUnexcusedAbsences, updatedBy: user.id, updatedAt: now };
    if (before) await tx.update(completionCriteria).set(values).where(eq(completionCriteria.id, before.id));
    else {
      await tx.insert(completionCriteria).values({
        organizationId: user.organizationId,
        groupId: owner.kind === "group" ? owner.id : null,
        programId: owner.kind === "program" ? owner.id : null,
        ...values,
      });
    }
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "completion.criteria_set",
      subjectType: owner.kind,
      subjectId: owner.id,
      before: before ? { minSessionsAttended: before.minSessionsAttended, maxUnexcusedAbsences: before.maxUnexcusedAbsences } : null,
      after: criteria,
    });
  });
}

/**
 * Removes a group's own criteria (its program's then apply) or a program's. `version` as for
 * setCriteria: removing criteria someone changed after the page was opened is refused.
 */
export async function clearCriteria(user: CurrentUser, owner: Owner, options: { version?: string | null } = {}) {
  return db.transaction(async (tx) => {
    await ownerInOrganisation(tx, user, owner);
    const before = await lockedCriteria(tx, user, owner);
    if (!before) throw new UserInputError("There are no criteria here to remove.", "intent");
    criteriaForm.assertUnchanged(options.version, before);
    await tx.delete(completionCriteria).where(eq(completionCriteria.id, before.id));
    const removed = { minSessionsAttended: before.minSessionsAttended, maxUnexcusedAbsences: before.maxUnexcusedAbsences };
    await audit(tx, { organizationId: user.organizationId, actorId: user.id, action: "completion.criteria_set", subjectType: owner.kind, subjectId: owner.id, before: removed, after: null });
  });
}

/**
 * Marks a program as a federally assisted substance-use program under 42 CFR Part 2 (or not): its
 * letters to third parties then carry the 2.32 prohibition on redisclosure. Managers; audited.
 */
export async function setPart2Program(user: CurrentUser, programId: string, part2Program: boolean) {
  return db.transaction(async (tx) => {
    await ownerInOrganisation(tx, user, { kind: "program", id: programId });
    const [before] = await tx.select({ part2Program: programs.part2Program }).from(programs).where(eq(programs.id, programId)).for("update");
    await tx.update(programs).set({ part2Program }).where(eq(programs.id, programId));
    await audit(tx, { organizationId: user.organizationId, actorId: user.id, action: "program.update", subjectType: "program", subjectId: programId, before, after: { part2Program } });
  });
}

const ACTION = { completed: "enrolment.complete", discharged: "enrolment.discharge", transferred: "enrolment.transfer" } as const;

/**
 * Records how an enrolment ended (completed, discharged with a reason, transferred to a group),
 * by a manager or a current facilitator of the group. One transaction holding the group lock:
 * the status changes, the outcome is stored and audited, and the freed seat goes to the next
 * person waiting through the same promotion as a withdrawal.
 */
export async function recordOutcome(user: CurrentUser, groupId: string, input: Omit<OutcomeInput, "intent">, options: { now: Date; baseUrl: string }) {
  const { now } = options;
  return db.transaction(async (tx) => {
    const locked = await lockGroup(tx, user.organizationId, groupId);
    const group = await groupInOrganisation(tx, user.organizationId, groupId);
    if (!canRecordOutcomes(user, group)) forbidden("Only managers and the group's facilitators record how an enrolment ended.");
    const [enrolment] = await tx
      .select({ id: enrolments.id, userId: enrolments.userId, status: enrolments.status, startedAt: currentStayStart, name: users.name })
      .from(enrolments)
      .innerJoin(users, eq(users.id, enrolments.userId))
      .where(and(eq(enrolments.id, input.enrolmentId), eq(enrolments.groupId, groupId), eq(enrolments.organizationId, user.organizationId)));
    if (!enrolment) throw new UserInputError("That person is not in this group.", "enrolmentId");
    if (enrolment.status !== "enrolled") throw new UserInputError(`${enrolment.name} is not enrolled in this group now.`, "enrolmentId");
    const end = endOfEnrolment(input.endedOn, { zone: group.timezone, now, startedAt: enrolment.startedAt });
    if (!end.ok) throw new UserInputError(end.message, "endedOn");
    if (input.outcome === "completed") {
      const found = await effectiveCriteria(tx, user.organizationId, group);
      if (found) {
        const inputs = await attendanceInputs(tx, groupId, [enrolment.userId]);
        const progress = evaluateCompletion({ criteria: found.criteria, sessions: inputs.sessionsOf(enrolment.userId), marks: inputs.marksOf(enrolment.userId), now, endedAt: end.endedAt });
        if (!progress.met) throw new CompletionNotMetError(enrolment.name, progress);
      }
    }
    let transferredToGroupId: string | null = null;
    if (input.outcome === "transferred") {
      const [target] = await tx
        .select({ id: groups.id })
        .from(groups)
        .where(and(eq(groups.id, input.transferredToGroupId), eq(groups.organizationId, user.organizationId)));
      if (!target || target.id === groupId) throw new UserInputError("Choose another group of this organisation.", "transferredToGroupId");
      transferredToGroupId = target.id;
    }
    await tx.update(enrolments).set({ status: input.outcome, updatedAt: now }).where(eq(enrolments.id, enrolment.id));
    const [outcome] = await tx
      .insert(enrolmentOutcomes)
      .values({
        organizationId: user.organizationId,
        enrolmentId: enrolment.id,
        groupId,
        userId: enrolment.userId,
        outcome: input.outcome,
        reason: input.outcome === "discharged" ? (input.reason || null) : null,
        reasonText: input.outcome === "discharged" ? input.reasonText : "",
        transferredToGroupId,
        endedOn: input.endedOn,
        endedAt: end.endedAt,
        participantComment: input.participantComment,
        recordedBy: user.id,
        recordedAt: now,
      })
      .returning({ id: enrolmentOutcomes.id });
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: ACTION[input.outcome],
      subjectType: "enrolment",
      subjectId: enrolment.id,
      subjectUserId: enrolment.userId,
      before: { status: "enrolled" },
      after: { status: input.outcome, outcomeId: outcome.id, reason: input.outcome === "discharged" ? input.reason : null, endedOn: input.endedOn, transferredToGroupId },
    });
    if (input.outcome === "completed") {
      await issueCertificate(tx, user, { outcomeId: outcome.id, group, enrolment, endedOn: input.endedOn, endedAt: end.endedAt, now });
    }
    const promoted = await fillFreeSeats(tx, locked, { now, baseUrl: options.baseUrl, actorUserId: user.id });
    return { outcomeId: outcome.id, promoted };
  });
}

/**
 * Takes back a recorded outcome (a mistake): the outcome row is marked undone, any certificate
 * stops verifying, and the person is enrolled again if a seat is free for them — one nobody holds
 * and nobody waiting is due (the queue comes first, as it does for a newcomer); otherwise they go
 * on the waiting list, queued now (registering again is refused for an enrolment that ended with
 * an outcome, so this is how they get back in line; a manager can still seat them out of turn).
 * Audited. Someone whose membership here was deactivated is not put back (deactivation gives up
 * places; a finished enrolment holds none, so nothing else would stop it). Any seat still free
 * beside the waiting list afterwards goes to the next person waiting, as after every change to
 * the group's seats.
 */
export async function undoOutcome(user: CurrentUser, groupId: string, outcomeId: string, options: { now: Date; baseUrl: string }) {
  const { now } = options;
  return db.transaction(async (tx) => {
    // The person's membership first (FOR SHARE), then the group, as registering does: a
    // deactivation at the same moment either waits and then gives up the seat this puts back, or
    // goes first and this is refused. Reading whose outcome it is tells nothing before the checks.
    const [subject] = await tx
      .select({ userId: enrolmentOutcomes.userId })
      .from(enrolmentOutcomes)
      .where(and(eq(enrolmentOutcomes.id, outcomeId), eq(enrolmentOutcomes.groupId, groupId), eq(enrolmentOutcomes.organizationId, user.organizationId)));
    const memberActive = subject ? await lockActiveMembership(tx, user.organizationId, subject.userId) : false;
    const locked = await lockGroup(tx, user.organizationId, groupId);
    const group = await groupInOrganisation(tx, user.organizationId, groupId);
    if (!canRecordOutcomes(user, group)) forbidden("Only managers and the group's facilitators change how an enrolment ended.");
    const [outcome] = await tx
      .select({ id: enrolmentOutcomes.id, enrolmentId: enrolmentOutcomes.enrolmentId, userId: enrolmentOutcomes.userId, outcome: enrolmentOutcomes.outcome })
      .from(enrolmentOutcomes)
      .where(and(eq(enrolmentOutcomes.id, outcomeId), eq(enrolmentOutcomes.groupId, groupId), eq(enrolmentOutcomes.organizationId, user.organizationId), isNull(enrolmentOutcomes.undoneAt)));
    if (!outcome) throw new UserInputError("That outcome is not recorded here (or was already undone).", "outcomeId");
    if (!memberActive) {
      throw new UserInputError(
        "This person's membership of this organisation has ended, so they cannot be put back in the group. If the outcome was a mistake, reactivate them on People and roles first, then undo it.",
        "outcomeId",
      );
    }
    const seats = (await groupSeats(tx, user.organizationId, [groupId], now)).get(groupId)!;
    const status = seats.capacity - seats.taken - seats.waiting > 0 ? ("enrolled" as const) : ("waitlisted" as const);
    await tx.update(enrolmentOutcomes).set({ undoneAt: now, undoneBy: user.id }).where(eq(enrolmentOutcomes.id, outcome.id));
    await tx.update(completionCertificates).set({ revokedAt: now }).where(and(eq(completionCertificates.outcomeId, outcome.id), isNull(completionCertificates.revokedAt)));
    await tx.update(enrolments).set({ status, updatedAt: now }).where(eq(enrolments.id, outcome.enrolmentId));
    if (status === "waitlisted") {
      // Back of the line (their urgency kept), as registering would have put them.
      const [details] = await tx.select({ urgent: enrolmentDetails.urgent }).from(enrolmentDetails).where(eq(enrolmentDetails.enrolmentId, outcome.enrolmentId));
      const queueFields = queuePlaceFields(details?.urgent ?? false, user.id, now);
      await tx
        .insert(enrolmentDetails)
        .values({ enrolmentId: outcome.enrolmentId, organizationId: user.organizationId, groupId, ...queueFields })
        .onConflictDoUpdate({ target: enrolmentDetails.enrolmentId, set: queueFields });
    }
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "enrolment.outcome_undone",
      subjectType: "enrolment",
      subjectId: outcome.enrolmentId,
      subjectUserId: outcome.userId,
      before: { status: outcome.outcome, outcomeId: outcome.id },
      after: { status },
    });
    const promoted = await fillFreeSeats(tx, locked, { now, baseUrl: options.baseUrl, actorUserId: user.id });
    return { status, promoted };
  });
}

/**
 * The certificate of a completion, issued with it: what it states is frozen now (name, program,
 * organisation, dates, hours); only the SHA-256 of its verification code is stored.
 */
async function issueCertificate(
  tx: Executor,
  user: CurrentUser,
  input: {
    outcomeId: string;
    group: { id: string; timezone: string; programName: string };
    /** startedAt: the current stay's start (currentStayStart), the start the certificate states. */
    enrolment: { id: string; userId: string; name: string; startedAt: Date };
    endedOn: string;
    endedAt: Date;
    now: Date;
  },
) {
  const [org] = await tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, user.organizationId));
  const inputs = await attendanceInputs(tx, input.group.id, [input.enrolment.userId]);
  const id = randomUUID();
  const hours = hoursAttended(inputs.sessionsOf(input.enrolment.userId), inputs.marksOf(input.enrolment.userId), input.endedAt, input.now);
  await tx.insert(completionCertificates).values({
    id,
    organizationId: user.organizationId,
    outcomeId: input.outcomeId,
    userId: input.enrolment.userId,
    codeHash: codeHash(certificateCode(id)),
    participantName: input.enrolment.name,
    programName: input.group.programName,
    organizationName: org.name,
    startedOn: civilDate(input.enrolment.startedAt, input.group.timezone),
    completedOn: input.endedOn,
    hoursAttended: hours,
    issuedBy: user.id,
    issuedAt: input.now,
  });
  await audit(tx, {
    organizationId: user.organizationId,
    actorId: user.id,
    action: "certificate.issued",
    subjectType: "certificate",
    subjectId: id,
    subjectUserId: input.enrolment.userId,
    after: { outcomeId: input.outcomeId, completedOn: input.endedOn, hoursAttended: hours },
  });
}
