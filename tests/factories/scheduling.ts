import { DateTime } from "luxon";
import { db } from "~/db/client.server";
import { enrolments } from "~/db/schema";
import { saveWeeklyAvailability } from "~/modules/availability/mutations.server";
import type { Window } from "~/modules/availability/windows";
import * as roundsNew from "~/routes/groups.$groupId.rounds.new";
import * as roundPage from "~/routes/rounds.$roundId._index";
import { createPerson, type Person, type Scenario } from "./scenario";
import { callRoute } from "./requests";

export const w = (day: Window["day"], start: string, end: string): Window => ({ day, start, end });

/** A participant of the scenario's organisation enrolled in its group with the given status. */
export async function addParticipant(
  s: Scenario,
  options: { name: string; timezone: string; status?: "enrolled" | "interested"; groupId?: string },
): Promise<Person> {
  const person = await createPerson(s.org, "participant", { name: options.name, timezone: options.timezone });
  await db.insert(enrolments).values({ groupId: options.groupId ?? s.group.id, userId: person.id, organizationId: s.org.id, status: options.status ?? "enrolled" });
  return person;
}

export async function setAvailability(person: Person, windows: Window[], now = new Date("2027-01-10T12:00:00Z")) {
  await saveWeeklyAvailability(person, windows, now);
}

/**
 * A round's form over five weeks from a Monday ("yyyy-MM-dd") to the fifth Sunday, skipping the
 * third Thursday: four Thursdays and five Tuesdays.
 */
export function roundFormFrom(monday: string) {
  const day = (n: number) => DateTime.fromISO(monday).plus({ days: n }).toISODate()!;
  return {
    startDate: monday,
    endDate: day(34),
    durationMinutes: "90",
    stepMinutes: "30",
    dayStart: "09:00",
    dayEnd: "21:00",
    "weekdays[]": ["tue", "thu"],
    sections: "2",
    capacity: "4",
    minParticipants: "2",
    skipDates: day(17),
  };
}

/** 1 March to 4 April 2027, skipping Thursday 18 March: for tests that check those exact dates. */
export const ROUND_FORM = roundFormFrom("2027-03-01");

/** The same shape of round from the Monday before the scenario's first Tuesday (in the future). */
export const roundFormForScenario = (s: Scenario) => roundFormFrom(DateTime.fromISO(s.firstSessionDate).minus({ days: 1 }).toISODate()!);

/** Creates a round through the real route as `who`; returns its id. */
export async function createRoundAs(who: Person, groupId: string, form: Record<string, string | string[]> = ROUND_FORM): Promise<string> {
  const out = await callRoute(roundsNew, { path: `/groups/${groupId}/rounds/new`, params: { groupId }, cookie: who.cookie, form });
  if (out.status !== 302 || !out.location) throw new Error(`round not created: ${out.status} ${JSON.stringify(out.data)}`);
  return /\/rounds\/([0-9a-f-]+)/.exec(out.location)![1];
}

export type RoundPage = Awaited<ReturnType<typeof roundPage.loader>>;

/** The round page (/rounds/:roundId) as `who` sees it: the status, and the loader's data. */
export async function viewRound(who: Person, roundId: string) {
  const out = await callRoute(roundPage, { path: `/rounds/${roundId}`, params: { roundId }, cookie: who.cookie });
  return { status: out.status, data: out.data as RoundPage };
}

/** Posts a form to the round page as `who` (suggest, adjust, publish, remind, close…). */
export function postRound(who: Person, roundId: string, form: Record<string, string | string[]>) {
  return callRoute(roundPage, { path: `/rounds/${roundId}`, params: { roundId }, cookie: who.cookie, form });
}
