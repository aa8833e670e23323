import { DateTime } from "luxon";
import { CATALOGUE_FILTER_KEYS, catalogueFilterSchema, type CatalogueFilter } from "./schema";

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
  programId: string;
  location: string;
  /** Whether the group meets online (never the link itself: the public catalogue has no link). */
  online: boolean;
  language: string;
  seatsLeft: number;
  upcoming: Date[];
};

/**
 * Whether a group matches the filters. Day and time of day are judged in `zone`: the zone the
 * catalogue writes the times in (the signed-in viewer's; for a visitor, the group's own).
 */
export function matchesCatalogueFilter(group: CatalogueGroup, filter: CatalogueFilter, zone: string): boolean {
  if (filter.kind && group.kind !== filter.kind) return false;
  if (filter.program && group.programId !== filter.program) return false;
  if (filter.seats === "open" && group.seatsLeft <= 0) return false;
  if (filter.mode === "in_person" && group.location.trim() === "") return false;
  if (filter.mode === "online" && !group.online) return false;
  if (filter.language && group.language.trim().toLowerCase() !== filter.language.trim().toLowerCase()) return false;
  if (filter.day || filter.time) {
    return group.upcoming.some((start) => {
      const slot = localSlot(start, zone);
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

const FILTER_NAMES: Record<keyof CatalogueFilter, string> = {
  kind: "kind of group",
  program: "program",
  day: "day",
  time: "time of day",
  mode: "in person or online",
  seats: "open seats",
  language: "language",
};

/**
 * Reads the catalogue's filters from a shared or hand-edited address. Anything it cannot use is
 * left out of the filter and named in a message, so the page always answers (never a 500) and says
 * what it ignored: an unknown parameter, a value that is not one of the choices, a repeated filter.
 */
export function readCatalogueFilter(params: URLSearchParams): { filter: CatalogueFilter; ignored: string[] } {
  const raw: Record<string, string> = {};
  const ignored: string[] = [];
  const unknown = new Set<string>();
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    if (!(CATALOGUE_FILTER_KEYS as string[]).includes(key)) {
      unknown.add(key);
      continue;
    }
    const name = FILTER_NAMES[key as keyof CatalogueFilter];
    if (values.length > 1) ignored.push(`Choose one ${name}: we used the first of ${values.length}.`);
    raw[key] = values[0];
  }
  const filter = catalogueFilterSchema.parse(raw);
  for (const key of CATALOGUE_FILTER_KEYS) {
    const given = raw[key];
    if (given === undefined || given.trim() === "") continue;
    const used = String(filter[key]);
    // The value itself is never repeated: the page is the organisation's, and a crafted address
    // must not make it say whatever the link's author wrote ("Call 555-… for your new group").
    if (used === "" || (key !== "language" && used !== given)) ignored.push(`We ignored the ${FILTER_NAMES[key]} in the address: it is not one of the choices.`);
  }
  if (unknown.size) {
    ignored.push(unknown.size === 1 ? "We ignored 1 part of the address that is not a filter." : `We ignored ${unknown.size} parts of the address that are not filters.`);
  }
  return { filter, ignored };
}

/** The programs the catalogue's groups belong to, for the program filter (by name). */
export function programOptions(groups: ReadonlyArray<{ programId: string; programName: string }>): { id: string; name: string }[] {
  const byId = new Map(groups.map((g) => [g.programId, g.programName]));
  return [...byId].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, "en"));
}
