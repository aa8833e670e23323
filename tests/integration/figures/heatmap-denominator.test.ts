/**
 * The round heatmap's counts are out of the people they can count: someone invited who has since
 * left the group is kept in the round's record ("5 asked") but is planned into no cohort and
 * counted in no cell, so a cell reading "4 of 5 free" when all four people still in the group can
 * come was wrong (and its shade one step too light). Failed before the fix (no `current`; the
 * page passed the 5 invited as the heatmap's total).
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { enrolments } from "~/db/schema";
import { addParticipant, createRoundAs, setAvailability, viewRound, w } from "../../factories/scheduling";
import { createOrgScenario, FIXED_SERIES_START, type Scenario } from "../../factories/scenario";

let s: Scenario;
let roundId: string;

beforeAll(async () => {
  s = await createOrgScenario({ seriesStart: FIXED_SERIES_START });
  const [a, b, c] = await Promise.all(
    ["Ava", "Bo", "Cy"].map((name) => addParticipant(s, { name, timezone: "America/New_York" })),
  );
  for (const p of [a, b, c, s.participant, s.otherParticipant]) await setAvailability(p, [w("thu", "09:00", "21:00")].map((x) => x));
  roundId = await createRoundAs(s.manager, s.group.id);
  // Cy leaves the group after the invitation.
  await db.update(enrolments).set({ status: "withdrawn" }).where(and(eq(enrolments.groupId, s.group.id), eq(enrolments.userId, c.id)));
});

describe("round heatmap totals", () => {
  it("counts cells out of the invitees still in the group; the record of who was asked keeps everyone", async () => {
    const { status, data } = await viewRound(s.manager, roundId);
    expect(status).toBe(200);
    expect(data.round.invited).toBe(5);
    expect(data.round.current).toBe(4);
    const best = Math.max(...data.slots.map((x) => x.available));
    expect(best).toBe(4); // everyone still in the group is free on Thursdays (zones differ, windows are wide)
    // The participants' view (counts only) has the same total.
    const mine = await viewRound(s.participant, roundId);
    expect(mine.data.round.current).toBe(4);
  });
});
