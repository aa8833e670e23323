import { DateTime } from "luxon";
import type { CatalogueFilter } from "./schema";

/**
 * Catalogue filtering, pure: days and times of day are judged in the VIEWER's zone (a Tuesday
 * 19:00 New York session is a Wednesday morning in Kolkata), on the group's upcoming sessions.
 */

export type TimeOfDay = "morning" | "afternoon" | "evening";
const WEEKDAY_CODES = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

/** Morning before 12:00, afternoon 12:00–16:59, evening from 17:00 (local start time). */
export function timeOfDay(hour: number): TimeOfDay {
  if (hour < 12) return "morning";
  if (hour < 17) return "afternoon";
  return "evening";
}

export function localSlot(startsAt: Date, zone: string): { day: (typeof WEEKDAY_CODES)[number]; time: TimeOfDay } {
  const local = DateTime.fromMillis(startsAt.getTime(), { zone });
  return { day: WEEKDAY_CODES[local.weekday - 1], time: timeOfDay(local.hour) };
}

export type CatalogueGroup = {
  kind: string;
  location: string;
  onlineUrl: string;
  language: string;
  upcoming: Date[];
};

export function matchesCatalogueFilter(group: CatalogueGroup, filter: CatalogueFilter, viewerZone: string): boolean {
  if (filter.kind && group.kind !== filter.kind) return false;
  if (filter.mode === "in_person" && group.location.trim() === "") return false;
  if (filter.mode === "online" && group.onlineUrl.trim() === "") return false;
  if (filter.language && group.language.trim().toLowerCase() !== filter.language.trim().toLowerCase()) return false;
  if (filter.day || filter.time) {
    return group.upcoming.some((start) => {
      const slot = localSlot(start, viewerZone);
      return (!filter.day || slot.day === filter.day) && (!filter.time || slot.time === filter.time);
    });
  }
  return true;
}

export function seatsLabel(capacity: number, taken: number, waiting: number): { seatsLeft: number; label: string } {
  const seatsLeft = Math.max(0, capacity - taken);
  if (seatsLeft > 0 && waiting === 0) return { seatsLeft, label: seatsLeft === 1 ? "1 seat left" : `${seatsLeft} seats left` };
  return { seatsLeft: 0, label: waiting === 0 ? "Full: waitlist open" : `Full: waitlist (${waiting} waiting)` };
}
