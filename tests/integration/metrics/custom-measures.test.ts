import { beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { db } from "~/db/client.server";
import { auditEvents } from "~/db/schema";
import { customOutcomeMeasures, outcomeMeasures } from "~/db/tables/metrics";
import * as evidencePage from "~/routes/evidence._index";
import * as metricsPage from "~/routes/metrics._index";
import * as exportRoute from "~/routes/metrics.export[.]csv";
import * as measuresRoute from "~/routes/outcome-measures";
import * as outcomesRoute from "~/routes/outcomes";
import * as goalsRoute from "~/routes/participants.$userId.goals";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";

let s: Scenario;
let foreign: Scenario;

type Failure = { errors: Record<string, string[]> };
type Page = Awaited<ReturnType<typeof measuresRoute.loader>>;
type Outcomes = Awaited<ReturnType<typeof outcomesRoute.loader>>;
type Plan = Awaited<ReturnType<typeof goalsRoute.loader>>;

const define = (form: Record<string, string>, cookie = s.manager.cookie) => callRoute(measuresRoute, { path: "/outcome-measures", cookie, form });
const page = async (cookie = s.manager.cookie, query = "") => (await callRoute(measuresRoute, { path: `/outcome-measures${query}`, cookie })).data as Page;
const record = (person: { id: string }, form: Record<string, string>, cookie = s.manager.cookie) =>
  callRoute(goalsRoute, { path: `/participants/${person.id}/goals`, params: { userId: person.id }, cookie, form: { intent: "measure", measureProgramId: s.program.id, ...form } });
// 2026 Q1: outcome figures are shown only for a quarter or year that has ended (finding HN1).
const outcomes = async (query = "?period=2026-Q1") => (await callRoute(outcomesRoute, { path: `/outcomes${query}`, cookie: s.manager.cookie })).data as Outcomes;
const dashboard = async () => ((await callRoute(metricsPage, { path: "/metrics?period=2026-Q1", cookie: s.manager.cookie })).data as Awaited<ReturnType<typeof metricsPage.loader>>).outcomes.table!;
const outcomesCsv = async () => (await callRoute(exportRoute, { path: "/metrics/export.csv?period=2026-Q1&table=outcomes", cookie: s.manager.cookie })).data as string;
const CSV_LABEL = `"Other: Depression symptoms (PHQ-9 total score, 0–27, lower is better)"`;
const rowsOf = (measureId: string) => db.select().from(outcomeMeasures).where(eq(outcomeMeasures.customMeasureId, measureId));

const phq9 = { intent: "define", name: "Depression symptoms", instrument: "PHQ-9 total score", standardInstrument: "on", scoreMin: "0", scoreMax: "27", direction: "lower" };
let phq9Id: string;
let people: Person[];

beforeAll(async () => {
  s = await createOrgScenario();
  foreign = await createOrgScenario();
  people = await Promise.all([1, 2, 3, 4, 5].map((i) => createPerson(s.org, "participant", { name: `Person ${i}` })));
});

describe("the organisation's own outcome measures: definition", () => {
  it("a manager adds a measure with its instrument, range and direction; the definition is audited", async () => {
    const res = await define(phq9);
    expect(res.status).toBe(200);
    const data = await page();
    expect(data.measures).toHaveLength(1);
    const [m] = data.measures;
    expect(m).toMatchObject({ name: "Depression symptoms", instrument: "PHQ-9 total score", standardInstrument: true, scoreMin: 0, scoreMax: 27, higherIsBetter: false, retired: false, scores: 0 });
    phq9Id = m.id;
    const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, m.id), eq(auditEvents.action, "outcome_measure.define")));
    expect(event).toMatchObject({ actorUserId: s.manager.id, organizationId: s.org.id, after: { name: "Depression symptoms", scoreMin: 0, scoreMax: 27, higherIsBetter: false, standardInstrument: true } });
  });

  it("bad definitions are refused beside the field and save nothing", async () => {
    const empty = await define({ intent: "define", name: " ", instrument: "", scoreMin: "5", scoreMax: "5", direction: "" });
    expect(empty.status).toBe(400);
    expect((empty.data as Failure).errors).toMatchObject({
      name: ["Name the measure (what it shows about the person)."],
      instrument: ["Name the scale or instrument the score comes from."],
      direction: ["Choose whether a higher or a lower score is better."],
    });
    const inverted = await define({ ...phq9, name: "Anxiety", scoreMin: "21", scoreMax: "0" });
    expect((inverted.data as Failure).errors.scoreMax).toEqual(["The highest score must be above the lowest."]);
    const duplicate = await define({ ...phq9, name: "depression SYMPTOMS" });
    expect(duplicate.status).toBe(400);
    expect((duplicate.data as Failure).errors.name?.[0]).toMatch(/already has a measure called/);
    expect(await db.select().from(customOutcomeMeasures).where(eq(customOutcomeMeasures.organizationId, s.org.id))).toHaveLength(1);
  });

  it("facilitators and participants cannot see or define measures; another organisation's manager cannot edit or retire this one", async () => {
    for (const person of [s.facilitator, s.participant]) {
      expect((await callRoute(measuresRoute, { path: "/outcome-measures", cookie: person.cookie })).status).toBe(403);
      expect((await define({ ...phq9, name: "Sneaky" }, person.cookie)).status).toBe(403);
    }
    expect((await page(foreign.manager.cookie)).measures).toEqual([]);
    expect((await callRoute(measuresRoute, { path: `/outcome-measures?edit=${phq9Id}`, cookie: foreign.manager.cookie })).status).toBe(404);
    expect((await define({ ...phq9, intent: "edit", measureId: phq9Id, name: "Taken" }, foreign.manager.cookie)).status).toBe(404);
    expect((await define({ intent: "retire", measureId: phq9Id }, foreign.manager.cookie)).status).toBe(404);
    const [row] = await db.select().from(customOutcomeMeasures).where(eq(customOutcomeMeasures.id, phq9Id));
    expect(row).toMatchObject({ name: "Depression symptoms", retiredAt: null });
  });
});

describe("recording scores on the organisation's own measures", () => {
  it("staff with a relationship record one at intake with the measure's own range; the five domains keep their scale", async () => {
    const plan = (await callRoute(goalsRoute, { path: `/participants/${s.participant.id}/goals`, params: { userId: s.participant.id }, cookie: s.facilitator.cookie })).data as Plan;
    expect(plan.customMeasures.map((m) => m.name)).toEqual(["Depression symptoms"]);
    // 20 is outside the domains' 1–5 scale but inside PHQ-9's 0–27.
    const res = await record(s.participant, { domain: "other", customMeasureId: phq9Id, phase: "intake", score: "20", measuredOn: "2027-01-05" }, s.facilitator.cookie);
    expect(res.status).toBe(200);
    expect((await rowsOf(phq9Id)).map((r) => [r.participantId, r.domain, r.phase, r.score])).toEqual([[s.participant.id, "other", "intake", 20]]);
    const after = (await callRoute(goalsRoute, { path: `/participants/${s.participant.id}/goals`, params: { userId: s.participant.id }, cookie: s.facilitator.cookie })).data as Plan;
    expect(after.plan.measures.map((m) => [m.domain, m.measure_name, m.score])).toEqual([["other", "Depression symptoms", 20]]);
    const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.subjectUserId, s.participant.id), eq(auditEvents.action, "outcome.record")));
    expect(event.after).toMatchObject({ domain: "other", customMeasureId: phq9Id, score: 20 });
  });

  it("a score outside the measure's range, a missing or foreign measure, and a facilitator without a relationship are refused and save nothing", async () => {
    const before = (await rowsOf(phq9Id)).length;
    const high = await record(s.participant, { domain: "other", customMeasureId: phq9Id, phase: "exit", score: "28", measuredOn: "2027-02-05" });
    expect(high.status).toBe(400);
    expect((high.data as Failure).errors.score).toEqual(["Enter a whole number from 0 to 27 for Depression symptoms."]);
    const missing = await record(s.participant, { domain: "other", phase: "exit", score: "3", measuredOn: "2027-02-05" });
    expect((missing.data as Failure).errors.customMeasureId).toEqual(["Choose which of the organisation's own measures this score is on."]);
    await callRoute(measuresRoute, { path: "/outcome-measures", cookie: foreign.manager.cookie, form: { ...phq9, name: "Foreign measure" } });
    const [foreignMeasure] = await db.select().from(customOutcomeMeasures).where(eq(customOutcomeMeasures.organizationId, foreign.org.id));
    const crossOrg = await record(s.participant, { domain: "other", customMeasureId: foreignMeasure.id, phase: "exit", score: "3", measuredOn: "2027-02-05" });
    expect(crossOrg.status).toBe(400);
    expect((crossOrg.data as Failure).errors.customMeasureId).toBeDefined();
    const stranger = await record(s.participant, { domain: "other", customMeasureId: phq9Id, phase: "exit", score: "3", measuredOn: "2027-02-05" }, s.otherFacilitator.cookie);
    expect(stranger.status).toBe(403);
    const participantSelf = await record(s.participant, { domain: "other", customMeasureId: phq9Id, phase: "exit", score: "3", measuredOn: "2027-02-05" }, s.participant.cookie);
    expect(participantSelf.status).toBe(403);
    expect(await rowsOf(phq9Id)).toHaveLength(before);
    expect(await db.select().from(outcomeMeasures).where(eq(outcomeMeasures.customMeasureId, foreignMeasure.id))).toHaveLength(0);
  });

  it("the range cannot be narrowed below recorded scores; the domains' scale is not held back by the measure's scores", async () => {
    const narrowed = await define({ ...phq9, intent: "edit", measureId: phq9Id, scoreMax: "10" });
    expect(narrowed.status).toBe(400);
    expect((narrowed.data as Failure).errors.scoreMin?.[0]).toBe("1 recorded score falls outside 0–10; keep the range wide enough for them.");
    expect((await db.select().from(customOutcomeMeasures).where(eq(customOutcomeMeasures.id, phq9Id)))[0].scoreMax).toBe(27);
    const settings = { scaleMin: "1", scaleMax: "5", scaleDescription: "1 = very poor, 5 = very good", retentionAttended: "3", retentionOf: "4" };
    expect((await callRoute(outcomesRoute, { path: "/outcomes", cookie: s.manager.cookie, form: settings })).status).toBe(200);
  });
});

describe("change from baseline on /outcomes", () => {
  it("withholds a measure's figures for fewer than 5 people and shows them, improvement by direction, from 5", async () => {
    // Four people at intake and exit in 2026 Q1, scores falling (better on PHQ-9).
    for (const person of people.slice(0, 4)) {
      expect((await record(person, { domain: "other", customMeasureId: phq9Id, phase: "intake", score: "18", measuredOn: "2025-12-01" })).status).toBe(200);
      expect((await record(person, { domain: "other", customMeasureId: phq9Id, phase: "exit", score: "10", measuredOn: "2026-02-01" })).status).toBe(200);
    }
    const four = (await outcomes()).outcomes.byProgram.find((p) => p.id === s.program.id)!.table!;
    expect(four.customOutcomes).toEqual([
      expect.objectContaining({ measureId: phq9Id, people: null, suppressed: true, baselineMean: null, latestMean: null, meanChange: null, improved: null }),
    ]);
    expect((await dashboard()).customOutcomes).toEqual([expect.objectContaining({ measureId: phq9Id, people: null, suppressed: true, improved: null })]);
    expect(await outcomesCsv()).toContain(`${CSV_LABEL},fewer than 5,,,,`);
    // The fifth person gets worse (a rise): 4 of 5 improved.
    expect((await record(people[4], { domain: "other", customMeasureId: phq9Id, phase: "intake", score: "10", measuredOn: "2025-12-01" })).status).toBe(200);
    expect((await record(people[4], { domain: "other", customMeasureId: phq9Id, phase: "interval", score: "14", measuredOn: "2026-03-01" })).status).toBe(200);
    const five = (await outcomes()).outcomes.byProgram.find((p) => p.id === s.program.id)!.table!;
    expect(five.customOutcomes).toEqual([expect.objectContaining({ measureId: phq9Id, people: 5, suppressed: false, baselineMean: 16.4, latestMean: 10.8, improved: 4 })]);
    // The five domains are not fed by these scores.
    expect(five.outcomes.every((d) => d.people === 0)).toBe(true);
    // The metrics dashboard and its outcomes CSV show the same figures beside the five domains.
    const d = await dashboard();
    expect(d.customOutcomes).toEqual([expect.objectContaining({ measureId: phq9Id, people: 5, suppressed: false, improved: 4 })]);
    expect(d.outcomes.every((o) => o.people === 0)).toBe(true);
    expect(await outcomesCsv()).toContain(`${CSV_LABEL},5,16.4,10.8,-5.6,4`);
  });

  it("a retired measure takes no new scores but keeps its figures; reinstated, it takes scores again; both are audited", async () => {
    expect((await define({ intent: "retire", measureId: phq9Id })).status).toBe(200);
    const refused = await record(people[0], { domain: "other", customMeasureId: phq9Id, phase: "interval", score: "5", measuredOn: "2026-03-10" });
    expect(refused.status).toBe(400);
    expect((refused.data as Failure).errors.customMeasureId).toBeDefined();
    const kept = (await outcomes()).outcomes.byProgram.find((p) => p.id === s.program.id)!.table!;
    expect(kept.customOutcomes).toEqual([expect.objectContaining({ measureId: phq9Id, retired: true, people: 5, improved: 4 })]);
    expect((await define({ intent: "reinstate", measureId: phq9Id })).status).toBe(200);
    expect((await record(people[0], { domain: "other", customMeasureId: phq9Id, phase: "interval", score: "5", measuredOn: "2026-03-10" })).status).toBe(200);
    const actions = (await db.select().from(auditEvents).where(eq(auditEvents.subjectId, phq9Id))).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["outcome_measure.define", "outcome_measure.retire", "outcome_measure.reinstate"]));
  });

  it("a corrected definition (direction) is audited with before and after and changes how improvement is counted", async () => {
    const res = await define({ ...phq9, intent: "edit", measureId: phq9Id, direction: "higher", standardInstrument: "" });
    expect(res.status).toBe(200);
    const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, phq9Id), eq(auditEvents.action, "outcome_measure.edit")));
    expect(event).toMatchObject({ before: { higherIsBetter: false, standardInstrument: true }, after: { higherIsBetter: true, standardInstrument: false } });
    const flipped = (await outcomes()).outcomes.byProgram.find((p) => p.id === s.program.id)!.table!;
    // people[0]'s latest is now 5 (from 18): still a fall, so with "higher is better" only people[4] (10 → 14) improved.
    expect(flipped.customOutcomes).toEqual([expect.objectContaining({ measureId: phq9Id, people: 5, improved: 1 })]);
    const again = await define({ ...phq9, intent: "edit", measureId: phq9Id, direction: "higher", standardInstrument: "" });
    expect((again.data as { message: string }).message).toBe("Nothing changed: the measure already reads like that.");
  });

  it("evidence 1.02 counts the organisation's own measures and their scores", async () => {
    type Evidence = Awaited<ReturnType<typeof evidencePage.loader>>;
    const data = (await callRoute(evidencePage, { path: "/evidence", cookie: s.manager.cookie })).data as Evidence;
    const e102 = data.standards.find((x) => x.code === "1.02")!;
    expect(e102.facts).toContainEqual({ label: "Other outcomes: the organisation's own measures in use", value: "1 (12 scores recorded)" });
  });

  it("evidence 1.02 lists someone measured at intake on one own measure and followed up only on another as not measured since", async () => {
    expect((await define({ ...phq9, name: "Housing stability", instrument: "Staff rating", standardInstrument: "", scoreMin: "0", scoreMax: "10", direction: "higher" })).status).toBe(200);
    const [housing] = await db.select().from(customOutcomeMeasures).where(and(eq(customOutcomeMeasures.organizationId, s.org.id), eq(customOutcomeMeasures.name, "Housing stability")));
    const gapPerson = await createPerson(s.org, "participant", { name: "Gap Person" });
    expect((await record(gapPerson, { domain: "other", customMeasureId: phq9Id, phase: "intake", score: "12", measuredOn: "2020-01-06" })).status).toBe(200);
    expect((await record(gapPerson, { domain: "other", customMeasureId: housing.id, phase: "exit", score: "7", measuredOn: "2020-03-02" })).status).toBe(200);
    type Evidence = Awaited<ReturnType<typeof evidencePage.loader>>;
    const data = (await callRoute(evidencePage, { path: "/evidence", cookie: s.manager.cookie })).data as Evidence;
    const gaps = data.standards.find((x) => x.code === "1.02")!.gaps.find((g) => g.label === "Measured at intake over 90 days ago and not since")!;
    expect(gaps.items).toContain("Gap Person (intake 2020-01-06)");
  });
});
