import { eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { emailOutbox, enrolments } from "~/db/schema";
import { goalObjectives, participantGoals } from "~/db/tables/metrics";
import { goalProposals, planReviews, servicePlans } from "~/db/tables/plans";
import { sendPlanReviewReminders } from "~/modules/plans/jobs.server";
import * as goalsPage from "~/routes/participants.$userId.goals";
import * as planPage from "~/routes/participants.$userId.plan";
import * as historyPage from "~/routes/participants.$userId.plan_.history";
import { callRoute } from "../../factories/requests";
import { parentingProgram } from "../../factories/programs";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";

/**
 * A facilitator's view of a person's plan must not tell them that the person is in another program
 * (42 CFR Part 2). Fran leads a parenting class. Ann is only in that class and has no plan basics
 * yet; Bea is in the class and in the scenario's recovery circle (led by someone else), with
 * strengths, needs, a review, a proposal and a recovery goal on her plan. Both have the same
 * parenting goal. Fran's plan page, goals page and history page — the loaders' data, from which the
 * pages are rendered — must read the same for both once the two people's own ids and names are set
 * aside, and her attempts to write the plan's parts of no program must be answered alike.
 */
let s: Scenario;
let fran: Person;
let ann: Person;
let bea: Person;
let programA: string;

const at = (who: Person, page: "goals" | "plan") => ({ path: `/participants/${who.id}/${page}`, params: { userId: who.id } });

/** The data with every uuid numbered by first appearance and the person's name replaced, so two people's pages compare. */
function normalised(data: unknown, person: Person): string {
  const seen = new Map<string, string>();
  return JSON.stringify(data)
    .split(person.name)
    .join("<person>")
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => {
      if (!seen.has(id)) seen.set(id, `<id${seen.size}>`);
      return seen.get(id)!;
    })
    .replace(/"(\w*Token)":"[^"]+"/g, '"$1":"<token>"');
}

beforeAll(async () => {
  s = await createOrgScenario();
  fran = await createPerson(s.org, "facilitator", { name: "Fran Parenting" });
  ann = await createPerson(s.org, "participant", { name: "Ann Only" });
  bea = await createPerson(s.org, "participant", { name: "Bea Both" });
  ({ programId: programA } = await parentingProgram(s, { leaders: [fran], enrolled: [ann, bea], scenarioProgramName: "Recovery" }));
  await db.insert(enrolments).values({ groupId: s.group.id, userId: bea.id, organizationId: s.org.id });
  for (const who of [ann, bea]) {
    const [goal] = await db.insert(participantGoals).values({ organizationId: s.org.id, participantId: who.id, programId: programA, title: "Read with my kids nightly", createdBy: s.manager.id, createdAt: new Date("2026-10-01T12:00:00Z") }).returning();
    await db.insert(goalObjectives).values({ organizationId: s.org.id, goalId: goal.id, description: "Bedtime story 5 nights a week", measure: "self-report", createdAt: new Date("2026-10-01T12:00:00Z") });
  }
  // Bea's plan has basics, a review (the next due in a few days), a proposal and a recovery goal.
  const [plan] = await db
    .insert(servicePlans)
    .values({ organizationId: s.org.id, participantId: bea.id, strengths: "Loves her kids", needs: "Opioid use disorder", nextReviewOn: "2027-05-10", createdBy: s.manager.id })
    .returning();
  await db.insert(planReviews).values({ organizationId: s.org.id, planId: plan.id, reviewedOn: "2026-11-01", attendees: "Bea, manager", whatChanged: "Added the recovery goal" });
  await db.insert(goalProposals).values({ organizationId: s.org.id, participantId: bea.id, words: "Stay clean through the holidays" });
  await db.insert(participantGoals).values({ organizationId: s.org.id, participantId: bea.id, programId: s.program.id, title: "Ninety days sober", createdBy: s.manager.id });
});

describe("a facilitator's view of the plan of a person also in another program", () => {
  it("the plan page's data reads the same as for a person only in her program whose plan has no basics yet", async () => {
    const [forAnn, forBea] = [await callRoute(planPage, { ...at(ann, "plan"), cookie: fran.cookie }), await callRoute(planPage, { ...at(bea, "plan"), cookie: fran.cookie })];
    expect([forAnn.status, forBea.status]).toEqual([200, 200]);
    expect(normalised(forBea.data, bea)).toBe(normalised(forAnn.data, ann));
    // Neither shows the basics, reviews or proposals (kept by the managers and the person), nor the recovery goal.
    expect(forAnn.data).toMatchObject({ wholePlan: false, plan: null, prefill: null, reviews: [], proposals: [] });
    for (const secret of ["Opioid", "Loves her kids", "Stay clean", "Ninety days", "Recovery", "Circle"]) expect(JSON.stringify(forBea.data)).not.toContain(secret);
  });

  it("the goals page's data reads the same", async () => {
    const [forAnn, forBea] = [await callRoute(goalsPage, { ...at(ann, "goals"), cookie: fran.cookie }), await callRoute(goalsPage, { ...at(bea, "goals"), cookie: fran.cookie })];
    expect([forAnn.status, forBea.status]).toEqual([200, 200]);
    expect(normalised(forBea.data, bea)).toBe(normalised(forAnn.data, ann));
  });

  it("the plan history and a save of the basics or a review are refused alike, with the same words", async () => {
    const answers = async (who: Person) => {
      const history = await callRoute(historyPage, { path: `/participants/${who.id}/plan/history`, params: { userId: who.id }, cookie: fran.cookie });
      const basics = await callRoute(planPage, { ...at(who, "plan"), cookie: fran.cookie, form: { intent: "save-basics", form: "basics", version: "none", strengths: "x", barriers: "", needs: "", nextReviewOn: "" } });
      const review = await callRoute(planPage, { ...at(who, "plan"), cookie: fran.cookie, form: { intent: "review", form: "review", reviewedOn: "2026-11-02", attendees: "x", whatChanged: "x", participantComment: "", nextReviewOn: "2027-06-01" } });
      return normalised([history, basics, review].map((r) => ({ status: r.status, data: r.data })), who);
    };
    const forAnn = await answers(ann);
    expect(forAnn).toContain('"status":403');
    expect(await answers(bea)).toBe(forAnn);
    expect(await db.select().from(servicePlans).where(eq(servicePlans.participantId, ann.id))).toEqual([]);
    const [bea_] = await db.select().from(servicePlans).where(eq(servicePlans.participantId, bea.id));
    expect(bea_.strengths).toBe("Loves her kids");
  });

  it("a plan review reminder goes to the person and the managers, never to a facilitator (who would otherwise be mailed about Ann and not about Bea)", async () => {
    await db.insert(servicePlans).values({ organizationId: s.org.id, participantId: ann.id, strengths: "", needs: "", nextReviewOn: "2027-05-10", createdBy: s.manager.id });
    await sendPlanReviewReminders(new Date("2027-05-05T15:00:00Z"));
    const sent = await db.select({ to: emailOutbox.toAddress }).from(emailOutbox).where(like(emailOutbox.dedupeKey, `plans:review-due:%`));
    expect(sent.map((m) => m.to).sort()).toEqual([ann.email, bea.email, s.manager.email, s.manager.email].sort());
  });
});
