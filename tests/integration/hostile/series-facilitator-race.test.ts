import { and, eq, inArray, ne } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { groupFacilitators, series, sessions } from "~/db/schema";
import { createSeries, moveSession, type SeriesInput } from "~/modules/groups/mutations.server";
import { createEmptyGroup } from "../../factories/registration";
import { createOrgScenario, createPerson, FIXED_SERIES_START, type Person, type Scenario } from "../../factories/scenario";

// Two managers adding a weekly series for the same facilitator at the same hour, in two groups, at
// the same moment: neither saw the other's uncommitted sessions, and nothing checked anyway, so
// both were added and the facilitator was due in two rooms at once. Adding a series now takes the
// facilitator's lock (as publishing a round does) and looks at their sessions after it: the second
// waits for the first, sees its sessions and is refused, naming its group; nothing of it is kept.

const BASE = "http://test.local";
let s: Scenario;
let fay: Person;

beforeAll(async () => {
  s = await createOrgScenario({ seriesStart: FIXED_SERIES_START });
  fay = await createPerson(s.org, "facilitator", { name: "Fay Race" });
});

async function groupLedByFay(name: string) {
  const group = await createEmptyGroup(s, 10, name);
  await db.insert(groupFacilitators).values({ groupId: group.id, userId: fay.id, organizationId: s.org.id });
  return group;
}

/** Three Thursdays at 10:00 from the round's own Thursday (6 May 2027 + 3 weeks a round), so rounds never meet each other. */
const thursdays = (round: number): SeriesInput => ({
  weekdays: ["thu"],
  startTime: "10:00",
  durationMinutes: 60,
  startDate: new Date(Date.UTC(2027, 4, 6) + round * 21 * 86_400_000).toISOString().slice(0, 10),
  endDate: null,
  count: 3,
  skipDates: [],
});

const seriesOf = async (groupId: string) => db.select({ id: series.id }).from(series).where(eq(series.groupId, groupId));
const sessionCount = async (groupId: string) => (await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.groupId, groupId))).length;

/** Pairs of Fay's sessions (every group she leads, not cancelled) that overlap in time. */
async function doubleBookings() {
  const rows = await db
    .select({ startsAt: sessions.startsAt, endsAt: sessions.endsAt })
    .from(sessions)
    .innerJoin(groupFacilitators, eq(groupFacilitators.groupId, sessions.groupId))
    .where(and(eq(groupFacilitators.userId, fay.id), ne(sessions.status, "cancelled")));
  let clashes = 0;
  for (let a = 0; a < rows.length; a++) {
    for (let b = a + 1; b < rows.length; b++) if (rows[a].startsAt < rows[b].endsAt && rows[b].startsAt < rows[a].endsAt) clashes++;
  }
  return clashes;
}

describe("two series for the same facilitator at the same hour, added at the same moment", () => {
  it("one is added, the other refused naming the first's group; never a double booking (both orders, 8 rounds)", async () => {
    for (let round = 0; round < 8; round++) {
      const a = await groupLedByFay(`North ${round}`);
      const b = await groupLedByFay(`South ${round}`);
      const both = round % 2 === 0 ? [a, b] : [b, a];
      const results = await Promise.allSettled(both.map((group) => createSeries(s.manager, group.id, thursdays(round))));
      // No deadlock and no database error: one series, one clear refusal.
      expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
      const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
      const loser = both[results.indexOf(refused)];
      const winner = both.find((g) => g !== loser)!;
      expect(refused.reason.message).toMatch(
        new RegExp(`^Fay Race already leads ${winner.name} on Thu, .+ 10:00–11:00 AM E[SD]T, at the same time as a session of this series\\. Nothing was added: choose another day or time\\.$`),
      );
      expect(await seriesOf(loser.id)).toEqual([]);
      expect(await sessionCount(loser.id)).toBe(0);
      expect(await sessionCount(winner.id)).toBe(3);
      expect(await doubleBookings()).toBe(0);
    }
  }, 120_000);

  it("a session moved into that hour while the series is added: one of them happens, never both (both orders, 6 rounds)", async () => {
    for (let round = 0; round < 6; round++) {
      const week = 8 + round;
      const moving = await groupLedByFay(`Mover ${round}`);
      const adding = await groupLedByFay(`Adder ${round}`);
      // The session to move is on a Monday; the series would meet on the following Thursdays.
      const input = thursdays(week);
      const monday = new Date(Date.parse(`${input.startDate}T14:00:00Z`) - 3 * 86_400_000);
      const [session] = await db
        .insert(sessions)
        .values({ organizationId: s.org.id, groupId: moving.id, startsAt: monday, endsAt: new Date(monday.getTime() + 3_600_000) })
        .returning({ id: sessions.id });
      const move = () => moveSession(s.manager, session.id, { date: input.startDate, startTime: "10:30", durationMinutes: 60, locationOverride: "", note: "", baseUrl: BASE });
      const add = () => createSeries(s.manager, adding.id, input);
      const results = await Promise.allSettled(round % 2 === 0 ? [move(), add()] : [add(), move()]);
      expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
      const refused = (results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason.message as string;
      expect(refused).toMatch(/^Fay Race already leads (Mover|Adder) \d+ on Thu, .+, at the same time as (a session of this series\. Nothing was added|this session's new time\. The session was not moved)/);
      expect(await doubleBookings()).toBe(0);
      // Clear both so the next round starts with a free facilitator.
      await db.update(sessions).set({ status: "cancelled" }).where(inArray(sessions.groupId, [moving.id, adding.id]));
    }
  }, 120_000);
});
