import { appUrl } from "~/config.server";
import { and, desc, eq, gt, isNotNull, isNull, lt, sql } from "drizzle-orm";
import { invitationEmail } from "~emails/invitation";
import { emailChangeConfirmationEmail } from "~emails/email-change-confirmation";
import { emailChangeNoticeEmail } from "~emails/email-change-notice";
import { emailConfirmationEmail } from "~emails/email-confirmation";
import { emailInUseNoticeEmail } from "~emails/email-in-use-notice";
import { passwordResetEmail } from "~emails/password-reset";
import { signupExistingAccountEmail } from "~emails/signup-existing-account";
import { db, lockKeys, type Executor } from "~/db/client.server";
import { calendarFeeds } from "~/db/tables/scheduling";
import {
  auditEvents,
  authSessions,
  emailConfirmationTokens,
  invitations,
  loginAttempts,
  memberships,
  organizations,
  passwordResetTokens,
  users,
} from "~/db/schema";
import { audit } from "~/modules/audit/mutations.server";
import { withdrawPlacesOfDeactivated, type PlaceGivenUp } from "~/modules/registration/mutations.server";
import { enqueueEmail } from "~/modules/notifications/mutations.server";
import { discreetInvitee } from "~/modules/calendar/queries.server";
import { UserInputError } from "~/modules/errors";
import {
  LOGIN_WINDOW_MINUTES,
  MAX_FAILURES_PER_DEVICE,
  canInvite,
  loginRefusal,
  type CurrentUser,
  type LoginRefusal,
  type Role,
} from "./policy";
import { deviceTag, hashPassword, needsRehash, randomToken, sha256, verifyPassword } from "./tokens.server";
import { DEFAULT_LOCALE, localeOf, type Locale } from "~/i18n/locales";

export const RESET_TOKEN_TTL_MS = 60 * 60 * 1000;
export const MAX_RESETS_PER_HOUR = 3;
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export type SignInResult =
  | { ok: true; userId: string; organizationId: string }
  | { ok: false; reason: "invalid" | "no-membership" | "unconfirmed" | "deactivated" }
  | ({ ok: false; reason: "throttled" } & Omit<LoginRefusal, "reason">);

/**
 * Signs in with email and password. The attempt is counted and recorded atomically before the
 * password is checked (one transaction holding advisory locks on the account, then the address),
 * so parallel requests cannot get more guesses than the limits in policy.ts allow; the hash is
 * checked outside the transaction, and the attempt is marked successful afterwards.
 * `trustedDevice`: the tags of the browser's device cookie (session.server.ts).
 */
export async function signIn(input: {
  email: string;
  password: string;
  ip: string;
  trustedDevice?: string[];
  now?: Date;
}): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  const gate = await db.transaction(async (tx) => {
    await lockKeys(tx, [`login:account:${email}`, `login:address:${input.ip}`]);
    // The time is read once the lock is held: read before, a request that waited for the lock
    // would be older than the attempts recorded meanwhile, and a wait counted from them would
    // come out longer than the window ("wait 16 minutes").
    const now = input.now ?? new Date();
    const sinceText = new Date(now.getTime() - LOGIN_WINDOW_MINUTES * 60_000).toISOString();
    // This account's attempts older than a day count toward nothing (uses the (email, at) index).
    await tx
      .delete(loginAttempts)
      .where(and(eq(loginAttempts.email, email), lt(loginAttempts.at, new Date(now.getTime() - 86_400_000))));
    const [user] = await tx
      .select({ id: users.id, passwordHash: users.passwordHash, emailConfirmedAt: users.emailConfirmedAt })
      .from(users)
      .where(sql`lower(${users.email}) = ${email}`);
    const [row] = await tx.execute<{
      pair_failures: number;
      pair_oldest: string | null;
      account_failures: number;
      account_last: string | null;
      address_accounts: number;
    }>(sql`
      with pair as (
        select at from ${loginAttempts}
        where email = ${email} and ip = ${input.ip} and not succeeded and at > ${sinceText}::timestamptz
          and id > coalesce((select max(id) from ${loginAttempts} where email = ${email} and ip = ${input.ip} and succeeded), 0)
        order by at desc limit ${MAX_FAILURES_PER_DEVICE}
      ), account as (
        select count(*)::int as n, max(at) as last from ${loginAttempts}
        where email = ${email} and not succeeded and at > ${sinceText}::timestamptz
          and id > coalesce((select max(id) from ${loginAttempts} where email = ${email} and succeeded), 0)
      ), address as (
        select count(distinct email)::int as n from ${loginAttempts} where ip = ${input.ip} and not succeeded and at > ${sinceText}::timestamptz
      )
      select (select count(*)::int from pair) as pair_failures, (select min(at) from pair) as pair_oldest,
        account.n as account_failures, account.last as account_last, address.n as address_accounts
      from account, address`);
    const refusal = loginRefusal(
      {
        pairFailures: row.pair_failures,
        pairOldestFailureAt: row.pair_oldest ? new Date(row.pair_oldest) : null,
        accountFailures: row.account_failures,
        accountLastFailureAt: row.account_last ? new Date(row.account_last) : null,
        addressAccounts: row.address_accounts,
        trustedDevice: Boolean(user && input.trustedDevice?.includes(deviceTag(user.id))),
      },
      now,
    );
    if (refusal) return { refused: true as const, refusal, attemptId: 0, user: null };
    // Recorded as a failure until the password proves otherwise.
    const [attempt] = await tx
      .insert(loginAttempts)
      .values({ email, ip: input.ip, succeeded: false, at: now })
      .returning({ id: loginAttempts.id });
    return { refused: false as const, refusal: null, attemptId: attempt.id, user: user ?? null };
  });
  if (gate.refused) {
    return { ok: false, reason: "throttled", retryAfterSeconds: gate.refusal.retryAfterSeconds, message: gate.refusal.message };
  }
  const user = gate.user;
  const valid = await verifyPassword(input.password, user?.passwordHash ?? null);
  if (!user || !valid) return { ok: false, reason: "invalid" };
  await db.update(loginAttempts).set({ succeeded: true }).where(eq(loginAttempts.id, gate.attemptId));
  // Until the mailbox is proven, the account cannot be used: its sign-up may not be its owner's.
  if (!user.emailConfirmedAt) return { ok: false, reason: "unconfirmed" };
  if (user.passwordHash && needsRehash(user.passwordHash)) {
    // Old bcrypt hashes (or older argon2 parameters) are replaced now that we know the password.
    const passwordHash = await hashPassword(input.password);
    await db
      .update(users)
      .set({ passwordHash })
      .where(and(eq(users.id, user.id), eq(users.passwordHash, user.passwordHash)));
  }
  // The organisation joined first among those where the membership is active. Only now, after
  // the right password, may the answer say that the account was deactivated (no enumeration).
  const joined = await db
    .select({ organizationId: memberships.organizationId, deactivatedAt: memberships.deactivatedAt })
    .from(memberships)
    .where(eq(memberships.userId, user.id))
    .orderBy(memberships.createdAt);
  const membership = joined.find((m) => m.deactivatedAt === null);
  if (!membership) return { ok: false, reason: joined.length ? "deactivated" : "no-membership" };
  return { ok: true, userId: user.id, organizationId: membership.organizationId };
}

export const EMAIL_CONFIRMATION_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * What one sign-up asked for, kept with its confirmation link and applied whole when that link is
 * confirmed: the organisation joined, the name, zone and language, and the password (hashed).
 */
type SignUpRequest = { organizationId: string; name: string; timezone: string; locale: Locale; passwordHash: string };

async function issueEmailConfirmation(
  tx: Executor,
  input: { userId: string; email: string; purpose: "signup" | "change" | "join"; now: Date; signup?: Partial<SignUpRequest> },
): Promise<string> {
  const token = randomToken();
  await tx.insert(emailConfirmationTokens).values({
    tokenHash: sha256(token),
    userId: input.userId,
    email: input.email,
    purpose: input.purpose,
    passwordHash: input.signup?.passwordHash ?? null,
    organizationId: input.signup?.organizationId ?? null,
    name: input.signup?.name ?? null,
    timezone: input.signup?.timezone ?? null,
    locale: input.signup?.locale ?? null,
    expiresAt: new Date(input.now.getTime() + EMAIL_CONFIRMATION_TTL_MS),
    createdAt: input.now,
  });
  return token;
}

/** Every sign-up link of the account still open stops working (only the newest sign-up may confirm). */
async function voidSignUpLinks(tx: Executor, userId: string, now: Date): Promise<void> {
  await tx
    .update(emailConfirmationTokens)
    .set({ usedAt: now })
    .where(and(eq(emailConfirmationTokens.userId, userId), eq(emailConfirmationTokens.purpose, "signup"), isNull(emailConfirmationTokens.usedAt)));
}

/**
 * Creates a participant account, not yet confirmed, and emails a confirmation link. When the address
 * already has an account, its owner is emailed instead; the caller answers the same in both cases
 * (no account enumeration), and both cases hash the password so they take the same time.
 */
export async function signUpParticipant(input: {
  organizationSlug: string;
  name: string;
  email: string;
  timezone: string;
  /** The language and date style the person chose (users.locale); US English when not given. */
  locale?: Locale;
  password: string;
  baseUrl: string;
  /** A same-site path to open once the address is confirmed (e.g. the registration they started). */
  returnTo?: string | null;
  now?: Date;
}): Promise<void> {
  const now = input.now ?? new Date();
  const email = input.email.trim().toLowerCase();
  const next = input.returnTo && input.returnTo !== "/home" ? `?redirectTo=${encodeURIComponent(input.returnTo)}` : "";
  const passwordHash = await hashPassword(input.password);
  await db.transaction(async (tx) => {
    const [org] = await tx.select().from(organizations).where(eq(organizations.slug, input.organizationSlug));
    if (!org) throw new UserInputError("This organisation does not exist.");
    await lockKeys(tx, [`email:${email}`]);
    const [existing] = await tx.select().from(users).where(sql`lower(${users.email}) = ${email}`);
    const locale = input.locale ?? DEFAULT_LOCALE;
    const request: Omit<SignUpRequest, "organizationId"> = { name: input.name, timezone: input.timezone, locale, passwordHash };
    if (existing && !existing.emailConfirmedAt) {
      // Signed up before and never confirmed (perhaps by someone else with this address): this
      // sign-up replaces the earlier ones. Their links stop working, and this one carries the whole
      // sign-up (organisation, name, zone, language, password), applied only when it is confirmed
      // with this sign-up's password — nothing of it touches the account before.
      await voidSignUpLinks(tx, existing.id, now);
      const token = await issueEmailConfirmation(tx, { userId: existing.id, email, purpose: "signup", now, signup: { ...request, organizationId: org.id } });
      const mail = emailConfirmationEmail({
        name: input.name,
        url: `${input.baseUrl}/confirm-email/${token}${next}`,
        organizationName: org.name,
        locale,
      });
      await enqueueEmail(tx, { ...mail, to: existing.email, organizationId: org.id });
      return;
    }
    if (existing) {
      // A confirmed account: its owner is told, and — unless already a member here — offered to
      // join this organisation with that account. The link alone does nothing: it asks for the
      // account's own password (the mailbox and the password, as the owner has both).
      const [member] = await tx
        .select({ id: memberships.id })
        .from(memberships)
        .where(and(eq(memberships.userId, existing.id), eq(memberships.organizationId, org.id)));
      const joinToken = member ? null : await issueEmailConfirmation(tx, { userId: existing.id, email, purpose: "join", now, signup: { organizationId: org.id } });
      const mail = signupExistingAccountEmail({
        name: existing.name,
        organizationName: org.name,
        loginUrl: `${input.baseUrl}/login`,
        resetUrl: `${input.baseUrl}/forgot-password`,
        joinUrl: joinToken ? `${input.baseUrl}/confirm-email/${joinToken}${next}` : null,
        locale: localeOf(existing.locale),
      });
      await enqueueEmail(tx, { ...mail, to: existing.email, organizationId: org.id });
      return;
    }
    const [user] = await tx
      .insert(users)
      .values({ name: input.name, email, timezone: input.timezone, locale, passwordHash, emailConfirmedAt: null, createdAt: now })
      .returning({ id: users.id });
    await tx.insert(memberships).values({ userId: user.id, organizationId: org.id, role: "participant" });
    await audit(tx, {
      organizationId: org.id,
      actorId: user.id,
      action: "account.signup",
      subjectType: "user",
      subjectId: user.id,
    });
    const token = await issueEmailConfirmation(tx, { userId: user.id, email, purpose: "signup", now, signup: { ...request, organizationId: org.id } });
    const mail = emailConfirmationEmail({
      name: input.name,
      url: `${input.baseUrl}/confirm-email/${token}${next}`,
      organizationName: org.name,
      locale,
    });
    await enqueueEmail(tx, { ...mail, to: email, organizationId: org.id });
  });
}

/**
 * For an account that never had a confirmed owner, being claimed by whoever proved the mailbox:
 * memberships that earlier (unconfirmed) sign-ups created — each audited as account.signup in its
 * organisation — go, except in `keep` (null: every one). Those staff created (a walk-in with this address) stay.
 */
async function dropUnconfirmedSignUpMemberships(tx: Executor, userId: string, keep: string | null): Promise<void> {
  await tx.execute(sql`
    delete from ${memberships} m
    where m.user_id = ${userId} ${keep === null ? sql`` : sql`and m.organization_id <> ${keep}`}
      and exists (
        select 1 from ${auditEvents} a
        where a.action = 'account.signup' and a.subject_type = 'user' and a.subject_id = ${userId}::text
          and a.organization_id = m.organization_id
      )`);
}

/** Messages of a sign-up confirmation (English; the Spanish catalogue has each). */
const CONFIRM_LINK_DEAD = "This link has expired or was already used.";
const CONFIRM_PASSWORD_MISSING = "Enter the password you chose when you created your account.";
const CONFIRM_PASSWORD_WRONG =
  "That is not the password chosen when this account was created. Try again, or create your account again to get a new link.";
const JOIN_PASSWORD_MISSING = "Enter your account's password.";
const JOIN_PASSWORD_WRONG = "That is not your account's password. Try again, or choose a new one from the sign-in page (Forgot your password?).";
const JOIN_DEACTIVATED =
  "This account has been deactivated by your organisation. Ask your organisation's administrator or program manager if you need access again.";

/** The open confirmation link for `token`, if any (the page shows a button; following it confirms). */
export async function findEmailConfirmation(token: string, now = new Date()) {
  const [row] = await db
    .select({ email: emailConfirmationTokens.email, purpose: emailConfirmationTokens.purpose, organizationName: organizations.name })
    .from(emailConfirmationTokens)
    .leftJoin(organizations, eq(organizations.id, emailConfirmationTokens.organizationId))
    .where(
      and(
        eq(emailConfirmationTokens.tokenHash, sha256(token)),
        isNull(emailConfirmationTokens.usedAt),
        gt(emailConfirmationTokens.expiresAt, now),
      ),
    );
  return row ?? null;
}

/**
 * Follows a confirmation link, once. After a change on the profile it moves the account to the new
 * address (unless another account took it meanwhile). After sign-up it proves the mailbox, and the
 * password typed on the page proves the person who signed up: both are needed, so neither someone
 * who signed up with another person's address (no mailbox) nor the owner following a link they
 * did not ask for (no password) can confirm that sign-up. A confirmed sign-up is applied whole:
 * its password, name, zone and language, and its organisation in place of those joined by earlier
 * sign-ups (the account never had a confirmed owner); every earlier session and link ends.
 * Returns whom to sign in, and where.
 */
export async function confirmEmail(input: {
  token: string;
  password?: string;
  now?: Date;
}): Promise<{ userId: string; organizationId: string; purpose: "signup" | "change" | "join" }> {
  const now = input.now ?? new Date();
  const open = and(
    eq(emailConfirmationTokens.tokenHash, sha256(input.token)),
    isNull(emailConfirmationTokens.usedAt),
    gt(emailConfirmationTokens.expiresAt, now),
  );
  const [link] = await db
    .select({
      userId: emailConfirmationTokens.userId,
      email: emailConfirmationTokens.email,
      purpose: emailConfirmationTokens.purpose,
      passwordHash: emailConfirmationTokens.passwordHash,
      accountHash: users.passwordHash,
    })
    .from(emailConfirmationTokens)
    .innerJoin(users, eq(users.id, emailConfirmationTokens.userId))
    .where(open);
  if (!link) throw new UserInputError(CONFIRM_LINK_DEAD);
  if (link.purpose === "signup") {
    // Checked before anything is used up: a mistyped password leaves the link as it was. (Links
    // from before sign-ups kept their password carry none: the account's own is asked for.)
    if (!input.password) throw new UserInputError(CONFIRM_PASSWORD_MISSING, "password");
    if (!(await verifyPassword(input.password, link.passwordHash ?? link.accountHash))) throw new UserInputError(CONFIRM_PASSWORD_WRONG, "password");
  } else if (link.purpose === "join") {
    // Joining another organisation with an existing account: the account's own password.
    if (!input.password) throw new UserInputError(JOIN_PASSWORD_MISSING, "password");
    if (!(await verifyPassword(input.password, link.accountHash))) throw new UserInputError(JOIN_PASSWORD_WRONG, "password");
  }
  return db.transaction(async (tx) => {
    // The address first, then the link: a sign-up of the same address (which takes the address
    // lock, then voids this account's links) waits for this confirmation or goes first, never both halves.
    // The account's row before its links, as a password reset takes them.
    await lockKeys(tx, [`email:${link.email}`]);
    const [user] = await tx.select().from(users).where(eq(users.id, link.userId)).for("update");
    const [row] = await tx.update(emailConfirmationTokens).set({ usedAt: now }).where(open).returning();
    if (!row || !user) throw new UserInputError(CONFIRM_LINK_DEAD);
    let organizationId: string | null = null;
    if (row.purpose === "join") {
      if (!user.emailConfirmedAt || user.email.toLowerCase() !== row.email || !row.organizationId) throw new UserInputError(CONFIRM_LINK_DEAD);
      organizationId = row.organizationId;
      const [member] = await tx
        .select({ deactivatedAt: memberships.deactivatedAt })
        .from(memberships)
        .where(and(eq(memberships.userId, user.id), eq(memberships.organizationId, organizationId)));
      // Deactivated there since the link was sent: the link does not undo that.
      if (member?.deactivatedAt) throw new UserInputError(JOIN_DEACTIVATED);
      if (!member) {
        await tx.insert(memberships).values({ userId: user.id, organizationId, role: "participant" });
        await audit(tx, { organizationId, actorId: user.id, action: "account.signup", subjectType: "user", subjectId: user.id });
      }
    } else if (row.purpose === "signup") {
      if (user.email.toLowerCase() !== row.email) throw new UserInputError("This link is for an address the account no longer uses.");
      if (!user.emailConfirmedAt) {
        // The mailbox owner's own sign-up decides everything; every other link and any session
        // opened before the address was proven end here.
        await tx
          .update(users)
          .set({
            emailConfirmedAt: now,
            ...(row.passwordHash ? { passwordHash: row.passwordHash } : {}),
            ...(row.name ? { name: row.name } : {}),
            ...(row.timezone ? { timezone: row.timezone } : {}),
            ...(row.locale ? { locale: row.locale } : {}),
          })
          .where(eq(users.id, user.id));
        if (row.organizationId) {
          organizationId = row.organizationId;
          await dropUnconfirmedSignUpMemberships(tx, user.id, row.organizationId);
          const [joined] = await tx
            .insert(memberships)
            .values({ userId: user.id, organizationId: row.organizationId, role: "participant" })
            .onConflictDoNothing()
            .returning({ id: memberships.id });
          if (joined) {
            await audit(tx, { organizationId: row.organizationId, actorId: user.id, action: "account.signup", subjectType: "user", subjectId: user.id });
          }
        }
        await tx.delete(authSessions).where(eq(authSessions.userId, user.id));
        await voidSignUpLinks(tx, user.id, now);
      }
    } else {
      const [taken] = await tx
        .select({ id: users.id })
        .from(users)
        .where(and(sql`lower(${users.email}) = ${row.email}`, sql`${users.id} <> ${user.id}`));
      if (taken) throw new UserInputError("Another account uses this address now, so it cannot be moved to yours.");
      await tx.update(users).set({ email: row.email, emailConfirmedAt: now }).where(eq(users.id, user.id));
      // Other pending changes of this account are void: the address is settled. So are reset links
      // still in the old mailbox — people move to a new address because someone else reads the old one.
      await tx
        .update(emailConfirmationTokens)
        .set({ usedAt: now })
        .where(and(eq(emailConfirmationTokens.userId, user.id), isNull(emailConfirmationTokens.usedAt)));
      await tx
        .update(passwordResetTokens)
        .set({ usedAt: now })
        .where(and(eq(passwordResetTokens.userId, user.id), isNull(passwordResetTokens.usedAt)));
    }
    if (!organizationId) {
      const [membership] = await tx
        .select({ organizationId: memberships.organizationId })
        .from(memberships)
        .where(eq(memberships.userId, user.id))
        .orderBy(memberships.createdAt)
        .limit(1);
      if (!membership) throw new UserInputError("This account does not belong to any organisation yet.");
      organizationId = membership.organizationId;
    }
    await audit(tx, {
      organizationId,
      actorId: user.id,
      action: row.purpose === "change" ? "profile.email_change" : "account.email_confirm",
      subjectType: "user",
      subjectId: user.id,
      ...(row.purpose === "change" ? { before: { email: user.email }, after: { email: row.email } } : {}),
    });
    return { userId: user.id, organizationId, purpose: row.purpose };
  });
}

/** Always behaves the same whether or not the account exists (no account enumeration). */
export async function requestPasswordReset(input: { email: string; baseUrl: string; now?: Date }): Promise<void> {
  const now = input.now ?? new Date();
  await db.transaction(async (tx) => {
    // The user row is locked, so parallel requests count one after another (at most 3, not 3 each).
    const [user] = await tx
      .select()
      .from(users)
      .where(sql`lower(${users.email}) = ${input.email.trim().toLowerCase()}`)
      .for("update");
    if (!user) return;
    // At most 3 reset emails an hour per account, so the form cannot be used to flood a mailbox.
    const [recent] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(passwordResetTokens)
      .where(and(eq(passwordResetTokens.userId, user.id), gt(passwordResetTokens.createdAt, new Date(now.getTime() - RESET_TOKEN_TTL_MS))));
    if ((recent?.n ?? 0) >= MAX_RESETS_PER_HOUR) return;
    const [org] = await tx
      .select({ id: organizations.id, name: organizations.name })
      .from(memberships)
      .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
      .where(eq(memberships.userId, user.id))
      .limit(1);
    const token = randomToken();
    await tx.insert(passwordResetTokens).values({
      tokenHash: sha256(token),
      userId: user.id,
      expiresAt: new Date(now.getTime() + RESET_TOKEN_TTL_MS),
      createdAt: now,
    });
    const email = passwordResetEmail({
      name: user.name,
      url: `${input.baseUrl}/reset-password/${token}`,
      organizationName: org?.name ?? "Group Sessions",
      locale: localeOf(user.locale),
    });
    await enqueueEmail(tx, { ...email, to: user.email, organizationId: org?.id ?? null });
  });
}

/** A new password makes every reset link still in someone's mailbox useless. */
/**
 * Ends every link that could change the account: reset links, pending email changes and open
 * sign-up links. Called
 * when the password is reset or changed — whoever held the account before (a session, the old
 * password) must not keep a way back in through a link they requested.
 */
async function voidAccountLinks(tx: Executor, userId: string, now: Date): Promise<void> {
  await tx
    .update(passwordResetTokens)
    .set({ usedAt: now })
    .where(and(eq(passwordResetTokens.userId, userId), isNull(passwordResetTokens.usedAt)));
  // Sign-up links too: once a password is set by reset, no earlier sign-up can set another.
  await tx
    .update(emailConfirmationTokens)
    .set({ usedAt: now })
    .where(and(eq(emailConfirmationTokens.userId, userId), isNull(emailConfirmationTokens.usedAt)));
}

export async function resetTokenIsUsable(token: string, now = new Date()): Promise<boolean> {
  return Boolean(await findResetLink(token, now));
}

/**
 * The open reset link for `token`, if any, and whether its account never had a confirmed owner
 * (`newPerson`): then the reset is the mailbox owner's first confirmation, and the page asks for
 * their own name and zone (resetPassword keeps nothing of the unconfirmed sign-up). Only the
 * mailbox's reader sees this, so it tells no one else anything.
 */
export async function findResetLink(token: string, now = new Date()): Promise<{ newPerson: boolean } | null> {
  const [row] = await db
    .select({ confirmedAt: users.emailConfirmedAt })
    .from(passwordResetTokens)
    .innerJoin(users, eq(users.id, passwordResetTokens.userId))
    .where(
      and(
        eq(passwordResetTokens.tokenHash, sha256(token)),
        isNull(passwordResetTokens.usedAt),
        gt(passwordResetTokens.expiresAt, now),
      ),
    );
  return row ? { newPerson: row.confirmedAt === null } : null;
}

/** The details a never-confirmed account's owner gives when a reset makes the account theirs. */
export type ResetNewPerson = { name: string; timezone: string; locale: Locale };
export const RESET_DETAILS_MISSING = "Enter your name and time zone: this address had no confirmed account yet.";

/**
 * Single use: the token is consumed atomically; every session of the account is ended, and every
 * other link. On an account that never had a confirmed owner (someone signed up with this address
 * and never confirmed it — perhaps not its owner) the reset is the owner's first confirmation and
 * adopts nothing of that sign-up: the name, zone and language are the ones given now (`newPerson`,
 * required then), and the memberships that unconfirmed sign-ups created go (staff-made ones, such
 * as a walk-in's, stay). Returns false when the link is not open; "new-person" when such an
 * account was claimed.
 */
export async function resetPassword(input: { token: string; password: string; newPerson?: ResetNewPerson; now?: Date }): Promise<false | true | "new-person"> {
  const now = input.now ?? new Date();
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(passwordResetTokens)
      .set({ usedAt: now })
      .where(
        and(
          eq(passwordResetTokens.tokenHash, sha256(input.token)),
          isNull(passwordResetTokens.usedAt),
          gt(passwordResetTokens.expiresAt, now),
        ),
      )
      .returning({ userId: passwordResetTokens.userId });
    if (!row) return false;
    // The account's row, locked as a sign-up confirmation takes it (so a confirmation and this reset never interleave).
    const [user] = await tx.select({ email: users.email, confirmedAt: users.emailConfirmedAt }).from(users).where(eq(users.id, row.userId)).for("update");
    const newPerson = user.confirmedAt === null;
    if (newPerson && !input.newPerson) throw new UserInputError(RESET_DETAILS_MISSING, "name");
    // The link arrived by email: the address is confirmed too.
    await tx
      .update(users)
      .set({
        passwordHash,
        emailConfirmedAt: sql`coalesce(${users.emailConfirmedAt}, ${now.toISOString()}::timestamptz)`,
        ...(newPerson && input.newPerson ? { name: input.newPerson.name, timezone: input.newPerson.timezone, locale: input.newPerson.locale } : {}),
      })
      .where(eq(users.id, row.userId));
    if (newPerson) await dropUnconfirmedSignUpMemberships(tx, row.userId, null);
    await voidAccountLinks(tx, row.userId, now);
    await tx.delete(authSessions).where(eq(authSessions.userId, row.userId));
    await audit(tx, {
      organizationId: null,
      actorId: row.userId,
      action: "account.password_reset",
      subjectType: "user",
      subjectId: row.userId,
      ...(newPerson ? { after: { firstConfirmation: true } } : {}),
    });
    return newPerson ? "new-person" : true;
  });
}

/**
 * Invites someone by email. Inviting an address that already has an open invitation does not
 * create a second one: the open invitation is refreshed (new link — the old one stops working —
 * new expiry, the role now chosen) and sent again. Concurrent invitations of one address are
 * serialised by an advisory lock.
 */
export async function createInvitation(input: {
  actor: CurrentUser;
  email: string;
  role: Role;
  /** The invitee's language; the inviter's when not given. */
  locale?: Locale;
  baseUrl: string;
  now?: Date;
}): Promise<{ resent: boolean }> {
  if (!canInvite(input.actor.role, input.role)) throw new UserInputError("You cannot invite people with this role.", "role");
  const now = input.now ?? new Date();
  const locale = input.locale ?? localeOf(input.actor.locale);
  const email = input.email.trim().toLowerCase();
  return db.transaction(async (tx) => {
    await lockKeys(tx, [`invite:${input.actor.organizationId}:${email}`]);
    const [already] = await tx
      .select({ id: memberships.id, deactivatedAt: memberships.deactivatedAt })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.organizationId, input.actor.organizationId), sql`lower(${users.email}) = ${email}`));
    if (already?.deactivatedAt) throw new UserInputError("This person is a member whose access is deactivated: reactivate them in the list of members instead.", "email");
    if (already) throw new UserInputError("This person is already a member of your organisation.", "email");
    const [open] = await tx
      .select({ id: invitations.id, role: invitations.role })
      .from(invitations)
      .where(
        and(
          eq(invitations.organizationId, input.actor.organizationId),
          sql`lower(${invitations.email}) = ${email}`,
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
          gt(invitations.expiresAt, now),
        ),
      )
      .orderBy(desc(invitations.createdAt))
      .limit(1);
    if (open) {
      if (!canInvite(input.actor.role, open.role)) throw new UserInputError("This address already has an invitation you cannot change.", "email");
      await refreshInvitation(tx, input.actor, open.id, { role: input.role, locale, baseUrl: input.baseUrl, now, email });
      return { resent: true };
    }
    const token = randomToken();
    const [invitation] = await tx
      .insert(invitations)
      .values({
        organizationId: input.actor.organizationId,
        email,
        role: input.role,
        locale,
        tokenHash: sha256(token),
        invitedBy: input.actor.id,
        expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
        createdAt: now,
      })
      .returning({ id: invitations.id });
    const mail = invitationEmail({
      organizationName: input.actor.organizationName,
      inviterName: input.actor.name,
      role: input.role,
      url: `${input.baseUrl}/invite/${token}`,
      locale,
      discreet: await discreetInvitee(tx, email),
    });
    await enqueueEmail(tx, { ...mail, to: email, organizationId: input.actor.organizationId });
    await audit(tx, {
      organizationId: input.actor.organizationId,
      actorId: input.actor.id,
      action: "invitation.create",
      subjectType: "invitation",
      subjectId: invitation.id,
      after: { email, role: input.role, locale },
    });
    return { resent: false };
  });
}

/** A new link and expiry for an open invitation, emailed again; the old link stops working. Audited. */
async function refreshInvitation(
  tx: Executor,
  actor: CurrentUser,
  invitationId: string,
  input: { role: Role; locale: Locale; baseUrl: string; now: Date; email: string },
) {
  const token = randomToken();
  const [before] = await tx.select({ role: invitations.role, expiresAt: invitations.expiresAt, locale: invitations.locale }).from(invitations).where(eq(invitations.id, invitationId));
  const expiresAt = new Date(input.now.getTime() + INVITATION_TTL_MS);
  await tx.update(invitations).set({ tokenHash: sha256(token), role: input.role, locale: input.locale, expiresAt, invitedBy: actor.id }).where(eq(invitations.id, invitationId));
  const mail = invitationEmail({
    organizationName: actor.organizationName,
    inviterName: actor.name,
    role: input.role,
    url: `${input.baseUrl}/invite/${token}`,
    locale: input.locale,
    discreet: await discreetInvitee(tx, input.email),
  });
  await enqueueEmail(tx, { ...mail, to: input.email, organizationId: actor.organizationId });
  await audit(tx, {
    organizationId: actor.organizationId,
    actorId: actor.id,
    action: "invitation.resend",
    subjectType: "invitation",
    subjectId: invitationId,
    before: { role: before.role, expiresAt: before.expiresAt.toISOString(), ...(before.locale ? { locale: before.locale } : {}) },
    after: { role: input.role, expiresAt: expiresAt.toISOString(), locale: input.locale },
  });
}

/** The open invitation `invitationId` of the actor's organisation, locked; 404 otherwise; refused beyond the actor's role. */
async function lockOpenInvitation(tx: Executor, actor: CurrentUser, invitationId: string, now: Date) {
  const [row] = await tx
    .select({ id: invitations.id, email: invitations.email, role: invitations.role, locale: invitations.locale })
    .from(invitations)
    .where(
      and(
        eq(invitations.id, invitationId),
        eq(invitations.organizationId, actor.organizationId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, now),
      ),
    )
    .for("update");
  if (!row) throw new UserInputError("That invitation is no longer open.", "invitationId");
  if (!canInvite(actor.role, row.role)) throw new UserInputError("You cannot change invitations for this role.", "invitationId");
  return row;
}

/** Sends an open invitation again with a new link (the old one stops working) and a new expiry. */
export async function resendInvitation(actor: CurrentUser, invitationId: string, options: { baseUrl: string; now?: Date }) {
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    const row = await lockOpenInvitation(tx, actor, invitationId, now);
    // In the language it was sent in (older invitations: the inviter's, as when they were sent).
    await refreshInvitation(tx, actor, row.id, { role: row.role, locale: row.locale ? localeOf(row.locale) : localeOf(actor.locale), baseUrl: options.baseUrl, now, email: row.email });
    return { email: row.email };
  });
}

/** Revokes an open invitation: its link stops working at once. Audited. */
export async function revokeInvitation(actor: CurrentUser, invitationId: string, now = new Date()) {
  return db.transaction(async (tx) => {
    const row = await lockOpenInvitation(tx, actor, invitationId, now);
    await tx.update(invitations).set({ revokedAt: now }).where(eq(invitations.id, row.id));
    await audit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.id,
      action: "invitation.revoke",
      subjectType: "invitation",
      subjectId: row.id,
      before: { email: row.email, role: row.role },
    });
    return { email: row.email };
  });
}

/**
 * Deactivates (or reactivates) a person's membership of the actor's organisation: no sign-in
 * here and every session in this organisation ends at once; their history (attendance, goals,
 * audit trail) is kept. Administrators may deactivate anyone but themselves; managers the roles
 * they may invite (facilitators, participants). Audited.
 */
export async function setMembershipActive(
  actor: CurrentUser,
  input: { membershipId: string; active: boolean },
  now = new Date(),
  baseUrl: string = appUrl(),
): Promise<{ name: string; changed: boolean; placesGivenUp: PlaceGivenUp[] }> {
  return db.transaction(async (tx) => {
    const [m] = await tx
      .select({ id: memberships.id, userId: memberships.userId, role: memberships.role, deactivatedAt: memberships.deactivatedAt, name: users.name })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.id, input.membershipId), eq(memberships.organizationId, actor.organizationId)))
      .for("update", { of: memberships });
    if (!m) throw new UserInputError("Choose a person of your organisation.", "membershipId");
    if (m.userId === actor.id) throw new UserInputError("You cannot deactivate your own account.", "membershipId");
    if (!canInvite(actor.role, m.role)) throw new UserInputError("You cannot change access for people with this role.", "membershipId");
    if (input.active === (m.deactivatedAt === null)) return { name: m.name, changed: false, placesGivenUp: [] };
    await tx
      .update(memberships)
      .set(input.active ? { deactivatedAt: null, deactivatedBy: null } : { deactivatedAt: now, deactivatedBy: actor.id })
      .where(eq(memberships.id, m.id));
    if (!input.active) {
      await tx.delete(authSessions).where(and(eq(authSessions.userId, m.userId), eq(authSessions.organizationId, actor.organizationId)));
      // Standing grants end with the membership: a reactivated person makes new calendar links.
      await tx
        .update(calendarFeeds)
        .set({ revokedAt: now })
        .where(and(eq(calendarFeeds.userId, m.userId), eq(calendarFeeds.organizationId, actor.organizationId), isNull(calendarFeeds.revokedAt)));
    }
    // Their open places here (seats, offers, waiting-list places) are given up, so capacity stays
    // real; each freed seat goes to the next person waiting. Reactivation does not restore them.
    // (A facilitator's or manager's groups are not enrolments and stay as they are.)
    const placesGivenUp = input.active
      ? []
      : await withdrawPlacesOfDeactivated(tx, { organizationId: actor.organizationId, userId: m.userId, actorUserId: actor.id, now, baseUrl });
    await audit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.id,
      action: input.active ? "membership.reactivate" : "membership.deactivate",
      subjectType: "user",
      subjectId: m.userId,
      before: { active: m.deactivatedAt === null, role: m.role },
      after: input.active ? { active: true } : { active: false, placesGivenUp: placesGivenUp.length },
    });
    return { name: m.name, changed: true, placesGivenUp };
  });
}

export async function findOpenInvitation(token: string, now = new Date()) {
  const [row] = await db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      locale: invitations.locale,
      organizationId: invitations.organizationId,
      organizationName: organizations.name,
      existingUserId: users.id,
    })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.organizationId))
    // Only an account whose owner proved the mailbox is "an account you have": an unconfirmed one
    // (a sign-up never confirmed, perhaps someone else's; a walk-in) is claimed as a new person.
    .leftJoin(users, and(sql`lower(${users.email}) = lower(${invitations.email})`, isNotNull(users.emailConfirmedAt)))
    .where(
      and(
        eq(invitations.tokenHash, sha256(token)),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, now),
      ),
    );
  return row ?? null;
}

/**
 * Accepts an invitation: a new person sets name, zone and password; a person who already has an
 * account proves it with their password. Single use.
 */
export async function acceptInvitation(input: {
  token: string;
  name: string;
  timezone: string;
  password: string;
  now?: Date;
}): Promise<{ userId: string; organizationId: string }> {
  const now = input.now ?? new Date();
  const invitation = await findOpenInvitation(input.token, now);
  if (!invitation) throw new UserInputError("This invitation has expired or was already used. Ask for a new one.");
  let userId = invitation.existingUserId;
  if (userId) {
    const [user] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, userId));
    if (!(await verifyPassword(input.password, user?.hash ?? null))) {
      throw new UserInputError("You already have an account: enter its password to accept.", "password");
    }
  }
  const passwordHash = userId ? null : await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [claimed] = await tx
      .update(invitations)
      .set({ acceptedAt: now })
      .where(and(eq(invitations.id, invitation.id), isNull(invitations.acceptedAt)))
      .returning({ id: invitations.id });
    if (!claimed) throw new UserInputError("This invitation was already used.");
    const email = invitation.email.trim().toLowerCase();
    await lockKeys(tx, [`email:${email}`]);
    const [unconfirmed] = userId
      ? []
      : await tx.select({ id: users.id, emailConfirmedAt: users.emailConfirmedAt }).from(users).where(sql`lower(${users.email}) = ${email}`).for("update");
    if (unconfirmed?.emailConfirmedAt) throw new UserInputError("You already have an account: enter its password to accept.", "password");
    if (unconfirmed) {
      // An account nobody has confirmed: the invitee, who proved the mailbox, claims it as a new
      // person — their name, zone, password and the invitation's language; earlier sign-ups'
      // memberships, sessions and links end (someone else may have signed up with this address).
      userId = unconfirmed.id;
      await tx
        .update(users)
        .set({ name: input.name, timezone: input.timezone, locale: invitation.locale ? localeOf(invitation.locale) : DEFAULT_LOCALE, passwordHash, emailConfirmedAt: now })
        .where(eq(users.id, userId));
      await dropUnconfirmedSignUpMemberships(tx, userId, invitation.organizationId);
      await tx.delete(authSessions).where(eq(authSessions.userId, userId));
      await voidAccountLinks(tx, userId, now);
    } else if (!userId) {
      const [created] = await tx
        .insert(users)
        // Starts in the language the inviter chose for them (changeable on Profile); US English for older invitations.
        .values({ email: invitation.email, name: input.name, timezone: input.timezone, locale: invitation.locale ? localeOf(invitation.locale) : DEFAULT_LOCALE, passwordHash, emailConfirmedAt: now })
        .returning({ id: users.id });
      userId = created.id;
    } else {
      // The invitation arrived by email at this address: it is confirmed.
      await tx
        .update(users)
        .set({ emailConfirmedAt: now })
        .where(and(eq(users.id, userId), isNull(users.emailConfirmedAt), sql`lower(${users.email}) = lower(${invitation.email})`));
      // Settled: no sign-up link still in the mailbox can set another password.
      await voidSignUpLinks(tx, userId, now);
    }
    await tx
      .insert(memberships)
      .values({ userId, organizationId: invitation.organizationId, role: invitation.role })
      .onConflictDoUpdate({ target: [memberships.userId, memberships.organizationId], set: { role: invitation.role } });
    await audit(tx, {
      organizationId: invitation.organizationId,
      actorId: userId,
      action: "invitation.accept",
      subjectType: "invitation",
      subjectId: invitation.id,
      after: { role: invitation.role },
    });
    return { userId, organizationId: invitation.organizationId };
  });
}

/**
 * Saves name, zone and format at once. A new email address needs the current password and is not
 * applied here: a link goes to the new address (and a notice to the old one); the change applies
 * when the link is followed. If another account uses the new address, the answer is the same and
 * that account's owner is told by email instead.
 * Returns the address a link was sent to, if the email is changing.
 */
export async function updateProfile(
  user: CurrentUser,
  input: { name: string; email: string; timezone: string; locale: string; currentPassword?: string },
  options: { baseUrl: string; now?: Date },
): Promise<{ confirmationSentTo: string | null }> {
  const now = options.now ?? new Date();
  const newEmail = input.email.trim().toLowerCase();
  const changing = newEmail !== user.email.toLowerCase();
  if (changing) {
    if (!input.currentPassword) throw new UserInputError("Enter your current password to change your email address.", "emailPassword");
    const [row] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, user.id));
    if (!(await verifyPassword(input.currentPassword, row?.hash ?? null))) {
      throw new UserInputError("Your current password is not right.", "emailPassword");
    }
  }
  const details = { name: input.name, timezone: input.timezone, locale: input.locale };
  await db.transaction(async (tx) => {
    await tx.update(users).set(details).where(eq(users.id, user.id));
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "profile.update",
      subjectType: "user",
      subjectId: user.id,
      before: { name: user.name, timezone: user.timezone, locale: user.locale },
      after: changing ? { ...details, emailRequested: newEmail } : details,
    });
    if (!changing) return;
    await lockKeys(tx, [`email:${newEmail}`]);
    const resetUrl = `${options.baseUrl}/forgot-password`;
    const [taken] = await tx.select().from(users).where(and(sql`lower(${users.email}) = ${newEmail}`, sql`${users.id} <> ${user.id}`));
    if (taken) {
      // Told to an owner who confirmed the address only: an address nobody confirmed (a walk-in's
      // typed address, perhaps mistyped) gets nothing — the notice would greet a stranger with the
      // walk-in's name and invite them to a password reset that claims the walk-in's record.
      if (taken.emailConfirmedAt) {
        await enqueueEmail(tx, { ...emailInUseNoticeEmail({ name: taken.name, resetUrl, locale: localeOf(taken.locale) }), to: taken.email, organizationId: null });
      }
      return;
    }
    const token = await issueEmailConfirmation(tx, { userId: user.id, email: newEmail, purpose: "change", now });
    // In the language the person saves with this change (the page they are on).
    const locale = localeOf(input.locale);
    const confirm = emailChangeConfirmationEmail({ name: input.name, url: `${options.baseUrl}/confirm-email/${token}`, newEmail, locale });
    await enqueueEmail(tx, { ...confirm, to: newEmail, organizationId: user.organizationId });
    const notice = emailChangeNoticeEmail({ name: input.name, newEmail, resetUrl, locale });
    await enqueueEmail(tx, { ...notice, to: user.email, organizationId: user.organizationId });
  });
  return { confirmationSentTo: changing ? newEmail : null };
}

export async function changePassword(user: CurrentUser, input: { currentPassword: string; newPassword: string }) {
  const [row] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, user.id));
  if (!(await verifyPassword(input.currentPassword, row?.hash ?? null))) {
    throw new UserInputError("Your current password is not right.", "currentPassword");
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, user.id));
    await voidAccountLinks(tx, user.id, new Date());
    // End every other session of this account.
    await tx
      .delete(authSessions)
      .where(and(eq(authSessions.userId, user.id), sql`${authSessions.idHash} <> ${user.sessionIdHash}`));
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "account.password_change",
      subjectType: "user",
      subjectId: user.id,
    });
  });
}

export async function changeRole(actor: CurrentUser, input: { membershipId: string; role: Role }) {
  await db.transaction(async (tx) => {
    const [membership] = await tx
      .select()
      .from(memberships)
      .where(and(eq(memberships.id, input.membershipId), eq(memberships.organizationId, actor.organizationId)));
    if (!membership) throw new UserInputError("This person is not in your organisation.", "membershipId");
    if (membership.userId === actor.id) throw new UserInputError("You cannot change your own role.", "role");
    await tx.update(memberships).set({ role: input.role }).where(eq(memberships.id, membership.id));
    await tx.delete(authSessions).where(eq(authSessions.userId, membership.userId));
    await audit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.id,
      action: "membership.role_change",
      subjectType: "membership",
      subjectId: membership.id,
      before: { role: membership.role },
      after: { role: input.role },
    });
  });
}
