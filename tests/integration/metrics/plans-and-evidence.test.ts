import { beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import { db } from "~/db/client.server";
import { createSeries } from "~/modules/groups/mutations.server";
import { logicModelVersion } from "~/modules/metrics/mutations.server";
import { auditEvents, sessions } from "~/db/schema";
import { competencyItems, competencyRecords } from "~/db/tables/competency";
import { outcomeMeasures, participantGoals } from "~/db/tables/metrics";
import { resources } from "~/db/tables/referrals";
import * as evidenceCsv from "~/routes/evidence[.]csv";
import * as evidencePage from "~/routes/evidence._index";
import * as myGoals from "~/routes/my.goals";
import * as outcomesRoute from "~/routes/outcomes";
import * as goalsRoute from "~/routes/participants.$userId.goals";
import * as logicModel from "~/routes/programs.$programId.logic-model";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

let s: Scenario;
let foreign: Scenario;

type Plan = Awaited<ReturnType<typeof goalsRoute.loader>>;
const plan = async (cookie = s.facilitator.cookie) =>
  (await callRoute(goalsRoute, { path: `/participants/${s.participant.id}/goals`, params: { userId: s.participant.id }, cookie })).data as Plan;
const post = (form: Record<string, string | string[]>, cookie = s.facilitator.cookie) =>
  callRoute(goalsRoute, { path: `/participants/${s.participant.id}/goals`, params: { userId: s.participant.id }, cookie, form });

beforeAll(async () => {
  s = await createOrgScenario();
  foreign = await createOrgScenario();
});

describe("individual service plans", () => {
  it("a facilitator of the participant's group writes a goal with objectives and planned groups; the read is audited", async () => {
    const res = await post({
      intent: "create-goal",
      title: "Keep a monthly budget",
      programId: s.program.id,
      targetDate: "2027-06-30",
      objectives: "Track spending for 4 weeks | spending diary\nOpen a savings account",
      "groupIds[]": [s.group.id],
      interventions: "Weekly circle check-in on money worries",
    });
    expect(res.status).toBe(200);
    const data = await plan();
    expect(data.plan.goals).toHaveLength(1);
    const [goal] = data.plan.goals;
    expect(goal).toMatchObject({ title: "Keep a monthly budget", targetDate: "2027-06-30", status: "active", programName: "Program" });
    expect(goal.objectives.map((o) => [o.description, o.measure, o.status])).toEqual([
      ["Track spending for 4 weeks", "spending diary", "not_started"],
      ["Open a savings account", "", "not_started"],
    ]);
    expect(goal.interventions).toEqual([{ goal_id: goal.id, group_name: "Circle", description: "Weekly circle check-in on money worries" }]);
    const audits = await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, s.participant.id), eq(auditEvents.action, "goal.plan_viewed")));
    expect(audits.length).toBeGreaterThan(0);
  });

  it("bad input is refused beside the field and saves nothing", async () => {
    const before = await db.select().from(participantGoals).where(eq(participantGoals.participantId, s.participant.id));
    const empty = await post({ intent: "create-goal", title: " ", targetDate: "31/06/2027", objectives: "" });
    expect(empty.status).toBe(400);
    expect((empty.data as { errors: Record<string, string[]> }).errors).toMatchObject({ title: ["Enter the goal."], targetDate: ["Enter a date like 2027-06-30."] });
    const foreignGroup = await post({ intent: "create-goal", title: "Sneaky", "groupIds[]": [foreign.group.id] });
    expect(foreignGroup.status).toBe(400);
    expect((foreignGroup.data as { errors: Record<string, string[]> }).errors.groupIds).toEqual(["Choose groups from the list."]);
    expect(await db.select().from(participantGoals).where(eq(participantGoals.participantId, s.participant.id))).toHaveLength(before.length);
    const badScore = await post({ intent: "measure", measureProgramId: s.program.id, domain: "quality_of_life", phase: "intake", score: "9", measuredOn: "2027-01-05" });
    expect(badScore.status).toBe(400);
    expect((badScore.data as { errors: Record<string, string[]> }).errors.score).toEqual(["Enter a whole number from 1 to 5."]);
    expect(await db.select().from(outcomeMeasures).where(eq(outcomeMeasures.participantId, s.participant.id))).toHaveLength(0);
  });

  it("the participant sees their goals, adds their own words and a note; staff see them", async () => {
    const mine = (await callRoute(myGoals, { path: "/my/goals", cookie: s.participant.cookie })).data as Awaited<ReturnType<typeof myGoals.loader>>;
    const goalId = mine.plan.goals[0].id;
    expect((await callRoute(myGoals, { path: "/my/goals", cookie: s.participant.cookie, form: { intent: "own-words", goalId, participantWords: "I want to stop worrying about rent." } })).status).toBe(200);
    expect((await callRoute(myGoals, { path: "/my/goals", cookie: s.participant.cookie, form: { intent: "note", goalId, body: "Started my spending diary." } })).status).toBe(200);
    // Another participant cannot touch this goal.
    expect((await callRoute(myGoals, { path: "/my/goals", cookie: s.otherParticipant.cookie, form: { intent: "own-words", goalId, participantWords: "mine now" } })).status).toBe(404);
    const data = await plan(s.manager.cookie);
    expect(data.plan.goals[0].participantWords).toBe("I want to stop worrying about rent.");
    expect(data.plan.goals[0].notes.map((n) => [n.body, n.byParticipant])).toEqual([["Started my spending diary.", true]]);
  });

  it("staff set statuses and record outcome measures; the goal counts as achieved", async () => {
    const data = await plan();
    const goal = data.plan.goals[0];
    expect((await post({ intent: "objective-status", objectiveId: goal.objectives[0].id, status: "met" })).status).toBe(200);
    expect((await post({ intent: "goal-status", goalId: goal.id, status: "achieved" })).status).toBe(200);
    expect((await post({ intent: "measure", measureProgramId: s.program.id, domain: "quality_of_life", phase: "intake", score: "2", measuredOn: "2027-01-05" })).status).toBe(200);
    const after = await plan();
    expect(after.plan.goals[0].status).toBe("achieved");
    expect(after.plan.goals[0].objectives[0].status).toBe("met");
    expect(after.plan.measures.map((m) => [m.domain, m.phase, m.score])).toEqual([["quality_of_life", "intake", 2]]);
  });

  it("the scale cannot shrink below recorded scores, and a bad scale is refused", async () => {
    const form = { scaleMin: "3", scaleMax: "7", scaleDescription: "3 low, 7 high", retentionAttended: "2", retentionOf: "3" };
    const res = await callRoute(outcomesRoute, { path: "/outcomes", cookie: s.manager.cookie, form });
    expect(res.status).toBe(400);
    expect((res.data as { errors: Record<string, string[]> }).errors.scaleMin?.[0]).toMatch(/1 recorded scores fall outside 3–7/);
    const inverted = await callRoute(outcomesRoute, { path: "/outcomes", cookie: s.manager.cookie, form: { ...form, scaleMin: "1", scaleMax: "1", retentionAttended: "4" } });
    expect((inverted.data as { errors: Record<string, string[]> }).errors).toMatchObject({
      scaleMax: ["The highest score must be above the lowest."],
      retentionAttended: ["Cannot be more than the number of first sessions counted."],
    });
    expect((await callRoute(outcomesRoute, { path: "/outcomes", cookie: s.manager.cookie, form: { ...form, scaleMin: "0", scaleMax: "10" } })).status).toBe(200);
  });
});

describe("logic model", () => {
  it("binds output lines to live metrics and shows target against actual", async () => {
    const path = `/programs/${s.program.id}/logic-model`;
    const params = { programId: s.program.id };
    const send = (form: Record<string, string>) => callRoute(logicModel, { path, params, cookie: s.manager.cookie, form });
    // The narrative as the page posts it: with the version of the (empty) logic model it showed.
    expect((await send({ intent: "model", version: logicModelVersion(null), needs: "Isolation and money stress", inputs: "Two facilitators", activities: "Weekly circle", impact: "Stable lives" })).status).toBe(200);
    expect((await send({ intent: "add-line", kind: "output", description: "Sessions held", metricKey: "sessions_held", target: "3" })).status).toBe(200);
    expect((await send({ intent: "add-line", kind: "outcome", description: "Goals achieved", metricKey: "goal_achievement_rate", target: "50" })).status).toBe(200);
    const bad = await send({ intent: "add-line", kind: "output", description: "", metricKey: "made_up", target: "lots" });
    expect(bad.status).toBe(400);
    expect(Object.keys((bad.data as { errors: Record<string, string[]> }).errors).sort()).toEqual(["description", "metricKey", "target"]);
    // The logic model is read for an explicit period (2027 Q2): the group also met on four
    // Thursdays from 1 April 2027, and three of them are held.
    const { seriesId } = await createSeries(s.manager, s.group.id, {
      weekdays: ["thu"], startTime: "19:00", durationMinutes: 60, startDate: "2027-04-01", endDate: null, count: 4, skipDates: [],
    });
    const q2 = await db.select().from(sessions).where(eq(sessions.seriesId, seriesId)).orderBy(asc(sessions.startsAt));
    expect(q2.map((x) => x.startsAt.toISOString())).toEqual(["2027-04-01T23:00:00.000Z", "2027-04-08T23:00:00.000Z", "2027-04-15T23:00:00.000Z", "2027-04-22T23:00:00.000Z"]);
    const april = q2.slice(0, 3);
    for (const x of april) await db.update(sessions).set({ status: "held" }).where(eq(sessions.id, x.id));
    const page = (await callRoute(logicModel, { path: `${path}?period=2027-Q2`, params, cookie: s.manager.cookie })).data as Awaited<ReturnType<typeof logicModel.loader>>;
    expect(page.model.needs).toBe("Isolation and money stress");
    const held = page.lines.find((l) => l.metricKey === "sessions_held")!;
    expect(held).toMatchObject({ target: 3, actual: 3, met: true });
    const goals = page.lines.find((l) => l.metricKey === "goal_achievement_rate")!;
    expect(goals).toMatchObject({ target: 50, actual: 1, met: true }); // the goal due 30 June 2027 was achieved
    const foreignRes = await callRoute(logicModel, { path, params, cookie: foreign.manager.cookie, form: { intent: "remove-line", lineId: held.id } });
    expect(foreignRes.status).toBe(404);
  });
});

describe("accreditation evidence", () => {
  type Evidence = Awaited<ReturnType<typeof evidencePage.loader>>;
  it("lists every supported standard; says 'no data recorded yet' where nothing is recorded", async () => {
    const data = (await callRoute(evidencePage, { path: "/evidence", cookie: foreign.manager.cookie })).data as Evidence;
    expect(data.standards.map((x) => x.code)).toEqual(["1.01", "1.02", "2.03", "2.04", "2.06", "2.07", "2.08", "3.01", "3.02", "3.03", "3.04", "5.01", "5.02", "5.03", "6.02", "6.03", "7.02"]);
    const byCode = Object.fromEntries(data.standards.map((x) => [x.code, x]));
    expect(byCode["2.04"].status).toBe("no-data");
    expect(byCode["7.02"].status).toBe("no-data");
    expect(byCode["1.02"].facts).toEqual([]);
  });

  it("shows live evidence and gaps: expired 2.04 records, groups scheduled without availability input", async () => {
    const [item] = await db
      .insert(competencyItems)
      .values({ organizationId: s.org.id, code: "2.04-engage", standard: "PA-CSE 2.04", name: "Engaging members", kind: "competency" })
      .returning();
    await db.insert(competencyRecords).values({ organizationId: s.org.id, userId: s.facilitator.id, itemId: item.id, status: "verified", achievedOn: "2023-01-01", expiresOn: "2025-01-01" });
    const data = (await callRoute(evidencePage, { path: "/evidence", cookie: s.manager.cookie })).data as Evidence;
    const byCode = Object.fromEntries(data.standards.map((x) => [x.code, x]));
    expect(byCode["2.04"].status).toBe("gaps");
    expect(byCode["2.04"].gaps.find((g) => g.label === "Facilitators with expired 2.04 records")?.items).toEqual([
      `${s.facilitator.name} — Engaging members (expired 2025-01-01)`,
    ]);
    expect(byCode["1.01"].status).toBe("evidence");
    expect(byCode["1.02"].facts).toContainEqual({ label: "Outcome measures recorded", value: 1 });
    expect(byCode["3.04"].status).toBe("evidence");
    // The group has upcoming sessions but nobody gave availability: a 5.02 gap.
    expect(byCode["5.02"].status).toBe("no-data");
    expect(byCode["5.02"].gaps.find((g) => g.label === "Groups scheduled without participant availability input")?.items).toEqual(["Circle"]);
    const csv = (await callRoute(evidenceCsv, { path: "/evidence.csv", cookie: s.manager.cookie })).data as string;
    expect(csv).toContain(`PA-CSE 2.04,Group facilitation competencies,Evidence with gaps,Gap,Facilitators with expired 2.04 records,${s.facilitator.name} — Engaging members (expired 2025-01-01)`);
    expect(csv).toContain("PA-CSE 7.02,Members make the group's rules and voice their concerns,No data recorded yet,Status,No data recorded yet,");
  });

  it("6.02: an entry without a contact person is incomplete; the count covers every entry, not just the listed ones", async () => {
    const org = await createOrgScenario();
    const full = { phone: "(555) 010-1000", services: "Meals", eligibility: "Anyone", languages: "English", fees: "Free", location: "1 Main St" };
    await db.insert(resources).values([
      { organizationId: org.org.id, name: "Complete pantry", contactPerson: "Desk", ...full },
      { organizationId: org.org.id, name: "No contact clinic", contactPerson: "", ...full },
      ...Array.from({ length: 30 }, (_, i) => ({ organizationId: org.org.id, name: `Sparse ${String(i).padStart(2, "0")}`, contactPerson: "", ...full, fees: "" })),
    ]);
    const data = (await callRoute(evidencePage, { path: "/evidence", cookie: org.manager.cookie })).data as Evidence;
    const std = data.standards.find((x) => x.code === "6.02")!;
    expect(std.facts).toEqual([
      { label: "Directory entries", value: 32 },
      { label: "Entries with every 6.02 field", value: 1 },
    ]);
    const items = std.gaps.find((g) => g.label === "Entries missing 6.02 fields")!.items;
    expect(items[0]).toBe("No contact clinic: contact person");
    expect(items[1]).toBe("Sparse 00: contact person, fees");
    expect(items).toHaveLength(26);
    expect(items[25]).toBe("…and 6 more");
  });
});
