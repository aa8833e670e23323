import type { SuggestRequest, SuggestResponse, SuggestedSlot } from "~/modules/scheduling/schema";
import type { Weekday } from "~/modules/time/zoned";

type Person = SuggestRequest["participants"][number];

/** A small valid request; override any field. */
export function request(overrides: Partial<SuggestRequest> = {}): SuggestRequest {
  return {
    timezone: "UTC",
    startDate: "2027-01-04",
    endDate: "2027-01-10",
    durationMinutes: 60,
    stepMinutes: 60,
    dayStart: "09:00",
    dayEnd: "12:00",
    sections: 1,
    capacity: 10,
    participants: [],
    ...overrides,
  };
}

export function person(
  id: string,
  timezone: string,
  weekly: Array<[Weekday, string, string]>,
  unavailable: Array<[string, string]> = [],
): Person {
  return {
    id,
    timezone,
    weekly: weekly.map(([day, start, end]) => ({ day, start, end })),
    ...(unavailable.length > 0 ? { unavailable: unavailable.map(([start, end]) => ({ start, end })) } : {}),
  };
}

export function slotAt(response: SuggestResponse, day: Weekday, start: string): SuggestedSlot {
  const slot = response.slots.find((s) => s.day === day && s.start === start);
  if (!slot)
    throw new Error(`no slot ${day} ${start} in ${response.slots.map((s) => `${s.day} ${s.start}`).join(", ")}`);
  return slot;
}
