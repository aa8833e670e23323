import { createHash, randomUUID } from "node:crypto";
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { DateTime } from "luxon";
import { paperReleaseLetterEmail, paperReleaseRecordedEmail } from "~emails/release-notice";
import { appUrl } from "~/config.server";
import { translatorFor } from "~/i18n/catalog";
import { DEFAULT_LOCALE, languageOf, localeOf } from "~/i18n/locales";
import { db, type Executor } from "~/db/client.server";
import { organizations, programs, users } from "~/db/schema";
import { disclosureLetters, informationReleases } from "~/db/tables/releases";
import { audit } from "~/modules/audit/mutations.server";
import { ROLE_LABELS } from "~/modules/audit/disclosures";
import type { CurrentUser } from "~/modules/auth/policy";
import { checkUploadedFile } from "~/modules/competency/files";
import { MAX_UPLOAD_BYTES } from "~/modules/competency/schema";
import { isSubstanceUseGroup, REDISCLOSURE_NOTICE_42_CFR_2_32 } from "~/modules/consent/wording";
import { forbidden, UserInputError } from "~/modules/errors";
import { enqueueEmail } from "~/modules/notifications/mutations.server";
import { civilDate } from "../outcome";
import { attendanceInputs, effectiveCriteria } from "../queries.server";
import { letterSections, type LetterFacts } from "./letter";
import { recordsPaperReleases, signsReleases } from "./policy";
import { enrolmentForLetters, releaseProgram, releasePrograms } from "./queries.server";
import type { ReleaseTermsInput } from "./schema";
import { NO_RELEASE_MESSAGE, NOT_NOTIFIED_MESSAGE, notifiableByEmail, orderedShares, paperSignedOn, releaseExpiry, releaseState, releaseStatement, signatureMatches } from "./statement";

/** How long an identical issue (same person, release and enrolment) counts as a repeated tap, not a new letter. */
const REPEAT_WINDOW_MS = 60_000;

/** The SHA-256 of a release's exact text, kept with it as proof of what was signed. */
export function statementHash(statement: string): string {
  return createHash("sha256").update(statement, "utf8").digest("hex");
}

async function participantOf(exec: Executor, userId: string) {
  const [person] = await exec.select({ name: users.name, email: users.email, confirmedAt: users.emailConfirmedAt, locale: users.locale }).from(users).where(eq(users.id, userId));
  return person;
}

async function organisationOf(exec: Executor, organizationId: string) {
  const [org] = await exec
    .select({ name: organizations.name, timezone: organizations.timezone, address: organizations.address, contactEmail: organizations.contactEmail, contactPhone: organizations.contactPhone })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  return org;
}

/**
 * The statement a participant is about to sign, exactly as it will be stored, with its hash — or
 * why the terms are refused (an expiry in the past or too far ahead). Writes nothing.
 */
export async function reviewRelease(user: CurrentUser, terms: ReleaseTermsInput & { programId: string }, now: Date) {
  if (!signsReleases(user)) forbidden("Only participants sign their own releases.");
  const org = await organisationOf(db, user.organizationId);
  // One program per release (42 CFR 2.31): one the person takes or took part in.
  const program = (await releasePrograms(db, user.organizationId, user.id)).find((p) => p.id === terms.programId);
  if (!program) throw new UserInputError("Choose a program you take part in: a release covers one of your programs.", "programId");
  const expiry = releaseExpiry(terms.expiresOn, { zone: org.timezone, now });
  if (!expiry.ok) throw new UserInputError(expiry.message, "expiresOn");
  // The participant reads and signs it in their own language; the record keeps those words.
  const statement = releaseStatement({ ...terms, participantName: user.name, organizationName: org.name, programName: program.name, part2: program.part2 }, localeOf(user.locale));
  return { statement, hash: statementHash(statement), expiresAt: expiry.expiresAt, zone: org.timezone, program };
}

/**
 * The participant signs a release in the app: the statement is rebuilt from the terms and must be
 * the one they read (same SHA-256), the typed name must be theirs, and the box ticked. Stored with
 * the exact text, its hash and the instant; audited.
 */
export async function signRelease(user: CurrentUser, input: ReleaseTermsInput & { programId: string; statementHash: string; signedName: string }, now: Date) {
  const review = await reviewRelease(user, input, now);
  if (review.hash !== input.statementHash) throw new UserInputError("The release changed since you read it. Read the new text below, then sign again.", "statementHash");
  if (!signatureMatches(input.signedName, user.name)) throw new UserInputError(`Type your name as it is on your account (${user.name}) to sign.`, "signedName");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(informationReleases)
      .values({
        organizationId: user.organizationId,
        userId: user.id,
        programId: review.program.id,
        part2: review.program.part2,
        recipientName: input.recipientName,
        recipientOrganization: input.recipientOrganization,
        recipientContact: input.recipientContact,
        purpose: input.purpose,
        shares: orderedShares(input.shares),
        expiresOn: input.expiresOn,
        expiresAt: review.expiresAt,
        method: "in_app",
        statement: review.statement,
        statementHash: review.hash,
        signedName: input.signedName,
        signedOn: civilDate(now, review.zone),
        recordedBy: user.id,
        recordedAt: now,
      })
      .returning({ id: informationReleases.id });
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "release.signed",
      subjectType: "release",
      subjectId: row.id,
      subjectUserId: user.id,
      after: { programId: review.program.id, recipientName: input.recipientName, shares: orderedShares(input.shares), expiresOn: input.expiresOn, statementHash: review.hash },
    });
    return row.id;
  });
}

/** The participant revokes one of their releases: from this instant no letter can be issued under it. Audited. */
export async function revokeRelease(user: CurrentUser, releaseId: string, now: Date) {
  if (!signsReleases(user)) forbidden("Only participants revoke their own releases.");
  await db.transaction(async (tx) => {
    const [ended] = await tx
      .update(informationReleases)
      .set({ revokedAt: now, revokedBy: user.id })
      .where(and(eq(informationReleases.id, releaseId), eq(informationReleases.userId, user.id), eq(informationReleases.organizationId, user.organizationId), isNull(informationReleases.revokedAt)))
      .returning({ id: informationReleases.id, recipientName: informationReleases.recipientName });
    if (!ended) throw new UserInputError("That release is not one of yours, or it is already revoked.", "releaseId");
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "release.revoked",
      subjectType: "release",
      subjectId: ended.id,
      subjectUserId: user.id,
      before: { state: "current" },
      after: { state: "revoked" },
    });
  });
}

/**
 * Staff record a release the participant signed on paper, with the scan of the signed page (a
 * PDF, PNG or JPEG judged by its bytes, at most 5 MB — checkUploadedFile, as for evidence uploads).
 */
export async function recordPaperRelease(
  user: CurrentUser,
  enrolmentId: string,
  input: ReleaseTermsInput & { signedOn: string; toldInPerson?: boolean; file: { name: string; bytes: Uint8Array } },
  now: Date,
) {
  if (!recordsPaperReleases(user)) forbidden("Only a manager records a release signed on paper. Ask a manager, or ask the participant to sign it in the app.");
  return db.transaction(async (tx) => {
    const e = await enrolmentForLetters(tx, user, enrolmentId);
    const org = await organisationOf(tx, user.organizationId);
    const signed = paperSignedOn(input.signedOn, { zone: org.timezone, now });
    if (!signed.ok) throw new UserInputError(signed.message, "signedOn");
    const expiry = releaseExpiry(input.expiresOn, { zone: org.timezone, now, signedOn: input.signedOn });
    if (!expiry.ok) throw new UserInputError(expiry.message, "expiresOn");
    const checked = checkUploadedFile(input.file, { maxBytes: MAX_UPLOAD_BYTES, fallbackName: "signed-release" });
    if (!checked.ok) throw new UserInputError(checked.message, "file");
    // The notice below goes by email only: someone without a real address is told in person instead,
    // before a second staff member, and the manager says so (recorded: who and when).
    const person = await participantOf(tx, e.userId);
    const notifiable = notifiableByEmail(person.email, person.confirmedAt);
    if (!notifiable && !input.toldInPerson) {
      throw new UserInputError(
        `${NOT_NOTIFIED_MESSAGE} Tick the box to confirm that a second staff member witnessed the signature and that you told ${e.personName} in person, or wait until they have confirmed their email address.`,
        "toldInPerson",
      );
    }
    // A paper release covers the program of the enrolment it is recorded on.
    const program = await releaseProgram(tx, user.organizationId, e.programId);
    const statement = `${releaseStatement({ ...input, participantName: e.personName, organizationName: org.name, programName: program.name, part2: program.part2 })}\n\nSigned on paper on ${input.signedOn}; recorded by ${user.name}, who keeps the scan of the signed page with this release.`;
    const [row] = await tx
      .insert(informationReleases)
      .values({
        organizationId: user.organizationId,
        userId: e.userId,
        programId: program.id,
        part2: program.part2,
        recipientName: input.recipientName,
        recipientOrganization: input.recipientOrganization,
        recipientContact: input.recipientContact,
        purpose: input.purpose,
        shares: orderedShares(input.shares),
        expiresOn: input.expiresOn,
        expiresAt: expiry.expiresAt,
        method: "paper",
        statement,
        statementHash: statementHash(statement),
        signedOn: input.signedOn,
        recordedBy: user.id,
        recordedAt: now,
        paperFileName: checked.fileName,
        paperContentType: checked.type,
        paperContent: Buffer.from(input.file.bytes),
        paperSizeBytes: input.file.bytes.byteLength,
        toldInPersonConfirmedBy: notifiable ? null : user.id,
        toldInPersonConfirmedAt: notifiable ? null : now,
      })
      .returning({ id: informationReleases.id });
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "release.paper_recorded",
      subjectType: "release",
      subjectId: row.id,
      subjectUserId: e.userId,
      after: {
        recipientName: input.recipientName,
        shares: orderedShares(input.shares),
        signedOn: input.signedOn,
        expiresOn: input.expiresOn,
        sizeBytes: input.file.bytes.byteLength,
        notice: notifiable ? "email" : "told_in_person_with_witness",
      },
    });
    if (!notifiable) return row.id;
    // The person is told at once (queued with the release: sent only if it is recorded).
    await enqueueEmail(tx, {
      ...paperReleaseRecordedEmail({
        name: person.name,
        organizationName: org.name,
        recipient: [input.recipientName, input.recipientOrganization].filter(Boolean).join(", "),
        shares: orderedShares(input.shares),
        expiresOn: input.expiresOn,
        recordedBy: user.name,
        url: `${appUrl()}/my/releases`,
        locale: localeOf(person.locale),
      }),
      to: person.email,
      toUser: e.userId,
      organizationId: user.organizationId,
    });
    return row.id;
  });
}

/**
 * Issues an attendance letter / progress report to the recipient of a current release (signed, not
 * expired, not revoked — read under a row lock, so a revocation and an issue cannot cross). The
 * letter states only what the release allows; its facts are frozen in the row, and the issue is
 * one disclosure: one letter row and one `letter.issued` event in the person's history. Without a
 * current release nothing is written.
 */
export async function issueLetter(user: CurrentUser, enrolmentId: string, releaseId: string, now: Date) {
  return db.transaction(async (tx) => {
    const e = await enrolmentForLetters(tx, user, enrolmentId);
    if (!releaseId) throw new UserInputError(NO_RELEASE_MESSAGE, "releaseId");
    const [release] = await tx
      .select()
      .from(informationReleases)
      .where(and(eq(informationReleases.id, releaseId), eq(informationReleases.organizationId, user.organizationId), eq(informationReleases.userId, e.userId)))
      .for("update");
    if (!release) throw new UserInputError(NO_RELEASE_MESSAGE, "releaseId");
    const state = releaseState(release, now);
    const org = await organisationOf(tx, user.organizationId);
    if (state === "revoked") throw new UserInputError(`${e.personName} revoked this release on ${civilDate(release.revokedAt!, org.timezone)}; no letter can be sent under it.`, "releaseId");
    if (state === "expired") throw new UserInputError(`This release expired at the end of ${release.expiresOn}; no letter can be sent under it. Ask ${e.personName} for a new one.`, "releaseId");
    // A release covers one program (42 CFR 2.31), and a Part 2 program only if its text said so.
    if (!release.programId) {
      throw new UserInputError(`This release does not name a program (it was signed before releases did), so it cannot carry a letter. Ask ${e.personName} to sign a new one for ${e.programName}.`, "releaseId");
    }
    if (release.programId !== e.programId) {
      const covered = await releaseProgram(tx, user.organizationId, release.programId);
      throw new UserInputError(`This release covers ${covered?.name ?? "another program"}; it does not cover ${e.programName}. Ask ${e.personName} to sign one for ${e.programName}.`, "releaseId");
    }
    const covered = await releaseProgram(tx, user.organizationId, e.programId);
    if (covered.part2 && !release.part2) {
      throw new UserInputError(
        `${e.programName} is a substance use disorder program (42 CFR part 2) and this release did not say so when it was signed, so it cannot carry a letter. Ask ${e.personName} to sign a new one.`,
        "releaseId",
      );
    }
    // A double tap: the same person, release and enrolment within a minute is the letter already
    // sent (the release row is locked above, so a parallel tap waits here and then sees it).
    const [repeat] = await tx
      .select({ id: disclosureLetters.id })
      .from(disclosureLetters)
      .where(
        and(
          eq(disclosureLetters.releaseId, release.id),
          eq(disclosureLetters.enrolmentId, e.enrolmentId),
          eq(disclosureLetters.issuedBy, user.id),
          gt(disclosureLetters.issuedAt, new Date(now.getTime() - REPEAT_WINDOW_MS)),
        ),
      )
      .orderBy(desc(disclosureLetters.issuedAt))
      .limit(1);
    if (repeat) return repeat.id;
    const [program] = await tx.select({ part2Program: programs.part2Program }).from(programs).where(eq(programs.id, e.programId));
    const [issuer] = await tx.select({ name: users.name }).from(users).where(eq(users.id, user.id));
    const inputs = await attendanceInputs(tx, e.groupId, [e.userId]);
    const found = await effectiveCriteria(tx, user.organizationId, { id: e.groupId, programId: e.programId });
    const part2 = program.part2Program || isSubstanceUseGroup(e.groupKind);
    const letterId = randomUUID();
    // Written in the participant's language (users.locale now), frozen with the facts: the letter
    // is about them and they read their copy; the recipient gets the same document.
    const locale = localeOf((await participantOf(tx, e.userId)).locale);
    const t = translatorFor(locale);
    const facts: LetterFacts = {
      reference: letterId.slice(0, 8).toUpperCase(),
      organizationName: org.name,
      organizationContact: [org.address, org.contactEmail, org.contactPhone].filter(Boolean).join(" · "),
      issuedOn: DateTime.fromJSDate(now, { zone: org.timezone }).setLocale(languageOf(locale) === "es" ? "es" : "en-US").toLocaleString(DateTime.DATE_FULL),
      recipient: { name: release.recipientName, organization: release.recipientOrganization, contact: release.recipientContact },
      participantName: e.personName,
      programName: e.programName,
      groupName: e.groupName,
      purpose: release.purpose,
      release: { signedOn: release.signedOn, expiresOn: release.expiresOn, method: release.method },
      sections: letterSections({
        shares: release.shares,
        sessions: inputs.sessionsOf(e.userId),
        marks: inputs.marksOf(e.userId),
        enrolmentStatus: e.status,
        startedOn: civilDate(e.startedAt, e.timezone),
        outcome: e.outcome ? { outcome: e.outcome.outcome, endedOn: e.outcome.endedOn, endedAt: e.outcome.endedAt, reason: e.outcome.reason } : null,
        left: e.left ? { status: e.left.status, on: civilDate(e.left.at, e.timezone), at: e.left.at } : null,
        criteria: found?.criteria ?? null,
        zone: e.timezone,
        now,
        locale,
      }),
      issuedBy: `${issuer.name}, ${ROLE_LABELS[user.role] ? t(`documents.letter.roles.${user.role}`) : user.role}`,
      part2Notice: part2 ? REDISCLOSURE_NOTICE_42_CFR_2_32 : null,
      ...(locale === DEFAULT_LOCALE ? {} : { locale }),
    };
    const shared = facts.sections.map((s) => s.item);
    await tx.insert(disclosureLetters).values({
      id: letterId,
      organizationId: user.organizationId,
      releaseId: release.id,
      userId: e.userId,
      enrolmentId: e.enrolmentId,
      groupId: e.groupId,
      shared,
      content: facts,
      part2Notice: part2,
      issuedBy: user.id,
      issuedAt: now,
    });
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "letter.issued",
      subjectType: "letter",
      subjectId: letterId,
      subjectUserId: e.userId,
      reason: `To ${[release.recipientName, release.recipientOrganization].filter(Boolean).join(", ")}: ${release.purpose}`,
      after: { releaseId: release.id, enrolmentId: e.enrolmentId, recipientName: release.recipientName, shared, part2Notice: part2 },
    });
    // Under a release staff recorded from paper, the person is told of each letter (in the app they see it on My releases).
    if (release.method === "paper") {
      const person = await participantOf(tx, e.userId);
      await enqueueEmail(tx, {
        ...paperReleaseLetterEmail({
          name: person.name,
          organizationName: org.name,
          recipient: [release.recipientName, release.recipientOrganization].filter(Boolean).join(", "),
          issuedBy: issuer.name,
          url: `${appUrl()}/my/releases`,
          locale: localeOf(person.locale),
        }),
        to: person.email,
        toUser: e.userId,
        organizationId: user.organizationId,
      });
    }
    return letterId;
  });
}
