import { and, asc, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { db, type Executor } from "~/db/client.server";
import { attendanceRecords } from "~/db/tables/attendance";
import { enrolments, groupFacilitators, groups, programs, users } from "~/db/schema";
import { isSubstanceUseGroup } from "~/modules/consent/wording";
import { disclosureLetters, informationReleases } from "~/db/tables/releases";
import { audit, recordDisclosureOncePerDay } from "~/modules/audit/mutations.server";
import { staffRelationship, type CurrentUser } from "~/modules/auth/policy";
import { personRelations } from "~/modules/audit/relationship.server";
import { forbidden, notFound } from "~/modules/errors";
import { pdfFonts } from "../pdf-fonts.server";
import { enrolmentWithOutcome } from "../queries.server";
import { renderLetterPdf, type LetterFacts } from "./letter";
import { letterRefusal, recordsPaperReleases, seesAllLettersOfPerson, signsReleases } from "./policy";
import { NOT_NOTIFIED_MESSAGE, notifiableByEmail, releaseState, type ShareItem } from "./statement";

const ATTENDED_MARKS = ["present", "late", "left_early"] as const;

/**
 * An enrolment for letters: with its outcome and facilitators (enrolmentWithOutcome), the number of
 * sessions the person attended in it and, for a withdrawal or removal, when they left (the row's
 * last change is that status change). 404 for another organisation; 403 with the reason when
 * letterRefusal says no (policy.ts) — before anything about the person is read or recorded.
 */
export async function enrolmentForLetters(exec: Executor, user: CurrentUser, enrolmentId: string) {
  const e = await enrolmentWithOutcome(exec, user.organizationId, enrolmentId);
  const [{ count }] = await exec
    .select({ count: sql<number>`count(*)::int` })
    .from(attendanceRecords)
    .where(and(eq(attendanceRecords.groupId, e.groupId), eq(attendanceRecords.userId, e.userId), inArray(attendanceRecords.status, [...ATTENDED_MARKS])));
  const [row] = await exec.select({ updatedAt: enrolments.updatedAt }).from(enrolments).where(eq(enrolments.id, e.enrolmentId));
  const facts = { ...e, hasOutcome: e.outcome !== null, sessionsAttended: count };
  const refusal = letterRefusal(user, facts);
  if (refusal) forbidden(refusal);
  const leftAt = !e.outcome && (e.status === "withdrawn" || e.status === "removed") ? row.updatedAt : null;
  return { ...facts, left: leftAt ? { status: e.status as "withdrawn" | "removed", at: leftAt } : null };
}

/** Enrolment statuses through which a person takes or took part in a program (not waiting or declined). */
const TAKING_PART = ["enrolled", "completed", "discharged", "transferred", "withdrawn", "removed"] as const;

/**
 * Programs as releases name them: with whether each is a substance use disorder program (Part 2) —
 * flagged so by a manager, or holding a substance-use group (as the letters' notice decides).
 */
async function withPart2(exec: Executor, rows: { id: string; name: string; part2Program: boolean }[]) {
  const kinds = rows.length ? await exec.select({ programId: groups.programId, kind: groups.kind }).from(groups).where(inArray(groups.programId, rows.map((r) => r.id))) : [];
  return rows.map((r) => ({ id: r.id, name: r.name, part2: r.part2Program || kinds.some((k) => k.programId === r.id && isSubstanceUseGroup(k.kind)) }));
}

/** The programs a participant takes (or took) part in: those they may sign a release for. */
export async function releasePrograms(exec: Executor, organizationId: string, userId: string) {
  const rows = await exec
    .selectDistinct({ id: programs.id, name: programs.name, part2Program: programs.part2Program })
    .from(enrolments)
    .innerJoin(groups, eq(groups.id, enrolments.groupId))
    .innerJoin(programs, eq(programs.id, groups.programId))
    .where(and(eq(enrolments.userId, userId), eq(enrolments.organizationId, organizationId), inArray(enrolments.status, [...TAKING_PART])))
    .orderBy(asc(programs.name));
  return withPart2(exec, rows);
}

/** One program of the organisation with its Part 2 status, or undefined. */
export async function releaseProgram(exec: Executor, organizationId: string, programId: string) {
  const rows = await exec
    .select({ id: programs.id, name: programs.name, part2Program: programs.part2Program })
    .from(programs)
    .where(and(eq(programs.id, programId), eq(programs.organizationId, organizationId)));
  return (await withPart2(exec, rows))[0];
}

const releaseColumns = {
  id: informationReleases.id,
  programId: informationReleases.programId,
  programName: programs.name,
  part2: informationReleases.part2,
  recipientName: informationReleases.recipientName,
  recipientOrganization: informationReleases.recipientOrganization,
  recipientContact: informationReleases.recipientContact,
  purpose: informationReleases.purpose,
  shares: informationReleases.shares,
  expiresOn: informationReleases.expiresOn,
  expiresAt: informationReleases.expiresAt,
  method: informationReleases.method,
  statement: informationReleases.statement,
  signedName: informationReleases.signedName,
  signedOn: informationReleases.signedOn,
  recordedAt: informationReleases.recordedAt,
  revokedAt: informationReleases.revokedAt,
  hasScan: informationReleases.paperSizeBytes,
};

const issuer = alias(users, "issuer");

async function lettersOf(organizationId: string, userId: string, onlyGroupId: string | null) {
  return db
    .select({
      id: disclosureLetters.id,
      releaseId: disclosureLetters.releaseId,
      shared: disclosureLetters.shared,
      issuedAt: disclosureLetters.issuedAt,
      part2Notice: disclosureLetters.part2Notice,
      groupName: groups.name,
      issuedBy: issuer.name,
      recipientName: informationReleases.recipientName,
      recipientOrganization: informationReleases.recipientOrganization,
    })
    .from(disclosureLetters)
    .innerJoin(groups, eq(groups.id, disclosureLetters.groupId))
    .innerJoin(informationReleases, eq(informationReleases.id, disclosureLetters.releaseId))
    .leftJoin(issuer, eq(issuer.id, disclosureLetters.issuedBy))
    .where(and(eq(disclosureLetters.organizationId, organizationId), eq(disclosureLetters.userId, userId), onlyGroupId ? eq(disclosureLetters.groupId, onlyGroupId) : undefined))
    .orderBy(desc(disclosureLetters.issuedAt));
}

/** A person's releases; with `programId`, only those for that program and those that name none. */
async function releasesOf(organizationId: string, userId: string, now: Date, programId?: string) {
  const rows = await db
    .select(releaseColumns)
    .from(informationReleases)
    .leftJoin(programs, eq(programs.id, informationReleases.programId))
    .where(
      and(
        eq(informationReleases.organizationId, organizationId),
        eq(informationReleases.userId, userId),
        programId ? or(eq(informationReleases.programId, programId), isNull(informationReleases.programId)) : undefined,
      ),
    )
    .orderBy(desc(informationReleases.recordedAt));
  return rows.map(({ hasScan, ...r }) => ({ ...r, shares: r.shares as ShareItem[], hasScan: hasScan !== null, state: releaseState(r, now) }));
}

/** /my/releases: the participant's releases (current first) and every letter sent under each. */
export async function myReleasesPage(user: CurrentUser, now: Date) {
  if (!signsReleases(user)) forbidden("Releases are signed by participants.");
  const releases = await releasesOf(user.organizationId, user.id, now);
  const letters = await lettersOf(user.organizationId, user.id, null);
  const order = { current: 0, expired: 1, revoked: 2 } as const;
  return {
    releases: releases
      .sort((a, b) => order[a.state] - order[b.state])
      .map((r) => ({ ...r, letters: letters.filter((l) => l.releaseId === r.id) })),
    programs: await releasePrograms(db, user.organizationId, user.id),
  };
}

/**
 * The staff letters page of an enrolment: the person's releases for this enrolment's program (to
 * choose one — another program's release is not shown: it would tell staff about that program) and
 * those naming no program (which cover none), the letters about them (every one for a manager; this
 * group's for its facilitator). Seeing the person's releases is recorded once a day in their
 * disclosure history.
 */
export async function lettersPage(user: CurrentUser, enrolmentId: string, now: Date) {
  const e = await enrolmentForLetters(db, user, enrolmentId);
  const part2 = (await releaseProgram(db, user.organizationId, e.programId)).part2 || isSubstanceUseGroup(e.groupKind);
  const releases = (await releasesOf(user.organizationId, e.userId, now, e.programId)).map((r) => ({
    ...r,
    coversThisEnrolment: r.programId === e.programId && (r.part2 || !part2),
  }));
  const letters = await lettersOf(user.organizationId, e.userId, seesAllLettersOfPerson(user) ? null : e.groupId);
  const [person] = await db.select({ email: users.email, confirmedAt: users.emailConfirmedAt }).from(users).where(eq(users.id, e.userId));
  const notifiable = notifiableByEmail(person?.email, person?.confirmedAt);
  await recordDisclosureOncePerDay(
    db,
    { organizationId: user.organizationId, actorId: user.id, action: "release.list_viewed", subjectType: "enrolment", subjectId: enrolmentId },
    [e.userId],
  );
  return {
    enrolment: { id: e.enrolmentId, personName: e.personName, groupId: e.groupId, groupName: e.groupName, programName: e.programName, status: e.status },
    releases: releases.map(({ statement: _statement, ...r }) => r),
    letters,
    allLetters: seesAllLettersOfPerson(user),
    recordsPaper: recordsPaperReleases(user),
    // Release notices go by email only (statement.ts): the page warns when this person gets none.
    notifiable,
    notNotifiedMessage: NOT_NOTIFIED_MESSAGE,
  };
}

/**
 * A letter's PDF, printed again from its frozen facts. The participant may always download their
 * copy; staff (a manager, or a current facilitator of the letter's group) only while its release
 * still stands — after a revocation or the expiry the letter may not be sent any more. Each staff
 * download is audited.
 */
export async function letterPdf(user: CurrentUser, letterId: string, now: Date) {
  const [letter] = await db
    .select({ letter: disclosureLetters, revokedAt: informationReleases.revokedAt, expiresAt: informationReleases.expiresAt })
    .from(disclosureLetters)
    .innerJoin(informationReleases, eq(informationReleases.id, disclosureLetters.releaseId))
    .where(and(eq(disclosureLetters.id, letterId), eq(disclosureLetters.organizationId, user.organizationId)));
  if (!letter) notFound("Letter not found");
  const e = await enrolmentWithOutcome(db, user.organizationId, letter.letter.enrolmentId);
  const self = user.id === e.userId;
  // Staff reprint a letter only while they could issue it (letterRefusal: a relationship to the enrolment now).
  if (!self) await enrolmentForLetters(db, user, e.enrolmentId);
  if (!self) {
    const state = releaseState(letter, now);
    if (state !== "current") forbidden(state === "revoked" ? "The participant revoked the release this letter was written under; it may not be sent any more." : "The release this letter was written under has expired; it may not be sent any more.");
    await audit(db, { organizationId: user.organizationId, actorId: user.id, action: "letter.downloaded", subjectType: "letter", subjectId: letterId, subjectUserId: e.userId });
  }
  const bytes = await renderLetterPdf(letter.letter.content as LetterFacts, await pdfFonts(), letter.letter.issuedAt);
  return { bytes, filename: `letter-${letter.letter.issuedAt.toISOString().slice(0, 10)}.pdf` };
}

/**
 * The scan of a paper release: the participant, or staff with a current relationship to them
 * (auth/policy.ts staffRelationship: a manager, or a facilitator of a group of the release's program
 * the person is enrolled in now — not one they withdrew from, wait for or only showed interest in,
 * nor a group of another program). Staff views are audited.
 */
export async function paperReleaseScan(user: CurrentUser, releaseId: string) {
  const [release] = await db
    .select({ id: informationReleases.id, userId: informationReleases.userId, programId: informationReleases.programId, content: informationReleases.paperContent, contentType: informationReleases.paperContentType, fileName: informationReleases.paperFileName })
    .from(informationReleases)
    .where(and(eq(informationReleases.id, releaseId), eq(informationReleases.organizationId, user.organizationId)));
  if (!release) notFound("Release not found");
  if (user.id !== release.userId) {
    if (user.role === "participant") forbidden("Only the participant and their staff see this release.");
    const person = await personRelations(db, user.organizationId, release.userId);
    const relationship = person ? staffRelationship(user, person) : null;
    if (!relationship) forbidden("Only managers and the person's current facilitators see this release.");
    // A release covers one program (42 CFR 2.31) and names it: a facilitator sees its scan only
    // while leading a group of that program the person is enrolled in now, as the letters page
    // lists it — not through a group of another program (a Part 2 program's release must not reach
    // a budgeting workshop's leader). A release from before releases named a program: managers.
    if (relationship === "facilitator") {
      const [leads] = release.programId
        ? await db
            .select({ groupId: groups.id })
            .from(enrolments)
            .innerJoin(groups, eq(groups.id, enrolments.groupId))
            .innerJoin(groupFacilitators, and(eq(groupFacilitators.groupId, groups.id), eq(groupFacilitators.userId, user.id)))
            .where(and(eq(enrolments.userId, release.userId), eq(enrolments.status, "enrolled"), eq(groups.programId, release.programId), eq(groups.organizationId, user.organizationId)))
            .limit(1)
        : [];
      if (!leads) forbidden("Only managers and the facilitators of the program this release covers see it.");
    }
  }
  if (!release.content || !release.contentType) notFound("This release was signed in the app; there is no paper scan.");
  if (user.id !== release.userId) {
    await audit(db, { organizationId: user.organizationId, actorId: user.id, action: "release.paper_viewed", subjectType: "release", subjectId: release.id, subjectUserId: release.userId });
  }
  return { bytes: release.content, contentType: release.contentType, fileName: release.fileName ?? "signed-release" };
}

