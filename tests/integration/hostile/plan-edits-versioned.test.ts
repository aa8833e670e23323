import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { goalObjectives, participantGoals } from "~/db/tables/metrics";
import { NO_VERSION_ANSWERS } from "~/modules/errors";
import { STALE_GOAL } from "~/modules/metrics/mutations.server";
import { STALE_PLAN } from "~/modules/plans/mutations.server";
import * as goalsPage from "~/routes/participants.$userId.goals";
import * as planPage from "~/routes/participants.$userId.plan";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

/**
 * A goal's edit (title, program, target date) and an objective's wording were last-writer-wins: a
 * page opened before a colleague's save wrote its old copy over theirs. Each form now carries the
 * version it showed; a save after someone else's is refused, writes nothing and keeps the typed
 * text; a save naming no version is refused with the current version, so saving again works.
 */
type Failure = { ok: false; errors: Record<string, string[]>; values: Record<string, string> };
type GoalsData = { plan: { goals: { id: string; version: string }[] } };
type PlanData = { goals: { objectives: { id: string; version: string }[] }[] };

let s: Scenario;
let goalId: string;
let objectiveId: string;
const at = (page: "goals" | "plan") => ({ path: `/participants/${s.participant.id}/${page}`, params: { userId: s.participant.id } });
const goalVersion = async (cookie: string) => ((await callRoute(goalsPage, { ...at("goals"), cookie })).data as GoalsData).plan.goals.find((g) => g.id === goalId)!.version;
const objectiveVersion = async (cookie: string) => ((await callRoute(planPage, { ...at("plan"), cookie })).data as PlanData).goals.flatMap((g) => g.objectives).find((o) => o.id === objectiveId)!.version;
const editGoal = (cookie: string, form: Record<string, string>) => callRoute(goalsPage, { ...at("goals"), cookie, form: { intent: "edit-goal", goalId, programId: s.program.id, targetDate: "", ...form } });
const editObjective = (cookie: string, form: Record<string, string>) => callRoute(planPage, { ...at("plan"), cookie, form: { intent: "edit-objective", form: `edit-${objectiveId}`, objectiveId, measure: "weekly", ...form } });
const goalTitle = async () => (await db.select().from(participantGoals).where(eq(participantGoals.id, goalId)))[0].title;
const objectiveText = async () => (await db.select().from(goalObjectives).where(eq(goalObjectives.id, objectiveId)))[0].description;

beforeAll(async () => {
  s = await createOrgScenario();
  const [goal] = await db.insert(participantGoals).values({ organizationId: s.org.id, participantId: s.participant.id, programId: s.program.id, title: "Keep a budget" }).returning();
  goalId = goal.id;
  const [objective] = await db.insert(goalObjectives).values({ organizationId: s.org.id, goalId, description: "Track spending", measure: "weekly" }).returning();
  objectiveId = objective.id;
});

describe("editing a goal", () => {
  it("a save from a page opened before a colleague's is refused, keeps the typed title and changes nothing", async () => {
    const [managerSaw, facilitatorSaw] = [await goalVersion(s.manager.cookie), await goalVersion(s.facilitator.cookie)];
    expect((await editGoal(s.manager.cookie, { version: managerSaw, title: "Keep a monthly budget" })).status).toBe(200);
    const late = await editGoal(s.facilitator.cookie, { version: facilitatorSaw, title: "Keep a weekly budget" });
    expect(late.status).toBe(400);
    expect((late.data as Failure).errors._form).toEqual([STALE_GOAL]);
    expect((late.data as Failure).values.title).toBe("Keep a weekly budget");
    expect(await goalTitle()).toBe("Keep a monthly budget");
    // The refusal names what changed and carries the goal's version now, as the page would show it.
    expect((late.data as { details?: { changed: string[] } }).details?.changed).toEqual(["title"]);
    expect((late.data as Failure).values.version).toBe(await goalVersion(s.facilitator.cookie));
    // Opened again, the save goes through.
    expect((await editGoal(s.facilitator.cookie, { version: await goalVersion(s.facilitator.cookie), title: "Keep a weekly budget" })).status).toBe(200);
    expect(await goalTitle()).toBe("Keep a weekly budget");
  });

  it("a save naming no version is refused with the current version; sent again with it, it saves", async () => {
    const bare = await editGoal(s.facilitator.cookie, { title: "Keep a yearly budget" });
    expect(bare.status).toBe(400);
    expect((bare.data as Failure).errors._form).toEqual([NO_VERSION_ANSWERS]);
    expect(await goalTitle()).toBe("Keep a weekly budget");
    const current = (bare.data as Failure).values.version;
    expect(current).toBe(await goalVersion(s.facilitator.cookie));
    expect((await editGoal(s.facilitator.cookie, { version: current, title: "Keep a yearly budget" })).status).toBe(200);
    expect(await goalTitle()).toBe("Keep a yearly budget");
  });
});

describe("rewording an objective", () => {
  it("a save from a page opened before a colleague's is refused, keeps the typed text and changes nothing", async () => {
    const [managerSaw, facilitatorSaw] = [await objectiveVersion(s.manager.cookie), await objectiveVersion(s.facilitator.cookie)];
    expect((await editObjective(s.manager.cookie, { version: managerSaw, description: "Track spending daily" })).status).toBe(200);
    const late = await editObjective(s.facilitator.cookie, { version: facilitatorSaw, description: "Track spending weekly" });
    expect(late.status).toBe(400);
    expect((late.data as Failure).errors._form).toEqual([STALE_PLAN]);
    expect((late.data as Failure).values.description).toBe("Track spending weekly");
    expect(await objectiveText()).toBe("Track spending daily");
    expect((late.data as { details?: { changed: string[] } }).details?.changed).toEqual(["description"]);
    // Sent again from the refused form (which now carries the current version), it saves.
    expect((await editObjective(s.facilitator.cookie, { ...(late.data as Failure).values })).status).toBe(200);
    expect(await objectiveText()).toBe("Track spending weekly");
    await editObjective(s.facilitator.cookie, { version: await objectiveVersion(s.facilitator.cookie), description: "Track spending daily" });
  });

  it("a rewording put back to the text the page showed is no change: a save from that page goes through", async () => {
    const shown = await objectiveVersion(s.manager.cookie);
    expect((await editObjective(s.facilitator.cookie, { version: await objectiveVersion(s.facilitator.cookie), description: "Track spending hourly" })).status).toBe(200);
    expect((await editObjective(s.facilitator.cookie, { version: await objectiveVersion(s.facilitator.cookie), description: "Track spending daily" })).status).toBe(200);
    expect((await editObjective(s.manager.cookie, { version: shown, description: "Track spending by category" })).status).toBe(200);
    expect(await objectiveText()).toBe("Track spending by category");
    await editObjective(s.manager.cookie, { version: await objectiveVersion(s.manager.cookie), description: "Track spending daily" });
  });

  it("a save naming no version is refused with the current version; sent again with it, it saves", async () => {
    const bare = await editObjective(s.facilitator.cookie, { description: "Track every purchase" });
    expect(bare.status).toBe(400);
    expect((bare.data as Failure).errors._form).toEqual([NO_VERSION_ANSWERS]);
    expect(await objectiveText()).toBe("Track spending daily");
    const current = (bare.data as Failure).values.version;
    expect((await editObjective(s.facilitator.cookie, { version: current, description: "Track every purchase" })).status).toBe(200);
    expect(await objectiveText()).toBe("Track every purchase");
  });
});
