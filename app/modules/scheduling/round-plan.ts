import { suggestFromSlots } from "~/modules/scheduling/engine";
import type { SuggestRequest, SuggestResponse, SuggestedSlot } from "~/modules/scheduling/schema";
import { WallClocks, candidateSlots, dayNumber, weekdayIndexOfDayNumber, type CandidateSlot } from "~/modules/scheduling/slots";
import { WEEKDAYS, type Weekday } from "~/modules/time/zoned";
import { plural } from "~/modules/wording";

/**
 * A scheduling round's suggestion (pure). The round has skipped dates (holidays) that the engine's
 * request cannot express, so this composes the engine's own parts (candidate slots, availability,
 * ranking, exact cohorts) and leaves the skipped dates' occurrences out before counting: nobody
 * needs to be free on a holiday on which the group does not meet. Without skipped dates the answer
 * is exactly `suggestTimes(request)` (a unit test holds the two together).
 */
export function suggestForRound(request: SuggestRequest, skipDates: ReadonlyArray<string> = []): SuggestResponse {
  const clocks = new WallClocks();
  const skip = new Set(skipDates.filter((d) => d >= request.startDate && d <= request.endDate).map(dayNumber));
  const first = dayNumber(request.startDate);
  const slots: CandidateSlot[] = [];
  for (const slot of candidateSlots(request, clocks)) {
    if (skip.size === 0) {
      slots.push(slot);
      continue;
    }
    // Occurrence k of a slot falls on the k-th date in range with the slot's weekday.
    let day = first;
    while (weekdayIndexOfDayNumber(day) !== slot.dayIndex) day++;
    const starts: number[] = [];
    const ends: number[] = [];
    slot.occurrenceStarts.forEach((start, k) => {
      if (!skip.has(day + 7 * k)) {
        starts.push(start);
        ends.push(slot.occurrenceEnds[k]);
      }
    });
    if (starts.length > 0) slots.push({ ...slot, occurrenceStarts: starts, occurrenceEnds: ends });
  }
  return suggestFromSlots(request, slots, clocks);
}

export const slotKey = (day: string, start: string) => `${day}@${start}`;

export function parseSlotKey(key: string): { day: Weekday; start: string } | null {
  const m = /^(mon|tue|wed|thu|fri|sat|sun)@(\d{2}:\d{2})$/.exec(key);
  return m ? { day: m[1] as Weekday, start: m[2] } : null;
}

/** A plan's cohort, as kept in the round (ids are user ids). */
export type PlanCohort = { day: string; start: string; facilitatorId: string | null; participantIds: string[] };

export function planFromSuggestion(response: SuggestResponse): PlanCohort[] {
  return response.cohorts.map((c) => ({ day: c.day, start: c.start, facilitatorId: c.facilitator, participantIds: [...c.participants] }));
}

export type AttendeeStatus = { id: string; status: "available" | "partial" | "unavailable"; occurrences: number };

export type CohortCheck = {
  cohort: PlanCohort;
  occurrences: number;
  participants: AttendeeStatus[];
  facilitator: AttendeeStatus | null;
  /** Problems that stop publishing. */
  blocking: string[];
  /** Problems the manager should see but may accept. */
  warnings: string[];
};

/**
 * What a plan means at its chosen slots: who can attend every occurrence, who only some, who none;
 * capacity and minimum size; facilitators available, and facilitators leading two cohorts at
 * overlapping times. Pure: `response` must list every slot (no `limit`).
 */
export function checkPlan(
  plan: ReadonlyArray<PlanCohort>,
  response: SuggestResponse,
  round: { capacity: number; minParticipants: number; durationMinutes: number; sections: number },
  options: { facilitatorsGiven: boolean; notCleared?: ReadonlyMap<string, string> },
): { cohorts: CohortCheck[]; blocking: string[] } {
  const bySlot = new Map(response.slots.map((s) => [slotKey(s.day, s.start), s]));
  const status = (slot: SuggestedSlot | undefined, id: string, pool: "people" | "leaders"): AttendeeStatus => {
    if (!slot) return { id, status: "unavailable", occurrences: 0 };
    const list = pool === "people" ? slot.available : slot.facilitators;
    if (list.includes(id)) return { id, status: "available", occurrences: slot.occurrences };
    const partial = pool === "people" ? slot.partial[id] : undefined;
    return partial ? { id, status: "partial", occurrences: partial } : { id, status: "unavailable", occurrences: 0 };
  };
  const checks = plan.map((cohort, index): CohortCheck => {
    const name = `Cohort ${index + 1}`;
    const slot = bySlot.get(slotKey(cohort.day, cohort.start));
    const blocking: string[] = [];
    const warnings: string[] = [];
    if (!slot) blocking.push(`${name}: the chosen time is not one of this round's candidate times.`);
    const participants = cohort.participantIds.map((id) => status(slot, id, "people"));
    if (participants.length === 0) blocking.push(`${name} has no participants.`);
    if (participants.length > round.capacity) {
      blocking.push(`${name} has ${plural(participants.length, "participant")}; the capacity per cohort is ${round.capacity}.`);
    }
    if (participants.length > 0 && participants.length < round.minParticipants) {
      warnings.push(`${name} has ${participants.length} participant${participants.length === 1 ? "" : "s"}; the minimum is ${round.minParticipants}.`);
    }
    const notAll = participants.filter((p) => p.status !== "available").length;
    if (slot && notAll > 0) warnings.push(`${name}: ${notAll} participant${notAll === 1 ? " is" : "s are"} not available for every session.`);
    const facilitator = cohort.facilitatorId ? status(slot, cohort.facilitatorId, "leaders") : null;
    if (facilitator && facilitator.status !== "available" && slot) {
      warnings.push(`${name}: the facilitator is not available for every session (busy or outside their availability).`);
    }
    if (!cohort.facilitatorId && options.facilitatorsGiven) warnings.push(`${name} has no facilitator.`);
    const uncleared = cohort.facilitatorId ? options.notCleared?.get(cohort.facilitatorId) : undefined;
    if (uncleared !== undefined) {
      warnings.push(`${name}: ${uncleared} is not cleared to lead this kind of group; publishing needs a written reason to go ahead.`);
    }
    return { cohort, occurrences: slot?.occurrences ?? 0, participants, facilitator, blocking, warnings };
  });
  const global: string[] = [];
  for (let a = 0; a < plan.length; a++) {
    for (let b = a + 1; b < plan.length; b++) {
      const x = plan[a];
      const y = plan[b];
      if (x.day !== y.day) continue;
      const overlap = Math.abs(minutes(x.start) - minutes(y.start)) < round.durationMinutes;
      if (overlap && x.facilitatorId && x.facilitatorId === y.facilitatorId) {
        global.push(`Cohorts ${a + 1} and ${b + 1} overlap in time and have the same facilitator.`);
      } else if (x.start === y.start) {
        checks[b].warnings.push(`Cohorts ${a + 1} and ${b + 1} meet at the same time.`);
      }
    }
  }
  if (plan.length > round.sections) global.push(`At most ${round.sections} cohorts can be formed in this round.`);
  return { cohorts: checks, blocking: [...global, ...checks.flatMap((c) => c.blocking)] };
}

function minutes(clock: string): number {
  const [h, m] = clock.split(":").map(Number);
  return h * 60 + m;
}

export const weekdayOrder = (day: string) => WEEKDAYS.indexOf(day as Weekday);

/** The group's seats as publishing counts them (under the group's lock) and the round page shows them. */
export type RoundSeats = {
  capacity: number;
  /** Seats held: enrolled people and offers not yet lapsed. */
  taken: number;
  /** People on the group's waiting list: a free seat is theirs before a newcomer's. */
  waiting: number;
  /** Seats nobody holds or waits for: what publishing may give to people new to the group. */
  left: number;
  /** People in the plan's cohorts who hold no seat yet (interested), in the round's order. */
  newcomers: number;
  /** The newcomers who get a seat (user ids, in the round's order). */
  seated: string[];
  /** The newcomers who go to the waiting list instead (user ids, in the round's order). */
  waitlisted: string[];
};

/**
 * Who of a plan's people new to the group gets a seat when it is published (pure). People who
 * already hold a seat keep it. The newcomers are seated in the round's order (`order`: who
 * answered first, as a queue would) up to the seats nobody holds or waits for; the rest go to the
 * waiting list, behind the people already waiting.
 */
export function seatPlan(
  plan: ReadonlyArray<PlanCohort>,
  input: { capacity: number; taken: number; waiting: number; holders: ReadonlySet<string>; order: ReadonlyArray<string> },
): RoundSeats {
  const left = Math.max(0, input.capacity - input.taken - input.waiting);
  const rank = new Map(input.order.map((id, index) => [id, index]));
  const newcomers = [...new Set(plan.flatMap((c) => c.participantIds))]
    .filter((id) => !input.holders.has(id))
    .sort((a, b) => (rank.get(a) ?? Number.MAX_SAFE_INTEGER) - (rank.get(b) ?? Number.MAX_SAFE_INTEGER) || (a < b ? -1 : a > b ? 1 : 0));
  return {
    capacity: input.capacity,
    taken: input.taken,
    waiting: input.waiting,
    left,
    newcomers: newcomers.length,
    seated: newcomers.slice(0, left),
    waitlisted: newcomers.slice(left),
  };
}
