/**
 * Review dates and roll-up wording of a service plan (pure: dates are civil dates "yyyy-MM-dd" in
 * the organisation's zone, and today is passed in).
 */
import { addDays } from "~/modules/metrics/definitions";

/** Reminders go out this many days before a review is due (and on any later day it is still due). */
export const REVIEW_REMINDER_DAYS_BEFORE = 7;
/** The plans report lists reviews due within this many days (and every overdue one). */
export const REPORT_DUE_WITHIN_DAYS = 14;
/** A review date further out than this is a typo (two years). */
export const MAX_REVIEW_DAYS_AHEAD = 730;

export type ReviewState = { state: "none" } | { state: "overdue"; days: number } | { state: "due_soon"; days: number } | { state: "scheduled"; days: number };

const dayNumber = (day: string) => Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / 86_400_000;

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round(dayNumber(to) - dayNumber(from));
}

export function reviewState(nextReviewOn: string | null, today: string): ReviewState {
  if (!nextReviewOn) return { state: "none" };
  const days = daysBetween(today, nextReviewOn);
  if (days < 0) return { state: "overdue", days: -days };
  if (days <= REVIEW_REMINDER_DAYS_BEFORE) return { state: "due_soon", days };
  return { state: "scheduled", days };
}

/** Whether the reminder for a review on `nextReviewOn` is due today (it is sent once per due date). */
export function reminderDue(nextReviewOn: string, today: string): boolean {
  return today >= addDays(nextReviewOn, -REVIEW_REMINDER_DAYS_BEFORE);
}

/** "Review overdue by 3 days", "Review due in 2 days", "Review due today", "Next review in 40 days". */
export function describeReview(state: ReviewState): string {
  switch (state.state) {
    case "none":
      return "No review date set";
    case "overdue":
      return `Review overdue by ${state.days} ${state.days === 1 ? "day" : "days"}`;
    case "due_soon":
      return state.days === 0 ? "Review due today" : `Review due in ${state.days} ${state.days === 1 ? "day" : "days"}`;
    case "scheduled":
      return `Next review in ${state.days} days`;
  }
}

/** "attended 7 of 8 Budgeting Basics sessions" (or "no Budgeting Basics sessions held yet"). */
export function describeAttendance(row: { groupName: string; attended: number; held: number }): string {
  if (row.held === 0) return `no ${row.groupName} sessions held yet since enrolling`;
  return `attended ${row.attended} of ${row.held} ${row.groupName} ${row.held === 1 ? "session" : "sessions"}`;
}

export type ObjectiveFields = { description: string; measure: string };

/** The fields of an objective an edit changes, with their values before and after (only those). */
export function objectiveChanges(before: ObjectiveFields, after: ObjectiveFields) {
  const changed = (["description", "measure"] as const).filter((k) => before[k] !== after[k]);
  const pick = (from: ObjectiveFields) => Object.fromEntries(changed.map((k) => [k, from[k]])) as Partial<ObjectiveFields>;
  return { changed, before: pick(before), after: pick(after) };
}

export type PlanFields = { strengths: string; barriers: string; needs: string; nextReviewOn: string | null };

export function planChanges(before: PlanFields, after: PlanFields) {
  const changed = (["strengths", "barriers", "needs", "nextReviewOn"] as const).filter((k) => before[k] !== after[k]);
  const pick = (from: PlanFields) => Object.fromEntries(changed.map((k) => [k, from[k]])) as Partial<PlanFields>;
  return { changed, before: pick(before), after: pick(after) };
}
