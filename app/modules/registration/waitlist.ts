/**
 * Seats and the waitlist, as pure rules (no database, no clock: `now` is always an argument).
 *
 * - A seat is taken by an enrolled participant or by an open offer (an offer holds its seat until
 *   it is accepted, declined or lapses).
 * - The waitlist is ordered by urgent need first, then by the time the person joined the queue,
 *   then by the queue sequence (strictly increasing in the order registrations took the group lock).
 * - When seats are free, the first eligible waitlisted people get them: straight to "enrolled" in
 *   automatic mode, or an offer that lapses after `offerHours` in offer mode.
 */

export type PromotionMode = "automatic" | "offer";

export type QueueEntry = {
  enrolmentId: string;
  urgent: boolean;
  queuedAt: Date;
  queueSeq: number;
  /**
   * Whether the app can tell the person of an offer: false when their account has no address its
   * owner confirmed (a walk-in's, typed or none; a sign-up never confirmed) — no email goes there,
   * and such an account cannot sign in to accept. Absent: reachable.
   */
  reachable?: boolean;
};

export type SeatHolder = {
  status: "enrolled" | "offered";
  offerExpiresAt: Date | null;
};

export const DEFAULT_OFFER_HOURS = 48;
export const MAX_OFFER_HOURS = 14 * 24;

/** Urgent first, then earliest in the queue, then lock order. */
export function compareQueue(a: QueueEntry, b: QueueEntry): number {
  if (a.urgent !== b.urgent) return a.urgent ? -1 : 1;
  const t = a.queuedAt.getTime() - b.queuedAt.getTime();
  if (t !== 0) return t;
  if (a.queueSeq !== b.queueSeq) return a.queueSeq - b.queueSeq;
  return a.enrolmentId < b.enrolmentId ? -1 : a.enrolmentId > b.enrolmentId ? 1 : 0;
}

export function orderWaitlist<T extends QueueEntry>(entries: readonly T[]): T[] {
  return [...entries].sort(compareQueue);
}

/** 1-based position of an enrolment in the ordered waitlist, or null when it is not waiting. */
export function waitlistPosition(entries: readonly QueueEntry[], enrolmentId: string): number | null {
  const index = orderWaitlist(entries).findIndex((e) => e.enrolmentId === enrolmentId);
  return index === -1 ? null : index + 1;
}

/** An offer lapses at its expiry instant: at `expiresAt` exactly it can no longer be accepted. */
export function offerHasLapsed(offerExpiresAt: Date | null, now: Date): boolean {
  return offerExpiresAt !== null && now.getTime() >= offerExpiresAt.getTime();
}

export function offerExpiry(now: Date, hours: number = DEFAULT_OFFER_HOURS): Date {
  if (!Number.isInteger(hours) || hours < 1 || hours > MAX_OFFER_HOURS) {
    throw new RangeError(`offer hours must be a whole number between 1 and ${MAX_OFFER_HOURS}`);
  }
  return new Date(now.getTime() + hours * 3_600_000);
}

/** Seats held at `now`: enrolled people plus offers that have not lapsed. */
export function seatsTaken(holders: readonly SeatHolder[], now: Date): number {
  return holders.filter((h) => h.status === "enrolled" || !offerHasLapsed(h.offerExpiresAt, now)).length;
}

export function seatsFree(capacity: number, holders: readonly SeatHolder[], now: Date): number {
  return Math.max(0, capacity - seatsTaken(holders, now));
}

/**
 * Where a new registration lands: a free seat goes to the newcomer only when nobody is waiting
 * (otherwise the waiting people come first and the newcomer queues behind them by the rules).
 */
export function placeNewRegistration(input: { capacity: number; taken: number; waiting: number }): "enrolled" | "waitlisted" {
  return input.waiting === 0 && input.capacity - input.taken > 0 ? "enrolled" : "waitlisted";
}

/**
 * The place of someone who has just joined the waitlist (they queued last): behind every urgent
 * person if they are urgent, otherwise behind everybody.
 */
export function newcomerPosition(input: { urgent: boolean; waiting: number; urgentWaiting: number }): number {
  return (input.urgent ? input.urgentWaiting : input.waiting) + 1;
}

export type Promotion =
  | { enrolmentId: string; to: "enrolled" }
  | { enrolmentId: string; to: "offered"; offerExpiresAt: Date };

/**
 * Who gets the free seats, in order. In offer mode a person the app cannot reach (`reachable`
 * false) is given the seat at once: an offer they never hear of would lapse and cost them their
 * place; staff, who registered them, see them seated on the roster and can remove them.
 */
export function planPromotions(input: {
  capacity: number;
  holders: readonly SeatHolder[];
  waitlist: readonly QueueEntry[];
  mode: PromotionMode;
  offerHours: number;
  now: Date;
}): Promotion[] {
  const free = seatsFree(input.capacity, input.holders, input.now);
  if (free === 0) return [];
  return orderWaitlist(input.waitlist)
    .slice(0, free)
    .map((e) =>
      input.mode === "automatic" || e.reachable === false
        ? { enrolmentId: e.enrolmentId, to: "enrolled" as const }
        : { enrolmentId: e.enrolmentId, to: "offered" as const, offerExpiresAt: offerExpiry(input.now, input.offerHours) },
    );
}

/** What the participant reads under "what happens next". */
export function nextStepText(status: string, position: number | null): string {
  switch (status) {
    case "enrolled":
      return "You have a seat. Come to the next session; you can withdraw here if your plans change.";
    case "waitlisted":
      return position === 1
        ? "You are next in line. When a seat frees we will email you straight away."
        : `You are number ${position ?? "?"} in line. When a seat frees for you we will email you.`;
    case "offered":
      return "A seat is held for you. Accept it before the deadline, or decline so it passes to the next person.";
    case "declined":
      return "You turned down or missed an offered seat. You can register again to rejoin the waitlist.";
    case "withdrawn":
      return "You withdrew from this group. You can register again at any time.";
    case "removed":
      return "Staff removed you from this group. Please contact the organisation if you have questions.";
    case "completed":
      return "You completed this group. Well done.";
    case "discharged":
      return "Your time in this group has ended. Please contact the organisation if you have questions.";
    case "transferred":
      return "You moved to another group. Staff will register you there.";
    default:
      return "";
  }
}

/** How long a participant may take back a withdrawal (while their seat is still free). */
export const UNDO_WITHDRAW_MINUTES = 10;

export type WithdrawalUndo = { ok: true; to: "enrolled" | "waitlisted"; until: Date } | { ok: false; why: string };

/**
 * Whether a withdrawal can still be taken back: within UNDO_WITHDRAW_MINUTES, and — for someone
 * who held a seat — only while a seat is free and nobody is waiting for it (else it has gone, or
 * is going, to the next person). Someone who left the waitlist gets their old place back.
 */
export function withdrawalUndo(input: {
  before: string | null;
  withdrawnAt: Date;
  now: Date;
  capacity: number;
  holders: readonly SeatHolder[];
  waiting: number;
}): WithdrawalUndo {
  const until = new Date(input.withdrawnAt.getTime() + UNDO_WITHDRAW_MINUTES * 60_000);
  if (input.before !== "enrolled" && input.before !== "waitlisted") return { ok: false, why: "This withdrawal cannot be undone." };
  if (input.now.getTime() >= until.getTime()) {
    return { ok: false, why: `A withdrawal can be undone for ${UNDO_WITHDRAW_MINUTES} minutes; that time has passed. You can register again.` };
  }
  if (input.before === "waitlisted") return { ok: true, to: "waitlisted", until };
  if (input.waiting > 0 || seatsFree(input.capacity, input.holders, input.now) === 0) {
    return { ok: false, why: "Your seat has already gone to the next person. You can register again to join the waitlist." };
  }
  return { ok: true, to: "enrolled", until };
}
