import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { groupFacilitators, series, sessions } from "~/db/schema";
import { schedulingRounds, seriesAssignments } from "~/db/tables/scheduling";
import { translateMessage } from "~/i18n/catalog";
import { publishRound, saveRoundPlan } from "~/modules/scheduling/mutations.server";
import { createEmptyGroup } from "../../factories/registration";
import { makeCurrent } from "../../factories/competency";
import { addParticipant, createRoundAs, ROUND_FORM, setAvailability, viewRound, w } from "../../factories/scheduling";
import { createOrgScenario, createPerson, FIXED_SERIES_START, type Person, type Scenario } from "../../factories/scenario";

// Two rounds of different groups led by the same facilitators, published at the same moment:
// each publication counted the facilitator's sessions without the other's (not yet committed), so
// both went through and the facilitator led two groups at the same hour, with no warning to
// either manager. Publishing now takes a lock per facilitator of its cohorts (ids sorted, so two
// publications never wait on each other in a circle) and looks at their sessions again after it:
// the second is refused with the clash named, and changes nothing.

const BASE = "http://test.local";
let s: Scenario;
let f1: Person;
let f2: Person;

beforeAll(async () => {
  s = await createOrgScenario({ seriesStart: FIXED_SERIES_START });
  f1 = await createPerson(s.org, "facilitator", { name: "Fay First" });
  f2 = await createPerson(s.org, "facilitator", { name: "Gus Second" });
  for (const f of [f1, f2]) {
    await makeCurrent(s.org.id, f.id, s.manager.id);
    await setAvailability(f, [w("tue", "09:00", "21:00"), w("thu", "09:00", "21:00")]);
  }
});

/**
 * A group led by both facilitators, four participants free Tuesdays and Thursdays, and a round
 * whose kept plan is: `order` "f1-first" → cohort 1 Thursday 18:00 with f1, cohort 2 Tuesday 11:00
 * with f2; "f2-first" → the same two cohorts listed the other way round.
 */
async function groupWithPlan(name: string, order: "f1-first" | "f2-first") {
  const group = await createEmptyGroup(s, 10, name);
  await db.insert(groupFacilitators).values([f1, f2].map((f) => ({ groupId: group.id, userId: f.id, organizationId: s.org.id })));
  const people: Person[] = [];
  for (let i = 0; i < 4; i++) {
    const p = await addParticipant(s, { name: `${name} P${i}`, timezone: "America/New_York", groupId: group.id });
    await setAvailability(p, [w("tue", "09:00", "21:00"), w("thu", "09:00", "21:00")]);
    people.push(p);
  }
  const roundId = await createRoundAs(s.manager, group.id, ROUND_FORM);
  const thursday = { day: "thu", start: "18:00", facilitatorId: f1.id, participantIds: [people[0].id, people[1].id] };
  const tuesday = { day: "tue", start: "11:00", facilitatorId: f2.id, participantIds: [people[2].id, people[3].id] };
  await saveRoundPlan(s.manager, roundId, order === "f1-first" ? [thursday, tuesday] : [tuesday, thursday], new Date());
  return { group, roundId };
}

/** Pairs of one facilitator's scheduled sessions that overlap in time. */
async function doubleBookings(facilitatorId: string) {
  const rows = await db
    .select({ startsAt: sessions.startsAt, endsAt: sessions.endsAt, groupId: sessions.groupId })
    .from(sessions)
    .innerJoin(seriesAssignments, and(eq(seriesAssignments.seriesId, sessions.seriesId), eq(seriesAssignments.role, "facilitator")))
    .where(and(eq(seriesAssignments.userId, facilitatorId), eq(sessions.status, "scheduled")));
  let clashes = 0;
  for (let a = 0; a < rows.length; a++) {
    for (let b = a + 1; b < rows.length; b++) {
      if (rows[a].startsAt < rows[b].endsAt && rows[b].startsAt < rows[a].endsAt) clashes++;
    }
  }
  return clashes;
}

const statusOf = async (roundId: string) => (await db.select({ status: schedulingRounds.status }).from(schedulingRounds).where(eq(schedulingRounds.id, roundId)))[0].status;
const seriesOf = async (groupId: string) => db.select({ id: series.id }).from(series).where(eq(series.groupId, groupId));

describe("two rounds with the same facilitators published at the same moment", () => {
  it("one is published, the other is refused with the clash named; never a double booking (both lock orders, 6 rounds)", async () => {
    for (let round = 0; round < 6; round++) {
      const a = await groupWithPlan(`Alpha ${round}`, "f1-first");
      const b = await groupWithPlan(`Beta ${round}`, "f2-first");
      const both = round % 2 === 0 ? [a, b] : [b, a];
      const results = await Promise.allSettled(both.map((x) => publishRound(s.manager, x.roundId, { baseUrl: BASE, now: new Date() })));
      // No deadlock and no database error: one publication, one clear refusal.
      expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
      const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
      expect(refused.reason.message).toMatch(/^(Fay First|Gus Second) already leads (Alpha|Beta) \d on .+, at the same time as cohort [12] of this round\. Nothing was published: choose another time or facilitator for that cohort\.$/);
      const loser = both[results.indexOf(refused)];
      const winner = both.find((x) => x !== loser)!;
      expect(refused.reason.message).toContain(` leads ${winner.group.name} on `);
      expect(await statusOf(loser.roundId)).toBe("open");
      expect(await statusOf(winner.roundId)).toBe("published");
      expect(await seriesOf(loser.group.id)).toEqual([]);
      expect(await doubleBookings(f1.id)).toBe(0);
      expect(await doubleBookings(f2.id)).toBe(0);
      // Clear the winner's series so the next round starts with free facilitators.
      const ids = (await seriesOf(winner.group.id)).map((x) => x.id);
      await db.update(sessions).set({ status: "cancelled" }).where(inArray(sessions.seriesId, ids));
    }
  }, 120_000);

  it("published one after the other, in either order: the second names the first's group and time in its manager's zone", async () => {
    const london = await createPerson(s.org, "manager", { name: "Lena London", timezone: "Europe/London", locale: "en-GB" });
    for (const order of ["alpha-first", "beta-first"] as const) {
      const a = await groupWithPlan(`Alpha ${order}`, "f1-first");
      const b = await groupWithPlan(`Beta ${order}`, "f2-first");
      const [first, second] = order === "alpha-first" ? [a, b] : [b, a];
      await publishRound(s.manager, first.roundId, { baseUrl: BASE, now: new Date() });
      const refusal = await publishRound(london, second.roundId, { baseUrl: BASE, now: new Date() }).then(
        () => null,
        (error: Error) => error.message,
      );
      // The second round's cohort 1 is the first clash it meets: Alpha's cohort 1 is Thursdays 18:00
      // with Fay (23:00 in London on 4 March), Beta's is Tuesdays 11:00 with Gus (16:00 in London).
      const firstName = order === "alpha-first" ? "Alpha alpha-first" : "Beta beta-first";
      const expected =
        order === "alpha-first"
          ? `Gus Second already leads ${firstName} on Tue 2 Mar 2027, 16:00–17:30 GMT, at the same time as cohort 1 of this round. Nothing was published: choose another time or facilitator for that cohort.`
          : `Fay First already leads ${firstName} on Thu 4 Mar 2027, 23:00–Fri 5 Mar 00:30 GMT, at the same time as cohort 1 of this round. Nothing was published: choose another time or facilitator for that cohort.`;
      expect(refusal).toBe(expected);
      // The round page says it before anyone presses Publish, among the things to fix first.
      const shown = (await viewRound(london, second.roundId)).data.staff!.blocking;
      const before = expected.replace(". Nothing was published: choose", ": choose");
      expect(shown).toContain(before);
      expect(translateMessage(before, "es-ES")).toMatch(/ ya dirige .+, a la misma hora que la cohorte 1 de esta ronda: elija otra hora u otro\/a facilitador\/a para esa cohorte\.$/);
      expect(translateMessage(refusal!, "es-ES")).toBe(
        expected
          .replace(/ already leads (.+) on (.+), at the same time as cohort 1 of this round\. Nothing was published: choose another time or facilitator for that cohort\.$/, " ya dirige $1 el $2, a la misma hora que la cohorte 1 de esta ronda. No se publicó nada: elija otra hora u otro/a facilitador/a para esa cohorte."),
      );
      expect(await statusOf(second.roundId)).toBe("open");
      expect(await seriesOf(second.group.id)).toEqual([]);
      const ids = (await seriesOf(first.group.id)).map((x) => x.id);
      await db.update(sessions).set({ status: "cancelled" }).where(inArray(sessions.seriesId, ids));
    }
  });
});
