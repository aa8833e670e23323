import type { SuggestRequest } from "~/modules/scheduling/schema";
import { formatClock, parseCivilDate, parseClock, wallTimeOf, wallTimeToEpoch, type Weekday } from "~/modules/time/zoned";

/**
 * Builds the engine's request from database rows (pure: no clock, no machine zone).
 *
 * - Participants are the round's invitees; facilitators are the group's facilitators who entered
 *   availability. Each person's zone is the zone their weekly windows were entered in (their
 *   profile zone when they entered none).
 * - Dated exceptions ("away 15–22 March") become `unavailable` intervals; one entered in another
 *   zone than the person's windows is converted through its instants.
 * - A facilitator's existing sessions (the sessions they lead: sessionLedBy) are busy: each becomes an
 *   `unavailable` interval of local wall times in the facilitator's zone. Instants are turned into
 *   wall times conservatively: the start rounds down and the end up to the minute, and an end whose
 *   wall time falls in a repeated (fall-back) hour — which the engine would read as the earlier
 *   instant — moves forward until it is not before the real end. Busy time is never shortened.
 */
export type WindowRow = { day: string; startTime: string; endTime: string; timezone: string };
export type ExceptionRow = { startLocal: string; endLocal: string; timezone: string };
export type BusySession = { startsAt: Date; endsAt: Date };
export type PersonRows = { id: string; timezone: string; windows: WindowRow[]; exceptions: ExceptionRow[]; busy?: BusySession[] };

export type RoundParameters = {
  timezone: string;
  startDate: string;
  endDate: string;
  durationMinutes: number;
  stepMinutes: number;
  dayStart: string;
  dayEnd: string;
  weekdays: string[];
  sections: number;
  capacity: number;
  minParticipants: number;
};

type Interval = { start: string; end: string };

/** The zone a person's availability is expressed in. */
export function personZone(person: Pick<PersonRows, "timezone" | "windows">): string {
  return person.windows[0]?.timezone ?? person.timezone;
}

function localParts(value: string): { year: number; month: number; day: number; minutes: number } {
  const [date, clock] = value.split("T");
  return { ...parseCivilDate(date)!, minutes: parseClock(clock)! };
}

function addWallMinutes(value: string, minutes: number): string {
  const p = localParts(value);
  const total = Date.UTC(p.year, p.month - 1, p.day) + (p.minutes + minutes) * 60_000;
  const d = new Date(total);
  return `${d.toISOString().slice(0, 10)}T${formatClock(d.getUTCHours() * 60 + d.getUTCMinutes())}`;
}

/** The engine's reading of a local wall time (RFC 5545: gap → forward, fold → earlier instant). */
export function localToEpoch(value: string, zone: string): number {
  const p = localParts(value);
  return wallTimeToEpoch(zone, p.year, p.month, p.day, p.minutes);
}

/** The local wall time of an instant, rounded down to the minute (its engine reading is never later). */
export function localStartOf(epochMs: number, zone: string): string {
  return wallTimeOf(Math.floor(epochMs / 60_000) * 60_000, zone);
}

/** The local wall time of an instant, rounded up, whose engine reading is never earlier. */
export function localEndOf(epochMs: number, zone: string): string {
  let value = wallTimeOf(Math.ceil(epochMs / 60_000) * 60_000, zone);
  // In a repeated hour the engine reads the earlier instant: step to the first wall time past the fold.
  for (let i = 0; i < 24 * 60 && localToEpoch(value, zone) < epochMs; i++) value = addWallMinutes(value, 1);
  return value;
}

export function intervalInZone(start: number, end: number, zone: string): Interval {
  return { start: localStartOf(start, zone), end: localEndOf(end, zone) };
}

export function busyToUnavailable(busy: ReadonlyArray<BusySession>, zone: string): Interval[] {
  return busy
    .filter((b) => b.endsAt.getTime() > b.startsAt.getTime())
    .map((b) => intervalInZone(b.startsAt.getTime(), b.endsAt.getTime(), zone));
}

export function exceptionInZone(ex: ExceptionRow, zone: string): Interval {
  if (ex.timezone === zone) return { start: ex.startLocal, end: ex.endLocal };
  return intervalInZone(localToEpoch(ex.startLocal, ex.timezone), localToEpoch(ex.endLocal, ex.timezone), zone);
}

function person(rows: PersonRows) {
  const zone = personZone(rows);
  const unavailable = [
    ...rows.exceptions.map((e) => exceptionInZone(e, zone)),
    ...busyToUnavailable(rows.busy ?? [], zone),
  ].filter((u) => u.start < u.end);
  return {
    id: rows.id,
    timezone: zone,
    weekly: rows.windows
      .filter((w) => w.timezone === zone)
      .map((w) => ({ day: w.day as Weekday, start: w.startTime, end: w.endTime })),
    unavailable,
  };
}

export function buildSuggestRequest(round: RoundParameters, participants: PersonRows[], facilitators: PersonRows[]): SuggestRequest {
  return {
    timezone: round.timezone,
    startDate: round.startDate,
    endDate: round.endDate,
    durationMinutes: round.durationMinutes,
    stepMinutes: round.stepMinutes,
    dayStart: round.dayStart,
    dayEnd: round.dayEnd,
    weekdays: round.weekdays as Weekday[],
    sections: round.sections,
    capacity: round.capacity,
    minParticipants: round.minParticipants,
    participants: participants.map(person),
    facilitators: facilitators.map(person),
  };
}
