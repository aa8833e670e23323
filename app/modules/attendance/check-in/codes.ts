/**
 * Self check-in codes, derived and never stored: the code of a session for one 5-minute slot of
 * its check-in window is an HMAC of the session id and the slot number under a key derived from
 * SESSION_SECRET. Every screen showing a session computes the same code at the same moment, a
 * page load writes nothing, and a code cannot be worked out without the secret.
 *
 * Pure: the key, the session and `now` come in as arguments (no database, no environment, no clock).
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { CHECK_IN_CLOSES_MINUTES_AFTER, CHECK_IN_OPENS_MINUTES_BEFORE, CODE_LENGTH, CODE_ROTATE_MINUTES, checkInWindow, codeFromBytes, isCheckInOpen } from "../rules";

const SLOT_MS = CODE_ROTATE_MINUTES * 60_000;
/** Slots in a window (the last may be shorter than 5 minutes; its closing instant belongs to it). */
export const SLOTS_PER_WINDOW = Math.ceil((CHECK_IN_OPENS_MINUTES_BEFORE + CHECK_IN_CLOSES_MINUTES_AFTER) / CODE_ROTATE_MINUTES);

export type CodeSession = { id: string; startsAt: Date; status: string };

/** The key for check-in codes, derived from SESSION_SECRET so it is used for nothing else. */
export function checkInCodeKey(sessionSecret: string): Buffer {
  return createHmac("sha256", sessionSecret).update("check-in codes v1").digest();
}

/**
 * The slot `now` falls in, counted from the window's opening (0 for its first 5 minutes), or null
 * before it opens or after it closes.
 */
export function codeSlot(now: Date, startsAt: Date): number | null {
  const { opensAt, closesAt } = checkInWindow(startsAt);
  if (now.getTime() < opensAt.getTime() || now.getTime() > closesAt.getTime()) return null;
  return Math.min(Math.floor((now.getTime() - opensAt.getTime()) / SLOT_MS), SLOTS_PER_WINDOW - 1);
}

/** The code of one session for one slot: 6 characters of the check-in alphabet from HMAC-SHA256. */
export function codeForSlot(key: Uint8Array, sessionId: string, slot: number): string {
  return codeFromBytes(createHmac("sha256", key).update(`${sessionId}:${slot}`).digest().subarray(0, CODE_LENGTH));
}

/** When a slot's code stops being accepted: the end of the following slot, never past the window. */
export function codeWorksUntil(startsAt: Date, slot: number): Date {
  const { opensAt, closesAt } = checkInWindow(startsAt);
  return new Date(Math.min(opensAt.getTime() + (slot + 2) * SLOT_MS, closesAt.getTime()));
}

/** The code a check-in screen shows at `now` and until when it works; none outside the window or for a cancelled session. */
export function shownCode(key: Uint8Array, session: CodeSession, now: Date): { code: string; slot: number; expiresAt: Date } | null {
  if (!isCheckInOpen(now, session)) return null;
  const slot = codeSlot(now, session.startsAt)!;
  return { code: codeForSlot(key, session.id, slot), slot, expiresAt: codeWorksUntil(session.startsAt, slot) };
}

/**
 * What a typed code (already normalised) is for one session at `now`:
 * - "accepted": the code of the current slot or of the one before (a code read just before it
 *   changed still works), while the window is open;
 * - "expired": the code of an earlier slot of this window;
 * - "closed": one of this session's codes, but the window is not open (or the session is cancelled);
 * - "unknown": none of this session's codes (another session's, a future slot's, or a typo).
 * Every slot's code is compared in constant time and all of them are compared, whatever matches.
 */
export function checkCode(key: Uint8Array, session: CodeSession, typed: string, now: Date): "accepted" | "expired" | "closed" | "unknown" {
  const given = Buffer.from(typed, "utf8");
  let matched = -1;
  for (let slot = 0; slot < SLOTS_PER_WINDOW; slot++) {
    const expected = Buffer.from(codeForSlot(key, session.id, slot), "utf8");
    if (expected.length === given.length && timingSafeEqual(expected, given)) matched = slot;
  }
  if (matched < 0) return "unknown";
  if (!isCheckInOpen(now, session)) return "closed";
  const current = codeSlot(now, session.startsAt)!;
  if (matched === current || matched === current - 1) return "accepted";
  return matched < current ? "expired" : "unknown";
}
