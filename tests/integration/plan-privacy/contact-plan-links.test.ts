import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { goalObjectives, participantGoals } from "~/db/tables/metrics";
import { individualContacts } from "~/db/tables/records";
import { saveContact } from "~/modules/records/contacts/mutations.server";
import { listContacts } from "~/modules/records/contacts/queries.server";
import { parentingProgram } from "../../factories/programs";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";

/**
 * A one-to-one contact links to a goal of the person's plan: only to goals the writer reaches (the
 * plan is read by program). Pat is in a parenting class (program A, Fran) and the recovery group
 * (program B, Felix): Fran's contact page does not offer Pat's recovery goal, and a post naming it
 * is refused and saves nothing.
 */
let s: Scenario;
let fran: Person;
let programA: string;
const ids = {} as Record<"goalA" | "goalB" | "objectiveB", string>;
const fields = (planLink: string) => ({ contactDate: new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10), minutes: 30, mode: "phone" as const, component: "advocacy" as const, planLink, note: "Talked through the week.", programId: programA });

beforeAll(async () => {
  s = await createOrgScenario();
  fran = await createPerson(s.org, "facilitator", { name: "Fran Parenting" });
  ({ programId: programA } = await parentingProgram(s, { leaders: [fran], enrolled: [s.participant] }));
  const goal = async (title: string, programId: string) =>
    (await db.insert(participantGoals).values({ organizationId: s.org.id, participantId: s.participant.id, programId, title, createdBy: s.manager.id }).returning())[0].id;
  ids.goalA = await goal("Read with my kids nightly", programA);
  ids.goalB = await goal("Ninety days sober", s.program.id);
  ids.objectiveB = (await db.insert(goalObjectives).values({ organizationId: s.org.id, goalId: ids.goalB, description: "Go to a meeting every day" }).returning())[0].id;
});

describe("a contact's link to the plan", () => {
  it("offers a facilitator only the goals of the programs they lead with the person", async () => {
    const labels = (await listContacts(fran, s.participant.id, new Date())).planOptions.map((o) => o.label);
    expect(labels).toEqual(["Goal: Read with my kids nightly"]);
    const managers = (await listContacts(s.manager, s.participant.id, new Date())).planOptions.map((o) => o.label);
    expect(managers).toEqual(expect.arrayContaining(["Goal: Ninety days sober", "Objective: Go to a meeting every day"]));
  });

  it("refuses another program's goal or objective named in a post, and saves nothing", async () => {
    for (const link of [`goal:${ids.goalB}`, `objective:${ids.objectiveB}`]) {
      await expect(saveContact(fran, s.participant.id, null, fields(link), new Date())).rejects.toMatchObject({ field: "planLink" });
    }
    expect(await db.select().from(individualContacts).where(eq(individualContacts.participantId, s.participant.id))).toEqual([]);
    await saveContact(fran, s.participant.id, null, fields(`goal:${ids.goalA}`), new Date());
    expect((await db.select().from(individualContacts).where(eq(individualContacts.participantId, s.participant.id))).map((c) => c.goalId)).toEqual([ids.goalA]);
  });
});
