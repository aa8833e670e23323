import { readFileSync } from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { groupFacilitators } from "~/db/schema";
import { goalInterventions, goalObjectives, participantGoals } from "~/db/tables/metrics";
import { planServices } from "~/db/tables/plans";
import { parentingProgram } from "../../factories/programs";
import { createOrgScenario, createPerson } from "../../factories/scenario";

/**
 * Migration 0072's backfill: a goal written before goals had to name a program gets the program it
 * was written under where that can be told — the one program of the groups its writer led with
 * the person when they wrote it, else the one program of the groups it plans — and stays under no
 * program (managers and the person only) otherwise. Run again here (this file's database only).
 */
describe("migration 0072: existing goals get their program only when it is unambiguous", () => {
  it("the writer's one program with the person; else the planned groups' one program; else none", async () => {
    const statements = readFileSync(path.resolve("drizzle/0072_plan_goal_programs.sql"), "utf8").split("--> statement-breakpoint");
    expect(statements).toHaveLength(2);
    const s = await createOrgScenario();
    // Both lead a group with the person: the scenario's facilitator the Circle (s.program), Fran the class; Otto leads both.
    const fran = await createPerson(s.org, "facilitator");
    const otto = s.otherFacilitator;
    const parentingClass = await parentingProgram(s, { leaders: [fran, otto], enrolled: [s.participant] });
    await db.insert(groupFacilitators).values({ groupId: s.group.id, userId: otto.id, organizationId: s.org.id });
    const later = new Date(Date.now() + 60_000);
    const goal = async (title: string, createdBy: string) =>
      (await db.insert(participantGoals).values({ organizationId: s.org.id, participantId: s.participant.id, title, createdBy, createdAt: later }).returning())[0].id;
    const byFran = await goal("Fran's", fran.id);
    const byFelix = await goal("Felix's", s.facilitator.id);
    const byOtto = await goal("Otto's (two programs)", otto.id);
    const plannedCircle = await goal("Manager's, planning the Circle", s.manager.id);
    const plannedBoth = await goal("Manager's, planning both", s.manager.id);
    const plainManager = await goal("Manager's, planning nothing", s.manager.id);
    const [objective] = await db.insert(goalObjectives).values({ organizationId: s.org.id, goalId: plannedCircle, description: "Weekly" }).returning();
    await db.insert(planServices).values({ organizationId: s.org.id, objectiveId: objective.id, groupId: s.group.id, timesPerPeriod: 1, period: "week", minutesPerContact: 60 });
    await db.insert(goalInterventions).values([
      { organizationId: s.org.id, goalId: plannedBoth, groupId: s.group.id },
      { organizationId: s.org.id, goalId: plannedBoth, groupId: parentingClass.groupId },
    ]);
    // A goal that already names a program keeps it.
    const [filed] = await db.insert(participantGoals).values({ organizationId: s.org.id, participantId: s.participant.id, title: "Filed", programId: parentingClass.programId, createdBy: s.facilitator.id, createdAt: later }).returning();

    for (const statement of statements) await db.execute(sql.raw(statement));

    const programOf = async (id: string) => (await db.select({ programId: participantGoals.programId }).from(participantGoals).where(eq(participantGoals.id, id)))[0].programId;
    expect({
      byFran: await programOf(byFran),
      byFelix: await programOf(byFelix),
      byOtto: await programOf(byOtto),
      plannedCircle: await programOf(plannedCircle),
      plannedBoth: await programOf(plannedBoth),
      plainManager: await programOf(plainManager),
      filed: await programOf(filed.id),
    }).toEqual({ byFran: parentingClass.programId, byFelix: s.program.id, byOtto: null, plannedCircle: s.program.id, plannedBoth: null, plainManager: null, filed: parentingClass.programId });
  });
});
