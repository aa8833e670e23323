/** Concerns (complaints): raising one (named or anonymous), responses, status changes and the submitter's follow-up messages. */
import { createHmac } from "node:crypto";
import { and, eq, inArray, isNull } from "drizzle-orm";
import { concernAlertEmail, concernReplyEmail } from "~emails/voice-concern";
import { localeOf } from "~/i18n/locales";
import { db, type Executor } from "~/db/client.server";
import { groups, memberships, programs, sessions, users } from "~/db/schema";
import { concernMessages, concerns } from "~/db/tables/voice";
import { audit } from "~/modules/audit/mutations.server";
import { type CurrentUser } from "~/modules/auth/policy";
import { randomToken, sha256 } from "~/modules/auth/tokens.server";
import { config } from "~/config.server";
import { claimForm, fieldsHash, recordOutcome, type FormClaim } from "~/modules/forms/mutations.server";
import { enqueueEmail } from "~/modules/notifications/mutations.server";
import { notFound, UserInputError } from "~/modules/errors";
import { anonymousReceivedAt, canMoveConcern, type ConcernStatus } from "../concerns";
import { canHandleConcern } from "../policy";
import { concernSubjects } from "~/modules/voice/concerns/queries.server";

// ───────────────────────── concerns ─────────────────────────

/** Managers to tell about a concern: never anyone it is about (concernSubjects). */
export async function managersToAlert(tx: Executor, organizationId: string, concernId: string) {
  const except = new Set(await concernSubjects(tx, concernId));
  const rows = await tx
    .select({ id: users.id, email: users.email, name: users.name, locale: users.locale })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, organizationId), inArray(memberships.role, ["manager", "admin"]), isNull(memberships.deactivatedAt)));
  return rows.filter((r) => !except.has(r.id));
}

export async function raiseConcern(
  user: CurrentUser,
  input: {
    subject: "session" | "group" | "facilitator" | "program";
    sessionId: string | null;
    groupId: string | null;
    facilitatorId: string | null;
    programId: string | null;
    summary: string;
    body: string;
    anonymous: boolean;
  },
  now: Date,
  baseUrl: string,
) {
  return db.transaction((tx) => fileConcern(tx, user, input, now, baseUrl));
}

/**
 * raiseConcern for the form, with its one-time token: the same form sent again (a double tap
 * without JavaScript, at once or later) files nothing and answers as the first did — a named
 * concern with its id, an anonymous one with the same private link, worked out again from the
 * form's token (followUpToken); the stored outcome holds nothing that leads to an anonymous concern.
 */
export async function raiseConcernOnce(
  user: CurrentUser,
  input: Parameters<typeof raiseConcern>[1],
  now: Date,
  baseUrl: string,
  claim: FormClaim,
): Promise<{ id: string | null; token: string | null; repeated: boolean }> {
  return db.transaction(async (tx) => {
    const first = await claimForm<{ id: string | null }>(tx, user.organizationId, claim);
    if (first) return { id: first.outcome.id, token: input.anonymous ? followUpToken(claim) : null, repeated: true };
    const created = await fileConcern(tx, user, input, now, baseUrl, claim);
    await recordOutcome(tx, claim, { id: input.anonymous ? null : created.id });
    return { ...created, repeated: false };
  });
}

async function fileConcern(tx: Executor, user: CurrentUser, input: Parameters<typeof raiseConcern>[1], now: Date, baseUrl: string, claim?: FormClaim) {
  {
    let sessionId: string | null = null;
    let groupId: string | null = null;
    let programId: string | null = null;
    let facilitatorId: string | null = null;
    if (input.subject === "session") {
      const [s] = await tx
        .select({ id: sessions.id, groupId: sessions.groupId, programId: groups.programId })
        .from(sessions)
        .innerJoin(groups, eq(groups.id, sessions.groupId))
        .where(and(eq(sessions.id, input.sessionId!), eq(sessions.organizationId, user.organizationId)));
      if (!s) throw new UserInputError("Choose a session from the list.", "sessionId");
      [sessionId, groupId, programId] = [s.id, s.groupId, s.programId];
    } else if (input.subject === "group") {
      const [g] = await tx
        .select({ id: groups.id, programId: groups.programId })
        .from(groups)
        .where(and(eq(groups.id, input.groupId!), eq(groups.organizationId, user.organizationId)));
      if (!g) throw new UserInputError("Choose a group from the list.", "groupId");
      [groupId, programId] = [g.id, g.programId];
    } else if (input.subject === "facilitator") {
      const [m] = await tx
        .select({ userId: memberships.userId })
        .from(memberships)
        .where(
          and(
            eq(memberships.userId, input.facilitatorId!),
            eq(memberships.organizationId, user.organizationId),
            inArray(memberships.role, ["facilitator", "manager", "admin"]),
          ),
        );
      if (!m) throw new UserInputError("Choose a facilitator from the list.", "facilitatorId");
      facilitatorId = m.userId;
    } else {
      const [p] = await tx
        .select({ id: programs.id })
        .from(programs)
        .where(and(eq(programs.id, input.programId!), eq(programs.organizationId, user.organizationId)));
      if (!p) throw new UserInputError("Choose a program from the list.", "programId");
      programId = p.id;
    }
    const token = input.anonymous ? (claim ? followUpToken(claim) : randomToken()) : null;
    // An anonymous concern carries no finer time than its hour anywhere staff can look: its
    // received time, its audit event, and the managers' alert (queued at that hour, sent when it ends).
    const hour = anonymousReceivedAt(now);
    const [created] = await tx
      .insert(concerns)
      .values({
        organizationId: user.organizationId,
        subject: input.subject,
        sessionId,
        groupId,
        programId,
        facilitatorId,
        submitterId: input.anonymous ? null : user.id,
        anonymous: input.anonymous,
        followUpTokenHash: token ? sha256(token) : null,
        summary: input.summary,
        body: input.body,
        receivedAt: input.anonymous ? hour : now,
        updatedAt: input.anonymous ? hour : now,
      })
      .returning({ id: concerns.id });
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: input.anonymous ? null : user.id,
      action: "concern.create",
      subjectType: "concern",
      subjectId: created.id,
      after: { subject: input.subject, anonymous: input.anonymous },
      ...(input.anonymous ? { at: hour } : {}),
    });
    // Managers are told a concern arrived (never its content); the person it is about is not.
    for (const m of await managersToAlert(tx, user.organizationId, created.id)) {
      const mail = concernAlertEmail({ name: m.name, kind: "new", summary: null, url: `${baseUrl}/concerns/${created.id}`, locale: localeOf(m.locale) });
      await enqueueEmail(tx, {
        ...mail,
        to: m.email,
        toUser: m.id,
        organizationId: user.organizationId,
        dedupeKey: `voice:concern-new:${created.id}:${m.id}`,
        ...(input.anonymous ? { queuedAt: hour, notBefore: new Date(hour.getTime() + 3_600_000) } : {}),
      });
    }
    return { id: created.id, token };
  }
}

/**
 * An anonymous concern's private follow-up token when it was sent with a one-time form token: an
 * HMAC of that token and the form's fields under the server's secret, so a repeat of the same form
 * shows the same link without the link (or anything leading to the concern) being stored. As
 * unguessable as a random token: the form token is 32 random bytes, and the secret never leaves
 * the server; the concern keeps only its SHA-256, as before.
 */
function followUpToken(claim: FormClaim): string {
  return createHmac("sha256", config().sessionSecret).update(`concern-follow-up\0${claim.token}\0${fieldsHash(claim.fields)}`).digest("base64url");
}

async function lockConcern(tx: Executor, user: CurrentUser, concernId: string) {
  const [c] = await tx
    .select()
    .from(concerns)
    .where(and(eq(concerns.id, concernId), eq(concerns.organizationId, user.organizationId)))
    .for("update");
  if (!c) notFound("Concern not found");
  return { ...c, subjectIds: await concernSubjects(tx, c.id) };
}

export async function respondToConcern(user: CurrentUser, concernId: string, body: string, now: Date, baseUrl: string) {
  await db.transaction(async (tx) => {
    const c = await lockConcern(tx, user, concernId);
    if (!canHandleConcern(user, c)) notFound("Concern not found");
    await tx.insert(concernMessages).values({ organizationId: user.organizationId, concernId, author: "staff", staffId: user.id, body, createdAt: now });
    await tx
      .update(concerns)
      .set({ status: "responded", firstResponseAt: c.firstResponseAt ?? now, closedAt: null, updatedAt: now })
      .where(eq(concerns.id, concernId));
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "concern.respond",
      subjectType: "concern",
      subjectId: concernId,
      before: { status: c.status },
      after: { status: "responded" },
    });
    if (c.submitterId) {
      const [submitter] = await tx.select({ email: users.email, name: users.name, locale: users.locale }).from(users).where(eq(users.id, c.submitterId));
      if (submitter) {
        const mail = concernReplyEmail({ name: submitter.name, url: `${baseUrl}/concerns/${concernId}`, locale: localeOf(submitter.locale) });
        await enqueueEmail(tx, { ...mail, to: submitter.email, toUser: c.submitterId, organizationId: user.organizationId });
      }
    }
  });
}

export async function setConcernStatus(user: CurrentUser, concernId: string, status: ConcernStatus, now: Date) {
  await db.transaction(async (tx) => {
    const c = await lockConcern(tx, user, concernId);
    if (!canHandleConcern(user, c)) notFound("Concern not found");
    if (c.status === status) return;
    if (!canMoveConcern(c.status, status)) {
      throw new UserInputError(`A concern that is ${c.status.replace("_", " ")} cannot move to ${status.replace("_", " ")}.`, "status");
    }
    if (status === "responded" && !c.firstResponseAt) throw new UserInputError("Write a response first; sending it marks the concern responded.", "status");
    await tx
      .update(concerns)
      .set({ status, closedAt: status === "closed" ? now : null, updatedAt: now })
      .where(eq(concerns.id, concernId));
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "concern.status",
      subjectType: "concern",
      subjectId: concernId,
      before: { status: c.status },
      after: { status },
    });
  });
}

/** A message from the submitter (named, or anonymous through the follow-up link). Reopens a closed concern for review. */
export async function addSubmitterMessage(
  who: { user: CurrentUser } | { token: string },
  concernId: string,
  body: string,
  now: Date,
) {
  await db.transaction(async (tx) => {
    const where =
      "token" in who
        ? and(eq(concerns.id, concernId), eq(concerns.followUpTokenHash, sha256(who.token)))
        : and(eq(concerns.id, concernId), eq(concerns.organizationId, who.user.organizationId), eq(concerns.submitterId, who.user.id));
    const [c] = await tx.select().from(concerns).where(where).for("update");
    if (!c) notFound("Concern not found");
    const at = c.anonymous ? anonymousReceivedAt(now) : now;
    await tx.insert(concernMessages).values({ organizationId: c.organizationId, concernId, author: "submitter", staffId: null, body, createdAt: at });
    const status = c.status === "received" ? "received" : "in_review";
    await tx.update(concerns).set({ status, closedAt: null, updatedAt: at }).where(eq(concerns.id, concernId));
  });
}
