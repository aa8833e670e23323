import { createHash, createHmac } from "node:crypto";
import { and, asc, eq, inArray, isNotNull, isNull, ne, or, sql } from "drizzle-orm";
import { appUrl, config } from "~/config.server";
import { db, type Executor } from "~/db/client.server";
import { localeOf } from "~/i18n/locales";
import { enrolments, groupFacilitators, groups, organizations, programs, sessions, users } from "~/db/schema";
import { organizationLogos } from "~/db/tables/orgs";
import { attendanceRecords } from "~/db/tables/attendance";
import { completionCertificates, completionCriteria, enrolmentOutcomes } from "~/db/tables/completion";
import { goalObjectives, participantGoals } from "~/db/tables/metrics";
import { groupNotes } from "~/db/tables/records";
import { seriesAssignments } from "~/db/tables/scheduling";
import { referrals, resources } from "~/db/tables/referrals";
import { audit, recordDisclosureOncePerDay } from "~/modules/audit/mutations.server";
import type { CurrentUser } from "~/modules/auth/policy";
import { forbidden, notFound } from "~/modules/errors";
import { isSubstanceUseGroup } from "~/modules/consent/wording";
import { codeFromBytes, normaliseCode, renderCertificatePdf } from "./certificate";
import { attendedMinutes, type MarkStatus as AttendanceMark } from "~/modules/metrics/definitions";
import { describeProgress, evaluateCompletion, type CompletionCriteria, type CompletionProgress } from "./criteria";
import { pdfFonts } from "./pdf-fonts.server";
import { canRecordOutcomes, canSetCriteria, enrolmentDocumentAccess } from "./policy";
import { civilDate } from "./outcome";
import { criteriaForm } from "./version";

export type CriteriaRow = CompletionCriteria & { id: string; updatedAt: Date };

async function criteriaRow(exec: Executor, organizationId: string, where: { programId: string } | { groupId: string }) {
  const [row] = await exec
    .select({ id: completionCriteria.id, minSessionsAttended: completionCriteria.minSessionsAttended, maxUnexcusedAbsences: completionCriteria.maxUnexcusedAbsences, updatedAt: completionCriteria.updatedAt })
    .from(completionCriteria)
    .where(
      and(
        eq(completionCriteria.organizationId, organizationId),
        "groupId" in where ? eq(completionCriteria.groupId, where.groupId) : and(eq(completionCriteria.programId, where.programId), isNull(completionCriteria.groupId)),
      ),
    );
  return (row ?? null) as CriteriaRow | null;
}

export type EffectiveCriteria = { criteria: CriteriaRow; from: "group" | "program" };

/** The criteria that apply to a group: its own, else its program's, else none. */
export async function effectiveCriteria(exec: Executor, organizationId: string, group: { id: string; programId: string }): Promise<EffectiveCriteria | null> {
  return (await effectiveCriteriaOf(exec, organizationId, [group])).get(group.id) ?? null;
}

/**
 * effectiveCriteria for several groups in one read (each group's own criteria, else its
 * program's), keyed by group id; a group with neither is absent. A page listing a person's groups
 * made two reads per group.
 */
export async function effectiveCriteriaOf(exec: Executor, organizationId: string, list: readonly { id: string; programId: string }[]): Promise<Map<string, EffectiveCriteria>> {
  const found = new Map<string, EffectiveCriteria>();
  if (list.length === 0) return found;
  const rows = await exec
    .select({
      id: completionCriteria.id,
      groupId: completionCriteria.groupId,
      programId: completionCriteria.programId,
      minSessionsAttended: completionCriteria.minSessionsAttended,
      maxUnexcusedAbsences: completionCriteria.maxUnexcusedAbsences,
      updatedAt: completionCriteria.updatedAt,
    })
    .from(completionCriteria)
    .where(
      and(
        eq(completionCriteria.organizationId, organizationId),
        or(
          inArray(completionCriteria.groupId, [...new Set(list.map((g) => g.id))]),
          and(inArray(completionCriteria.programId, [...new Set(list.map((g) => g.programId))]), isNull(completionCriteria.groupId)),
        ),
      ),
    );
  const row = ({ groupId: _g, programId: _p, ...criteria }: (typeof rows)[number]) => criteria as CriteriaRow;
  const own = new Map(rows.flatMap((r) => (r.groupId ? [[r.groupId, row(r)] as const] : [])));
  const ofProgram = new Map(rows.flatMap((r) => (!r.groupId && r.programId ? [[r.programId, row(r)] as const] : [])));
  for (const group of list) {
    const mine = own.get(group.id);
    const program = ofProgram.get(group.programId);
    if (mine) found.set(group.id, { criteria: mine, from: "group" });
    else if (program) found.set(group.id, { criteria: program, from: "program" });
  }
  return found;
}

/** A group of the viewer's organisation with its current facilitators, or 404. */
export async function groupInOrganisation(exec: Executor, organizationId: string, groupId: string) {
  const [group] = await exec
    .select({ id: groups.id, organizationId: groups.organizationId, name: groups.name, kind: groups.kind, timezone: groups.timezone, programId: groups.programId, programName: programs.name })
    .from(groups)
    .innerJoin(programs, eq(programs.id, groups.programId))
    .where(and(eq(groups.id, groupId), eq(groups.organizationId, organizationId)));
  if (!group) notFound("Group not found");
  const leads = await exec.select({ userId: groupFacilitators.userId }).from(groupFacilitators).where(eq(groupFacilitators.groupId, groupId));
  return { ...group, facilitatorIds: leads.map((l) => l.userId) };
}

/**
 * When an enrolment's current stay began: one row per person and group, so a person who withdrew
 * and registered again later has a second stay on the same row, from that registration
 * (`restarted_at`); the first stay began when the row was created. The start every letter,
 * certificate, discharge summary, completion page, plan and roster states and counts from.
 */
export const currentStayStart = sql<Date>`coalesce(${enrolments.restartedAt}, ${enrolments.createdAt})`.mapWith(enrolments.createdAt);

/**
 * A person's sessions in a group and their marks (inputs of evaluateCompletion and hoursAttended).
 * A group split into cohorts (series with assigned members, as a scheduling round publishes them)
 * meets as several weekly series: a person's sessions are those of series without assignments,
 * of the cohorts they are assigned to, and any other session at which they have a mark (a visit,
 * or a move between cohorts). Counting every cohort's sessions made "N of M" and "still possible"
 * wrong on the completion page, My groups, the discharge summary and letters. Sessions on days
 * before the person's current stay started (currentStayStart, the start their letters and summary
 * state, as a date in the group's zone) are not theirs either, unless they have a mark there on a
 * first stay (a visit before enrolling). A later stay (registered again after leaving) counts
 * only its own days: the earlier stay's sessions and marks are neither in N nor in M, and marksOf
 * leaves them out too.
 */
export async function attendanceInputs(exec: Executor, groupId: string, people: readonly string[]) {
  const groupSessions = await exec
    .select({ id: sessions.id, startsAt: sessions.startsAt, endsAt: sessions.endsAt, status: sessions.status, seriesId: sessions.seriesId })
    .from(sessions)
    .where(eq(sessions.groupId, groupId))
    .orderBy(asc(sessions.startsAt));
  const seriesIds = [...new Set(groupSessions.flatMap((x) => (x.seriesId ? [x.seriesId] : [])))];
  const [marks, assignments, starts] = await Promise.all([
    people.length
      ? exec
          .select({
            userId: attendanceRecords.userId,
            sessionId: attendanceRecords.sessionId,
            status: attendanceRecords.status,
            walkIn: attendanceRecords.walkIn,
            arrivedAt: attendanceRecords.arrivedAt,
            leftAt: attendanceRecords.leftAt,
          })
          .from(attendanceRecords)
          .where(and(eq(attendanceRecords.groupId, groupId), inArray(attendanceRecords.userId, [...people])))
      : Promise.resolve([]),
    seriesIds.length
      ? exec.select({ seriesId: seriesAssignments.seriesId, userId: seriesAssignments.userId }).from(seriesAssignments).where(inArray(seriesAssignments.seriesId, seriesIds))
      : Promise.resolve([]),
    people.length
      ? exec
          .select({ userId: enrolments.userId, startedAt: currentStayStart, laterStay: isNotNull(enrolments.restartedAt), zone: groups.timezone })
          .from(enrolments)
          .innerJoin(groups, eq(groups.id, enrolments.groupId))
          .where(and(eq(enrolments.groupId, groupId), inArray(enrolments.userId, [...people])))
      : Promise.resolve([]),
  ]);
  // The days sessionBeforeEnrolment (outcome.ts) compares, worked out once for the page.
  const localDay = civilDate;
  const startOf = new Map(starts.map((e) => [e.userId, localDay(e.startedAt, e.zone)]));
  const laterStay = new Set(starts.filter((e) => e.laterStay).map((e) => e.userId));
  // Each session's day in the group's zone, worked out once for everyone on the page.
  const zone = starts[0]?.zone;
  const dayOf = new Map(zone ? groupSessions.map((x) => [x.id, localDay(x.startsAt, zone)]) : []);
  const byPerson = new Map<string, typeof marks>();
  for (const m of marks) byPerson.set(m.userId, [...(byPerson.get(m.userId) ?? []), m]);
  const members = new Map<string, Set<string>>();
  for (const a of assignments) members.set(a.seriesId, (members.get(a.seriesId) ?? new Set()).add(a.userId));
  const sinceStart = (userId: string, sessionId: string) => {
    const start = startOf.get(userId);
    return !start || dayOf.get(sessionId)! >= start;
  };
  // A later stay's marks are those of its own days; a first stay keeps every mark (a visit before enrolling).
  const marksOf = (userId: string) => {
    const all = byPerson.get(userId) ?? [];
    return laterStay.has(userId) ? all.filter((m) => dayOf.has(m.sessionId) && sinceStart(userId, m.sessionId)) : all;
  };
  const sessionsOf = (userId: string) => {
    const marked = new Set(marksOf(userId).map((m) => m.sessionId));
    const ownCohort = (x: (typeof groupSessions)[number]) => x.seriesId === null || !members.has(x.seriesId) || members.get(x.seriesId)!.has(userId);
    return groupSessions
      .filter((x) => marked.has(x.id) || (ownCohort(x) && sinceStart(userId, x.id)))
      .map(({ seriesId: _series, ...x }) => x);
  };
  return { sessionsOf, marksOf };
}

/**
 * Hours attended, one decimal: the metrics' definition (attendedMinutes) — each attended session's
 * length less the time missed by arriving late or leaving early where those times were recorded —
 * so a certificate, a discharge summary and /metrics give one person the same hours.
 */
export function hoursAttended(
  groupSessions: { id: string; startsAt: Date; endsAt: Date; status: string }[],
  marks: { sessionId: string; status: AttendanceMark; arrivedAt: Date | null; leftAt: Date | null }[],
  endedAt: Date | null,
  now: Date,
): string {
  const byId = new Map(groupSessions.map((s) => [s.id, s]));
  const counted = new Set<string>();
  let minutes = 0;
  for (const m of marks) {
    const s = byId.get(m.sessionId);
    if (!s || counted.has(s.id) || s.status === "cancelled" || s.startsAt > now || (endedAt && s.startsAt >= endedAt)) continue;
    counted.add(s.id);
    minutes += attendedMinutes(m, s);
  }
  return (Math.round(minutes / 6) / 10).toFixed(1);
}

/** 404 for another organisation's group, 403 unless a manager or a current facilitator of it (reads and records nothing). */
export async function assertCanRecordOutcomes(user: CurrentUser, groupId: string) {
  const group = await groupInOrganisation(db, user.organizationId, groupId);
  if (!canRecordOutcomes(user, group)) forbidden("Only managers and the group's facilitators see completion.");
}

/** The group's completion page: criteria, progress of everyone enrolled, and enrolments that ended. */
export async function groupCompletionPage(user: CurrentUser, groupId: string, now: Date) {
  const group = await groupInOrganisation(db, user.organizationId, groupId);
  if (!canRecordOutcomes(user, group)) forbidden("Only managers and the group's facilitators see completion.");
  const own = await criteriaRow(db, user.organizationId, { groupId });
  const programCriteria = await criteriaRow(db, user.organizationId, { programId: group.programId });
  const criteria = own ?? programCriteria;
  const enrolled = await db
    .select({ enrolmentId: enrolments.id, userId: users.id, name: users.name, since: currentStayStart })
    .from(enrolments)
    .innerJoin(users, eq(users.id, enrolments.userId))
    .where(and(eq(enrolments.groupId, groupId), eq(enrolments.organizationId, user.organizationId), eq(enrolments.status, "enrolled")))
    .orderBy(asc(users.name));
  const inputs = await attendanceInputs(db, groupId, enrolled.map((e) => e.userId));
  const people = enrolled.map((e) => {
    const progress = criteria ? evaluateCompletion({ criteria, sessions: inputs.sessionsOf(e.userId), marks: inputs.marksOf(e.userId), now }) : null;
    return { ...e, progress, summary: progress ? describeProgress(progress) : null };
  });
  const ended = await db
    .select({
      outcomeId: enrolmentOutcomes.id,
      enrolmentId: enrolmentOutcomes.enrolmentId,
      userId: enrolmentOutcomes.userId,
      name: users.name,
      outcome: enrolmentOutcomes.outcome,
      reason: enrolmentOutcomes.reason,
      endedOn: enrolmentOutcomes.endedOn,
      certificateId: completionCertificates.id,
    })
    .from(enrolmentOutcomes)
    .innerJoin(users, eq(users.id, enrolmentOutcomes.userId))
    .leftJoin(completionCertificates, and(eq(completionCertificates.outcomeId, enrolmentOutcomes.id), isNull(completionCertificates.revokedAt)))
    .where(and(eq(enrolmentOutcomes.groupId, groupId), eq(enrolmentOutcomes.organizationId, user.organizationId), isNull(enrolmentOutcomes.undoneAt)))
    .orderBy(asc(users.name));
  const otherGroups = await db
    .select({ id: groups.id, name: groups.name })
    .from(groups)
    .where(and(eq(groups.organizationId, user.organizationId), ne(groups.id, groupId)))
    .orderBy(asc(groups.name));
  // Attendance-derived progress is personal data: each person's disclosure history lists the view.
  await recordDisclosureOncePerDay(
    db,
    { organizationId: user.organizationId, actorId: user.id, action: "completion.progress_viewed", subjectType: "group", subjectId: groupId },
    [...enrolled.map((e) => e.userId), ...ended.map((e) => e.userId)],
  );
  return {
    group: { id: group.id, name: group.name, programId: group.programId, programName: group.programName, timezone: group.timezone },
    criteria: criteria ? { minSessionsAttended: criteria.minSessionsAttended, maxUnexcusedAbsences: criteria.maxUnexcusedAbsences, from: own ? ("group" as const) : ("program" as const) } : null,
    ownCriteria: own ? { minSessionsAttended: own.minSessionsAttended, maxUnexcusedAbsences: own.maxUnexcusedAbsences } : null,
    // The criteria form carries the group's own criteria's version: a save after someone else changed them is refused.
    criteriaVersion: criteriaForm.version(own),
    canSetCriteria: canSetCriteria(user, group),
    people,
    ended,
    otherGroups,
  };
}

/** A program's own criteria (managers). */
export async function programCriteriaPage(user: CurrentUser, programId: string) {
  const [program] = await db
    .select({ id: programs.id, organizationId: programs.organizationId, name: programs.name, part2Program: programs.part2Program })
    .from(programs)
    .where(and(eq(programs.id, programId), eq(programs.organizationId, user.organizationId)));
  if (!program) notFound("Program not found");
  if (!canSetCriteria(user, program)) forbidden("Only managers set completion criteria.");
  const criteria = await criteriaRow(db, user.organizationId, { programId });
  return {
    program: { id: program.id, name: program.name, part2Program: program.part2Program },
    criteria: criteria ? { minSessionsAttended: criteria.minSessionsAttended, maxUnexcusedAbsences: criteria.maxUnexcusedAbsences } : null,
    // The criteria form carries their version: a save after someone else changed them is refused.
    criteriaVersion: criteriaForm.version(criteria),
  };
}

/** The participant's own progress toward completion, per current enrolment (for /my/groups). */
export async function myCompletionProgress(user: CurrentUser, now: Date): Promise<Record<string, { summary: string; progress: CompletionProgress }>> {
  const mine = await db
    .select({ enrolmentId: enrolments.id, groupId: groups.id, programId: groups.programId })
    .from(enrolments)
    .innerJoin(groups, eq(groups.id, enrolments.groupId))
    .where(and(eq(enrolments.userId, user.id), eq(enrolments.organizationId, user.organizationId), eq(enrolments.status, "enrolled")));
  const out: Record<string, { summary: string; progress: CompletionProgress }> = {};
  const criteria = await effectiveCriteriaOf(db, user.organizationId, mine.map((e) => ({ id: e.groupId, programId: e.programId })));
  // One group's reads do not wait for another's.
  await Promise.all(
    mine.map(async (e) => {
      const found = criteria.get(e.groupId);
      if (!found) return;
      const inputs = await attendanceInputs(db, e.groupId, [user.id]);
      const progress = evaluateCompletion({ criteria: found.criteria, sessions: inputs.sessionsOf(user.id), marks: inputs.marksOf(user.id), now });
      out[e.enrolmentId] = { progress, summary: describeProgress(progress) };
    }),
  );
  return out;
}

/** The viewer's own progress in one group they are enrolled in now (for the group page), or null. */
export async function myProgressInGroup(user: CurrentUser, groupId: string, now: Date): Promise<string | null> {
  return (await myCompletionInGroup(user, groupId, now))?.summary ?? null;
}

/** The same, with the figures (the page words them in the reader's language) beside the English line. */
export async function myCompletionInGroup(user: CurrentUser, groupId: string, now: Date): Promise<{ progress: CompletionProgress; summary: string } | null> {
  if (user.role !== "participant") return null;
  const [mine] = await db
    .select({ enrolmentId: enrolments.id })
    .from(enrolments)
    .where(and(eq(enrolments.groupId, groupId), eq(enrolments.userId, user.id), eq(enrolments.organizationId, user.organizationId), eq(enrolments.status, "enrolled")));
  if (!mine) return null;
  return (await myCompletionProgress(user, now))[mine.enrolmentId] ?? null;
}

/** An enrolment with its current outcome and facilitators, scoped to the viewer's organisation, or 404. */
export async function enrolmentWithOutcome(exec: Executor, organizationId: string, enrolmentId: string) {
  const [row] = await exec
    .select({
      enrolmentId: enrolments.id,
      organizationId: enrolments.organizationId,
      userId: enrolments.userId,
      status: enrolments.status,
      startedAt: currentStayStart,
      groupId: groups.id,
      groupName: groups.name,
      groupKind: groups.kind,
      timezone: groups.timezone,
      programId: groups.programId,
      programName: programs.name,
      part2Program: programs.part2Program,
      personName: users.name,
    })
    .from(enrolments)
    .innerJoin(groups, eq(groups.id, enrolments.groupId))
    .innerJoin(programs, eq(programs.id, groups.programId))
    .innerJoin(users, eq(users.id, enrolments.userId))
    .where(and(eq(enrolments.id, enrolmentId), eq(enrolments.organizationId, organizationId)));
  if (!row) notFound("Enrolment not found");
  const leads = await exec.select({ userId: groupFacilitators.userId }).from(groupFacilitators).where(eq(groupFacilitators.groupId, row.groupId));
  const [outcome] = await exec
    .select()
    .from(enrolmentOutcomes)
    .where(and(eq(enrolmentOutcomes.enrolmentId, enrolmentId), isNull(enrolmentOutcomes.undoneAt)));
  return { ...row, facilitatorIds: leads.map((l) => l.userId), outcome: outcome ?? null };
}

/** The discharge summary of an ended enrolment: the participant, or staff with a relationship; every staff view is a disclosure. */
export async function dischargeSummary(user: CurrentUser, enrolmentId: string, now: Date) {
  const e = await enrolmentWithOutcome(db, user.organizationId, enrolmentId);
  const access = enrolmentDocumentAccess(user, e);
  if (!access) forbidden("Only the participant, managers and the group's facilitators see this summary.");
  if (!e.outcome) notFound("This enrolment has not ended; there is no discharge summary yet.");
  const inputs = await attendanceInputs(db, e.groupId, [e.userId]);
  const found = await effectiveCriteria(db, user.organizationId, { id: e.groupId, programId: e.programId });
  const marks = inputs.marksOf(e.userId);
  const criteria = found?.criteria ?? { minSessionsAttended: 1, maxUnexcusedAbsences: null };
  const progress = evaluateCompletion({ criteria, sessions: inputs.sessionsOf(e.userId), marks, now, endedAt: e.outcome.endedAt });
  // The person's goals as their plan is read (metrics/policy.ts planReach, 42 CFR Part 2): the person
  // and managers all; the group's facilitator those filed under the group's program, not another
  // program's nor those filed under none.
  const goals = await db
    .select({ id: participantGoals.id, title: participantGoals.title, status: participantGoals.status })
    .from(participantGoals)
    .where(and(eq(participantGoals.organizationId, user.organizationId), eq(participantGoals.participantId, e.userId), access === "facilitator" ? eq(participantGoals.programId, e.programId) : undefined))
    .orderBy(asc(participantGoals.title));
  const objectives = goals.length
    ? await db
        .select({ goalId: goalObjectives.goalId, description: goalObjectives.description, status: goalObjectives.status })
        .from(goalObjectives)
        .where(inArray(goalObjectives.goalId, goals.map((g) => g.id)))
        .orderBy(asc(goalObjectives.position))
    : [];
  const referralRows = await db
    .select({ id: referrals.id, resource: resources.name, needArea: referrals.needArea, referredOn: referrals.referredOn, outcome: referrals.outcome })
    .from(referrals)
    .innerJoin(resources, eq(resources.id, referrals.resourceId))
    .where(and(eq(referrals.organizationId, user.organizationId), eq(referrals.participantId, e.userId)))
    .orderBy(asc(referrals.referredOn));
  // Units covered: the topics of the signed group notes of the sessions the person attended.
  const attendedIds = marks.filter((m) => ["present", "late", "left_early"].includes(m.status)).map((m) => m.sessionId);
  const units = attendedIds.length
    ? await db
        .select({ sessionId: groupNotes.sessionId, topic: groupNotes.topic, startsAt: sessions.startsAt })
        .from(groupNotes)
        .innerJoin(sessions, eq(sessions.id, groupNotes.sessionId))
        .where(and(eq(groupNotes.organizationId, user.organizationId), eq(groupNotes.groupId, e.groupId), inArray(groupNotes.sessionId, attendedIds), isNotNull(groupNotes.signedAt)))
        .orderBy(asc(sessions.startsAt))
    : [];
  const [recorder] = e.outcome.recordedBy ? await db.select({ name: users.name }).from(users).where(eq(users.id, e.outcome.recordedBy)) : [];
  const [target] = e.outcome.transferredToGroupId
    ? await db.select({ name: groups.name }).from(groups).where(and(eq(groups.id, e.outcome.transferredToGroupId), eq(groups.organizationId, user.organizationId)))
    : [];
  if (access !== "self") {
    await recordDisclosureOncePerDay(
      db,
      { organizationId: user.organizationId, actorId: user.id, action: "discharge_summary.viewed", subjectType: "enrolment", subjectId: enrolmentId },
      [e.userId],
    );
  }
  return {
    access,
    person: e.personName,
    groupName: e.groupName,
    programName: e.programName,
    // A program marked Part 2 is substance-use treatment whatever its groups are called (as letters and exports).
    substanceUse: e.part2Program || isSubstanceUseGroup(e.groupKind),
    startedAt: e.startedAt,
    timezone: e.timezone,
    outcome: {
      kind: e.outcome.outcome,
      reason: e.outcome.reason,
      reasonText: e.outcome.reasonText,
      endedOn: e.outcome.endedOn,
      participantComment: e.outcome.participantComment,
      /** null when the recorder's account is gone: the page says "a former staff member" in the reader's language. */
      recordedBy: recorder?.name ?? null,
      recordedAt: e.outcome.recordedAt,
      transferredTo: target?.name ?? null,
    },
    criteria: found ? { minSessionsAttended: criteria.minSessionsAttended, maxUnexcusedAbsences: criteria.maxUnexcusedAbsences } : null,
    progress,
    hours: hoursAttended(inputs.sessionsOf(e.userId), marks, e.outcome.endedAt, now),
    unitsCovered: units.filter((u) => u.topic.trim() !== "" && u.startsAt < e.outcome!.endedAt).map((u) => ({ sessionId: u.sessionId, topic: u.topic, startsAt: u.startsAt })),
    goals: goals.map((g) => ({ ...g, objectives: objectives.filter((o) => o.goalId === g.id) })),
    referrals: referralRows,
  };
}


/**
 * A certificate's verification code: derived from its id with the server secret (so the PDF can
 * be downloaded again with the same code), never stored — the table keeps only its SHA-256.
 */
export function certificateCode(certificateId: string): string {
  return codeFromBytes(createHmac("sha256", config().sessionSecret).update(`certificate:${certificateId}`).digest().subarray(0, 13));
}

export function codeHash(code: string): string {
  return createHash("sha256").update(code).digest("hex");
}

/**
 * The public verification of a code: only what the certificate states, and only while it stands
 * (not revoked, its completion not undone). Unknown, malformed and revoked codes get the same answer.
 */
export async function verifyCertificate(input: string) {
  const code = normaliseCode(input);
  if (!code) return { verified: false as const, certificate: null };
  const [row] = await db
    .select({
      participantName: completionCertificates.participantName,
      programName: completionCertificates.programName,
      organizationName: completionCertificates.organizationName,
      completedOn: completionCertificates.completedOn,
    })
    .from(completionCertificates)
    .innerJoin(enrolmentOutcomes, eq(enrolmentOutcomes.id, completionCertificates.outcomeId))
    .where(and(eq(completionCertificates.codeHash, codeHash(code)), isNull(completionCertificates.revokedAt), isNull(enrolmentOutcomes.undoneAt)));
  return row ? { verified: true as const, certificate: row } : { verified: false as const, certificate: null };
}

/**
 * The certificate PDF of an enrolment: for the participant, or staff with a relationship (each
 * staff download is a disclosure in the person's history). 404 when there is no standing certificate.
 */
export async function certificatePdf(user: CurrentUser, enrolmentId: string) {
  const e = await enrolmentWithOutcome(db, user.organizationId, enrolmentId);
  const access = enrolmentDocumentAccess(user, e);
  if (!access) forbidden("Only the participant, managers and the group's facilitators download this certificate.");
  if (!e.outcome) notFound("There is no certificate for this enrolment.");
  const [cert] = await db
    .select()
    .from(completionCertificates)
    .where(and(eq(completionCertificates.outcomeId, e.outcome.id), eq(completionCertificates.organizationId, user.organizationId), isNull(completionCertificates.revokedAt)));
  if (!cert) notFound("There is no certificate for this enrolment.");
  const [logo] = await db
    .select({ contentType: organizationLogos.contentType, content: organizationLogos.content })
    .from(organizationLogos)
    .innerJoin(organizations, eq(organizations.id, organizationLogos.organizationId))
    .where(eq(organizationLogos.organizationId, user.organizationId));
  const code = certificateCode(cert.id);
  // In the participant's language, whoever downloads it (the certificate is theirs).
  const [holder] = await db.select({ locale: users.locale }).from(users).where(eq(users.id, e.userId));
  const bytes = await renderCertificatePdf({
    organizationName: cert.organizationName,
    participantName: cert.participantName,
    programName: cert.programName,
    startedOn: cert.startedOn,
    completedOn: cert.completedOn,
    hoursAttended: cert.hoursAttended,
    verificationCode: code,
    verifyUrl: `${appUrl()}/verify/${code}`,
    issuedAt: cert.issuedAt,
    logo: logo ? { contentType: logo.contentType, content: new Uint8Array(logo.content) } : null,
    locale: localeOf(holder?.locale),
  }, await pdfFonts());
  if (access !== "self") {
    await audit(db, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "certificate.downloaded",
      subjectType: "certificate",
      subjectId: cert.id,
      subjectUserId: e.userId,
    });
  }
  return { bytes, filename: `certificate-${cert.completedOn}.pdf` };
}
