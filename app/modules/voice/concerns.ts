/**
 * Concern (complaint) rules: the status flow and the overdue rule. Pure: `now` is passed in.
 */
export const CONCERN_STATUSES = ["received", "in_review", "responded", "closed"] as const;
export type ConcernStatus = (typeof CONCERN_STATUSES)[number];
export const CONCERN_STATUS_LABELS: Record<ConcernStatus, string> = {
  received: "Received",
  in_review: "In review",
  responded: "Responded",
  closed: "Closed",
};
export const DEFAULT_RESPONSE_DAYS = 5;

const NEXT: Record<ConcernStatus, ConcernStatus[]> = {
  received: ["in_review", "responded", "closed"],
  in_review: ["responded", "closed"],
  responded: ["in_review", "closed"],
  closed: ["in_review"],
};

export function canMoveConcern(from: ConcernStatus, to: ConcernStatus): boolean {
  return NEXT[from].includes(to);
}

/** A concern is overdue when nobody has responded `days` days after it was received. */
export function isConcernOverdue(
  concern: { status: ConcernStatus; receivedAt: Date; firstResponseAt: Date | null },
  now: Date,
  days = DEFAULT_RESPONSE_DAYS,
): boolean {
  if (concern.firstResponseAt || concern.status === "closed") return false;
  return now.getTime() - concern.receivedAt.getTime() > days * 86_400_000;
}

export function dueAt(receivedAt: Date, days = DEFAULT_RESPONSE_DAYS): Date {
  return new Date(receivedAt.getTime() + days * 86_400_000);
}

/** Hours from receipt to first response, or null while unanswered. */
export function hoursToFirstResponse(concern: { receivedAt: Date; firstResponseAt: Date | null }): number | null {
  if (!concern.firstResponseAt) return null;
  return Math.max(0, Math.round(((concern.firstResponseAt.getTime() - concern.receivedAt.getTime()) / 3_600_000) * 10) / 10);
}

/** Anonymous concerns keep only the hour they arrived, so the time cannot single anyone out. */
export function anonymousReceivedAt(now: Date): Date {
  return new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000);
}
