/**
 * Who a round reminder goes to (pure; `now` is an argument). Only people who have not answered
 * are reminded, and nobody twice within REMINDER_GAP_HOURS, so a manager pressing the button
 * again (or two staff pressing it at once) cannot flood anyone.
 */
export const REMINDER_GAP_HOURS = 24;
export const MAX_REMINDERS = 3;

export type InviteeReminderState = { id: string; respondedAt: Date | null; remindedAt: Date | null; reminders: number };

export type ReminderPlan = {
  /** People to email now. */
  due: string[];
  /** Not answered, but reminded less than REMINDER_GAP_HOURS ago. */
  recentlyReminded: string[];
  /** Not answered after MAX_REMINDERS reminders: left alone (staff can contact them another way). */
  exhausted: string[];
  /** Earliest instant at which someone in `recentlyReminded` may be reminded again. */
  nextPossibleAt: Date | null;
};

export function planReminders(invitees: readonly InviteeReminderState[], now: Date): ReminderPlan {
  const plan: ReminderPlan = { due: [], recentlyReminded: [], exhausted: [], nextPossibleAt: null };
  const gap = REMINDER_GAP_HOURS * 3_600_000;
  for (const person of invitees) {
    if (person.respondedAt) continue;
    if (person.reminders >= MAX_REMINDERS) {
      plan.exhausted.push(person.id);
      continue;
    }
    if (person.remindedAt && now.getTime() - person.remindedAt.getTime() < gap) {
      plan.recentlyReminded.push(person.id);
      const next = new Date(person.remindedAt.getTime() + gap);
      if (!plan.nextPossibleAt || next < plan.nextPossibleAt) plan.nextPossibleAt = next;
      continue;
    }
    plan.due.push(person.id);
  }
  return plan;
}
