import { json } from "@remix-run/node";
import { and, asc, eq, lte, sql } from "drizzle-orm";
import { db, lockKeys } from "~/db/client.server";
import { rateLimitEvents } from "~/db/schema";

/**
 * Per-address limits on the forms that send mail or set passwords (ASVS 2.2.1, 11.1.4), counted in
 * PostgreSQL under an advisory lock so parallel requests and several app instances cannot exceed
 * them. Sign-in has its own, finer rules (policy.ts loginRefusal).
 */
export const RATE_LIMITS = {
  signup: { limit: 10, windowMs: 60 * 60_000, what: "accounts were created from your network" },
  "forgot-password": { limit: 10, windowMs: 60 * 60_000, what: "password reset emails were asked for from your network" },
  "reset-password": { limit: 20, windowMs: 60 * 60_000, what: "new passwords were tried from your network" },
  /** Wrong passwords on a sign-up's confirmation page (a right one is given back): enough for typos. */
  "confirm-email": { limit: 20, windowMs: 60 * 60_000, what: "wrong passwords were entered to confirm an address from your network" },
  "accept-invitation": { limit: 20, windowMs: 60 * 60_000, what: "invitations were answered from your network" },
  /** The public certificate check (/verify/:code): enough for a clerk checking a pile, too few to guess codes. */
  "verify-certificate": { limit: 60, windowMs: 60 * 60_000, what: "certificate codes were checked from your network" },
  /** Keyed by user, counting refused codes only: enough for typos, far too few to guess a 30-bit code. */
  "check-in-code": { limit: 10, windowMs: 60 * 60_000, what: "wrong check-in codes were entered on your account" },
  /** Keyed by user: the current password asked for again on the profile (password or email change). */
  reauthenticate: { limit: 10, windowMs: 60 * 60_000, what: "password checks were made for your account" },
} as const;

export type RateLimitName = keyof typeof RATE_LIMITS;
export type RateLimitResult = { ok: true; eventId: number } | { ok: false; retryAfterSeconds: number; message: string };

/** Rows older than this are no longer needed by any limit and are pruned as we go. */
const KEEP_MS = 24 * 60 * 60_000;

/** Counts one request of `name` from `who` (a client address, or a user id), or refuses it when over the limit. */
export async function consumeRateLimit(name: RateLimitName, who: string, now = new Date()): Promise<RateLimitResult> {
  const { limit, windowMs } = RATE_LIMITS[name];
  const key = `${name}:${who}`;
  const since = new Date(now.getTime() - windowMs);
  return db.transaction(async (tx) => {
    await lockKeys(tx, [`rate:${key}`]);
    await tx.delete(rateLimitEvents).where(and(eq(rateLimitEvents.key, key), lte(rateLimitEvents.at, since)));
    await tx.execute(
      sql`delete from ${rateLimitEvents} where id in (select id from ${rateLimitEvents} where at < ${new Date(now.getTime() - KEEP_MS).toISOString()}::timestamptz limit 100)`,
    );
    const recent = await tx
      .select({ at: rateLimitEvents.at })
      .from(rateLimitEvents)
      .where(eq(rateLimitEvents.key, key))
      .orderBy(asc(rateLimitEvents.at))
      .limit(limit);
    if (recent.length >= limit) return refusal(name, recent[0].at, now);
    const [event] = await tx.insert(rateLimitEvents).values({ key, at: now }).returning({ id: rateLimitEvents.id });
    return { ok: true as const, eventId: event.id };
  });
}

/**
 * Takes back an attempt counted by consumeRateLimit, for limits that count only failures: the
 * attempt is counted (atomically) before it is tried, and returned when it succeeded — so parallel
 * attempts can never get past the limit while they are being tried.
 */
export async function returnRateLimitEvent(eventId: number): Promise<void> {
  await db.delete(rateLimitEvents).where(eq(rateLimitEvents.id, eventId));
}

/** The refusal of `name` while its oldest counted event (`oldest`) is still in the window. */
function refusal(name: RateLimitName, oldest: Date, now: Date): Extract<RateLimitResult, { ok: false }> {
  const { limit, windowMs, what } = RATE_LIMITS[name];
  const retryAfterSeconds = Math.max(1, Math.ceil((oldest.getTime() + windowMs - now.getTime()) / 1000));
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return {
    ok: false,
    retryAfterSeconds,
    message: `Too many requests: ${limit} ${what} in the last hour. Try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`,
  };
}

/** The 429 a form route answers when over its limit: shown in the form's error summary, nothing changed. */
export function rateLimitedResponse(result: { retryAfterSeconds: number; message: string }, values: Record<string, string> = {}) {
  return json(
    { ok: false as const, errors: {}, values, formError: result.message },
    { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
  );
}
