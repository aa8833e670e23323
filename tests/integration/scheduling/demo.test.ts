import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { groups } from "~/db/schema";
import { schedulingRounds } from "~/db/tables/scheduling";
import { seedDemo } from "~/demo/seed.server";
import { analyseRound } from "~/modules/scheduling/queries.server";

describe("the demo's open scheduling round", () => {
  it("shows a heatmap with partial availability and suggests two facilitated cohorts", async () => {
    const now = new Date("2026-11-23T15:00:00Z");
    await seedDemo(now);
    const [group] = await db.select().from(groups).where(eq(groups.name, "Wellness Workshop"));
    const [round] = await db.select().from(schedulingRounds).where(eq(schedulingRounds.groupId, group.id));
    expect(round.status).toBe("open");
    const analysis = await analyseRound(db, round, group, now);
    expect(analysis.invitees).toHaveLength(12);
    expect(new Set(analysis.invitees.map((i) => i.timezone)).size).toBeGreaterThanOrEqual(3);
    expect(analysis.leaders.every((l) => l.hasAvailability)).toBe(true);
    expect(analysis.response.slots[0].available.length).toBeGreaterThanOrEqual(7);
    expect(analysis.response.slots.some((s) => Object.keys(s.partial).length > 0)).toBe(true);
    expect(analysis.plan).toHaveLength(2);
    expect(analysis.plan.every((c) => c.facilitatorId && c.participantIds.length >= 3)).toBe(true);
    expect(analysis.check.blocking).toEqual([]);
    // Felix lacks a 2.04 competency, so only Fran (cleared) is suggested.
    expect(analysis.leaders.find((l) => l.name === "Felix Facilitator")).toMatchObject({ cleared: false });
    expect(analysis.plan.every((c) => analysis.leaders.find((l) => l.id === c.facilitatorId)?.cleared)).toBe(true);
  });
});
