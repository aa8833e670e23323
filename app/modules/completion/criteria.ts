/**
 * Completion criteria, evaluated live. Pure: no database, no environment, no clock — the caller
 * passes the criteria, the group's sessions, the person's attendance rows and `now`.
 *
 * Rules:
 * - A cancelled session never counts (not attended, not missed, not in the total).
 * - A session counts once it has started (startsAt ≤ now) and, if the person was discharged, only
 *   when it started before the discharge instant.
 * - Present, late and left early are attendance (a walk-in who came is attended like anyone else);
 *   excused is neither attended nor an unexcused absence; absent is an unexcused absence.
 * - A counted session without a mark is "not recorded": neither attended nor an absence.
 */

export type CompletionCriteria = {
  /** At least this many sessions attended. */
  minSessionsAttended: number;
  /** At most this many unexcused absences; null = no limit. */
  maxUnexcusedAbsences: number | null;
};

export type CriteriaSession = { id: string; startsAt: Date; status: "scheduled" | "cancelled" | "held" };
export type CriteriaMark = {
  sessionId: string;
  status: "present" | "late" | "left_early" | "excused" | "absent";
  walkIn: boolean;
};

export type CompletionProgress = {
  attended: number;
  required: number;
  /** Sessions still needed (0 when the attendance part is met). */
  remaining: number;
  excused: number;
  unexcusedAbsences: number;
  maxUnexcusedAbsences: number | null;
  /** Non-cancelled sessions of the enrolment (M in "N of M"): held so far plus still to come. */
  totalSessions: number;
  /** Non-cancelled sessions still to come (after now and before any discharge). */
  upcomingSessions: number;
  attendanceMet: boolean;
  absencesWithinLimit: boolean;
  met: boolean;
  /** False when even attending every remaining session cannot meet the criteria. */
  stillPossible: boolean;
};

const ATTENDED = new Set<CriteriaMark["status"]>(["present", "late", "left_early"]);

export function evaluateCompletion(input: {
  criteria: CompletionCriteria;
  sessions: CriteriaSession[];
  marks: CriteriaMark[];
  now: Date;
  /** When the person left the group (discharge, transfer); later sessions do not count. */
  endedAt?: Date | null;
}): CompletionProgress {
  const { criteria, now } = input;
  const end = input.endedAt ?? null;
  const live = input.sessions.filter((s) => s.status !== "cancelled" && (end === null || s.startsAt < end));
  const past = new Set(live.filter((s) => s.startsAt <= now).map((s) => s.id));
  const upcoming = live.length - past.size;
  let attended = 0;
  let excused = 0;
  let unexcused = 0;
  const seen = new Set<string>();
  for (const mark of input.marks) {
    if (!past.has(mark.sessionId) || seen.has(mark.sessionId)) continue;
    seen.add(mark.sessionId);
    if (ATTENDED.has(mark.status)) attended += 1;
    else if (mark.status === "excused") excused += 1;
    else unexcused += 1;
  }
  const required = Math.max(0, criteria.minSessionsAttended);
  const remaining = Math.max(0, required - attended);
  const attendanceMet = remaining === 0;
  const absencesWithinLimit = criteria.maxUnexcusedAbsences === null || unexcused <= criteria.maxUnexcusedAbsences;
  return {
    attended,
    required,
    remaining,
    excused,
    unexcusedAbsences: unexcused,
    maxUnexcusedAbsences: criteria.maxUnexcusedAbsences,
    totalSessions: live.length,
    upcomingSessions: upcoming,
    attendanceMet,
    absencesWithinLimit,
    met: attendanceMet && absencesWithinLimit,
    stillPossible: absencesWithinLimit && remaining <= upcoming,
  };
}

/** "6 of 8 sessions attended; 2 more to complete" — the participant's one-line progress. */
export function describeProgress(p: CompletionProgress): string {
  const noun = p.required === 1 ? "session" : "sessions";
  const head = `${p.attended} of ${p.required} ${noun} attended`;
  if (!p.absencesWithinLimit) {
    return `${head}; ${p.unexcusedAbsences} unexcused absences is more than the ${p.maxUnexcusedAbsences} allowed — please talk to your facilitator`;
  }
  if (p.met) return `${head}; you have met the completion requirements`;
  if (!p.stillPossible) {
    return `${head}; ${p.remaining} more needed but only ${p.upcomingSessions} ${p.upcomingSessions === 1 ? "session is" : "sessions are"} left — please talk to your facilitator`;
  }
  return `${head}; ${p.remaining} more to complete`;
}

/** What staff read when completion is refused: "1 of 2 sessions attended; 3 unexcused absences (at most 2 allowed)". */
export function describeShortfall(p: CompletionProgress): string {
  const parts = [`${p.attended} of ${p.required} ${p.required === 1 ? "session" : "sessions"} attended`];
  if (!p.absencesWithinLimit) parts.push(`${p.unexcusedAbsences} unexcused absences (at most ${p.maxUnexcusedAbsences} allowed)`);
  return parts.join("; ");
}
