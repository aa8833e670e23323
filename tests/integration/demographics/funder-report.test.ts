import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { auditEvents, enrolments, groupFacilitators, groups, programs, sessions } from "~/db/schema";
import { attendanceRecords } from "~/db/tables/attendance";
import { enrolmentOutcomes } from "~/db/tables/completion";
import { funderReportDefinitions, participantCoverage, participantDemographics } from "~/db/tables/demographics";
import { outcomeMeasures } from "~/db/tables/metrics";
import type { FunderReportView } from "~/modules/demographics/queries.server";
import * as funder from "~/routes/metrics.funder";
import * as funderCsv from "~/routes/metrics.funder[.]csv";
import * as medicaidCsv from "~/routes/metrics.medicaid-ids[.]csv";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";

/**
 * The funder report on hand-countable data (organisation zone America/New_York; the report is
 * for the whole year 2025, named by its dates, so the real date does not matter):
 *
 * - Program A's group "Circle" (Tuesdays from 4 March 2025) holds 4 March and 11 March; program
 *   B's group "Pathways" holds one session on 12 March.
 * - 8 women attend Circle only; 4 men attend both Circle and Pathways (counted once); 2 men attend
 *   Pathways only; 1 non-binary person attends Pathways only → 15 people, 12 in A, 7 in B.
 * - Continuing: 3 of the women and 2 of the men enrolled in October 2024; everyone else first
 *   enrolled on 1 March 2025 (new). 10 new, 5 continuing.
 * - Veteran status: 5 veterans, 5 not, 5 not answered (no small cell: the cells add up to 15).
 * - Completion: 5 women completed, 5 men discharged → 50%.
 * - Outcomes: the 8 women have quality of life 2 at intake and 4 at exit → +2.00, 8 people.
 */
const PERIOD = "rule=fixed&from=2025-01-01&to=2025-12-31";
let s: Scenario;
let foreign: Scenario;
let programB: { id: string };
let women: Person[];
let menBoth: Person[];
let menB: Person[];
let nonBinary: Person;

async function enrol(groupId: string, person: Person, createdAt: Date) {
  await db.insert(enrolments).values({ organizationId: s.org.id, groupId, userId: person.id, createdAt });
}
async function attend(session: { id: string; groupId: string }, people: Person[]) {
  await db.insert(attendanceRecords).values(people.map((p) => ({ organizationId: s.org.id, sessionId: session.id, groupId: session.groupId, userId: p.id, status: "present" as const, source: "roster" as const })));
}
async function answers(people: Person[], values: Partial<typeof participantDemographics.$inferInsert>) {
  for (const p of people) {
    await db
      .insert(participantDemographics)
      .values({ organizationId: s.org.id, userId: p.id, ...values })
      .onConflictDoUpdate({ target: [participantDemographics.organizationId, participantDemographics.userId], set: values });
  }
}

async function report(query: string, who: Person = s.manager): Promise<FunderReportView> {
  const out = await callRoute(funder, { path: `/metrics/funder?${query}`, cookie: who.cookie });
  expect(out.status).toBe(200);
  const data = out.data as { report: FunderReportView | null; errors: Record<string, string[]> };
  expect(data.errors).toEqual({});
  return data.report!;
}
const dimension = (r: FunderReportView, key: string) => r.dimensions.find((d) => d.key === key)!;
const cell = (r: FunderReportView, dim: string, key: string) => dimension(r, dim).rows.find((row) => row.key === key)!;

beforeAll(async () => {
  [s, foreign] = await Promise.all([createOrgScenario({ seriesStart: "2025-03-04" }), createOrgScenario()]);
  // The scenario's two participants are enrolled but never attend: they are not served.
  const [b] = await db.insert(programs).values({ organizationId: s.org.id, name: "Program B" }).returning();
  programB = b;
  const [pathways] = await db.insert(groups).values({ organizationId: s.org.id, programId: b.id, kind: "class", name: "Pathways", timezone: "America/New_York", capacity: 30 }).returning();
  await db.insert(groupFacilitators).values({ groupId: pathways.id, userId: s.otherFacilitator.id, organizationId: s.org.id });
  const circle = await db.select().from(sessions).where(eq(sessions.groupId, s.group.id)).orderBy(asc(sessions.startsAt));
  await db.update(sessions).set({ status: "held" }).where(eq(sessions.id, circle[0].id));
  await db.update(sessions).set({ status: "held" }).where(eq(sessions.id, circle[1].id));
  const [pathwaysSession] = await db
    .insert(sessions)
    .values({ organizationId: s.org.id, groupId: pathways.id, startsAt: new Date("2025-03-12T22:00:00Z"), endsAt: new Date("2025-03-13T00:00:00Z"), status: "held" })
    .returning();

  const make = (n: number, name: string) => Promise.all(Array.from({ length: n }, (_, i) => createPerson(s.org, "participant", { name: `${name} ${i + 1}` })));
  [women, menBoth, menB] = await Promise.all([make(8, "Woman"), make(4, "Man in both"), make(2, "Man in B")]);
  nonBinary = await createPerson(s.org, "participant", { name: "Nonbinary person" });
  const october = new Date("2024-10-01T14:00:00Z");
  const march = new Date("2025-03-01T14:00:00Z");
  for (const [i, w] of women.entries()) await enrol(s.group.id, w, i < 3 ? october : march);
  for (const [i, m] of menBoth.entries()) {
    await enrol(s.group.id, m, i < 2 ? october : march);
    await enrol(pathways.id, m, march);
  }
  for (const p of [...menB, nonBinary]) await enrol(pathways.id, p, march);
  await attend(circle[0], [...women, ...menBoth]);
  await attend(circle[1], women.slice(0, 4));
  await attend(pathwaysSession, [...menBoth, ...menB, nonBinary]);

  await answers(women, { gender: "woman" });
  await answers([...menBoth, ...menB], { gender: "man" });
  await answers([nonBinary], { gender: "non_binary" });
  await answers(women.slice(0, 5), { veteranStatus: "veteran" });
  await answers([...women.slice(5), ...menB], { veteranStatus: "not_veteran" });
  await db.insert(participantCoverage).values({ organizationId: s.org.id, userId: women[0].id, payer: "medicaid", medicaidId: "QX99887766" });

  const endedAt = new Date("2025-04-22T04:00:00Z");
  const enrolmentOf = async (groupId: string, p: Person) =>
    (await db.select({ id: enrolments.id }).from(enrolments).where(and(eq(enrolments.groupId, groupId), eq(enrolments.userId, p.id))))[0].id;
  for (const w of women.slice(0, 5))
    await db.insert(enrolmentOutcomes).values({ organizationId: s.org.id, enrolmentId: await enrolmentOf(s.group.id, w), groupId: s.group.id, userId: w.id, outcome: "completed", endedOn: "2025-04-21", endedAt });
  for (const m of [...menBoth.slice(0, 3), ...menB])
    await db.insert(enrolmentOutcomes).values({ organizationId: s.org.id, enrolmentId: await enrolmentOf(pathways.id, m), groupId: pathways.id, userId: m.id, outcome: "discharged", reason: "withdrew", endedOn: "2025-04-21", endedAt });
  for (const w of women) {
    await db.insert(outcomeMeasures).values([
      { organizationId: s.org.id, participantId: w.id, programId: s.program.id, domain: "quality_of_life" as const, phase: "intake" as const, score: 2, measuredOn: "2025-03-04" },
      { organizationId: s.org.id, participantId: w.id, programId: s.program.id, domain: "quality_of_life" as const, phase: "exit" as const, score: 4, measuredOn: "2025-04-22" },
    ]);
  }
}, 120_000);

describe("funder report figures", () => {
  it("counts a person in two programs once (unduplicated), and each program on its own", async () => {
    expect((await report(PERIOD)).total.people.value).toBe(15); // no program chosen: every program
    // Program A serves 12 of the 15: all − A would be the 3 served only in B, so A's figures are not shown.
    expect((await report(`${PERIOD}&program=${s.program.id}`)).total.people).toEqual({ value: null, hidden: "complementary" });
    // And so B's 7 is not shown either: with A's hidden, all programs (15) − B would be A's (F1, suppressed jointly).
    expect((await report(`${PERIOD}&program=${programB.id}`)).total.people).toEqual({ value: null, hidden: "complementary" });
    // The page's form sends ticked boxes as program[] (the shared CheckboxGroup).
    const ticked = await report(`${PERIOD}&program%5B%5D=${programB.id}`);
    expect(ticked.programs.map((p) => p.id)).toEqual([programB.id]);
    expect(ticked.allPrograms).toBe(false);
  });

  it("tells new from continuing by the first enrolment in the organisation", async () => {
    const r = await report(PERIOD);
    expect(r.total.newPeople.value).toBe(10);
    expect(r.total.continuing.value).toBe(5);
    // A man of program B first enrolled (in program A) in October: continuing in B's report too.
    const b = await report(`${PERIOD}&program=${programB.id}`);
    expect(b.total.continuing.value).toBeNull(); // 2 continuing in B: small, hidden with its complement
    expect(b.total.newPeople.value).toBeNull();
  });

  it("sessions and hours delivered, attendance, completion and outcome change", async () => {
    const r = await report(PERIOD);
    expect(r.sessionsDelivered).toBe(3);
    expect(r.hoursDelivered).toBe(4); // 1 h + 1 h + 2 h
    expect(r.total.attendances.value).toBe(12 + 4 + 7);
    expect(r.total.completed.value).toBe(5);
    expect(r.total.ended.value).toBe(10);
    expect(r.total.completionRate).toBe(0.5);
    expect(r.outcomeColumns.map((c) => c.key)).toEqual(["quality_of_life"]);
    expect(r.total.outcomes[0].value).toBe(2);
    expect(cell(r, "gender", "woman").outcomes[0].value).toBe(2);
    expect(cell(r, "gender", "woman").outcomePeople[0].value).toBe(8);
  });

  it("each dimension's cells add up to the total where nothing is suppressed", async () => {
    const r = await report(PERIOD);
    const veteran = dimension(r, "veteran").rows;
    expect(veteran.map((row) => [row.key, row.people.value])).toEqual([
      ["veteran", 5],
      ["not_veteran", 5],
      ["prefer_not_to_say", 0],
      ["not_recorded", 5],
    ]);
    expect(veteran.reduce((sum, row) => sum + row.people.value!, 0)).toBe(r.total.people.value);
    const age = dimension(r, "age").rows;
    expect(age.find((row) => row.key === "not_recorded")!.people.value).toBe(15);
    expect(age.reduce((sum, row) => sum + (row.people.value ?? 0), 0)).toBe(15);
  });

  it("suppresses the small cell and its complement, in the page and in the CSV", async () => {
    const r = await report(PERIOD);
    expect(cell(r, "gender", "non_binary").people).toEqual({ value: null, hidden: "small" });
    expect(cell(r, "gender", "man").people).toEqual({ value: null, hidden: "complementary" });
    expect(cell(r, "gender", "woman").people.value).toBe(8);
    expect(r.total.people.value).toBe(15); // 15 − 8 = 7: only the two hidden cells together
    const csv = await callRoute(funderCsv, { path: `/metrics/funder.csv?${PERIOD}`, cookie: s.manager.cookie });
    expect(csv.status).toBe(200);
    expect(csv.headers!.get("content-type")).toContain("text/csv");
    const lines = String(csv.data).split("\r\n");
    expect(lines.find((l) => l.startsWith("Gender identity,Non-binary,"))).toMatch(/^Gender identity,Non-binary,Suppressed \(fewer than 5\),/);
    expect(lines.find((l) => l.startsWith("Gender identity,Man,"))).toMatch(/^Gender identity,Man,Suppressed \(so another cell/);
    expect(lines.find((l) => l.startsWith("Gender identity,Woman,"))).toMatch(/^Gender identity,Woman,8,/);
    // No Medicaid ID and no name in the funder report's file.
    expect(String(csv.data)).not.toContain("QX99887766");
    expect(String(csv.data)).not.toContain("Woman 1");
  });
});

describe("funder report access and saved definitions", () => {
  it("is for managers and administrators of the organisation; another organisation's program is a 404", async () => {
    for (const who of [s.participant, s.facilitator]) {
      expect((await callRoute(funder, { path: `/metrics/funder?${PERIOD}`, cookie: who.cookie })).status).toBe(403);
      expect((await callRoute(funderCsv, { path: `/metrics/funder.csv?${PERIOD}`, cookie: who.cookie })).status).toBe(403);
      expect((await callRoute(medicaidCsv, { path: "/metrics/medicaid-ids.csv", cookie: who.cookie })).status).toBe(403);
    }
    expect((await callRoute(funder, { path: `/metrics/funder?${PERIOD}&program=${s.program.id}`, cookie: foreign.manager.cookie })).status).toBe(404);
    expect((await callRoute(funder, { path: `/metrics/funder?${PERIOD}`, cookie: s.admin.cookie })).status).toBe(200);
    // The other organisation's manager sees only their own (empty) organisation.
    expect((await report(PERIOD, foreign.manager)).total.people.value).toBe(0);
  });

  it("refuses bad periods and ids with a message and runs nothing", async () => {
    for (const [query, field] of [
      ["rule=fixed&from=2027-02-30&to=2027-03-01", "from"],
      ["rule=fixed&from=2027-03-01&to=2027-02-01", "to"],
      ["rule=someday", "rule"],
      [`${PERIOD}&program=not-a-uuid`, "program"],
    ] as const) {
      const out = await callRoute(funder, { path: `/metrics/funder?${query}`, cookie: s.manager.cookie });
      expect(out.status, query).toBe(200);
      const data = out.data as { report: unknown; errors: Record<string, string[]> };
      expect(data.report).toBeNull();
      expect(data.errors[field], query).toBeTruthy();
    }
    expect((await callRoute(funderCsv, { path: "/metrics/funder.csv?rule=someday", cookie: s.manager.cookie })).status).toBe(400);
  });

  it("saves a definition that reruns its rule, refuses a duplicate name, and keeps it to the organisation", async () => {
    const form = { intent: "save", name: "County grant quarterly", rule: "last_quarter", from: "", to: "", program: [s.program.id] };
    const saved = await callRoute(funder, { path: "/metrics/funder", cookie: s.manager.cookie, form });
    expect(saved.status).toBe(302);
    const [definition] = await db.select().from(funderReportDefinitions).where(eq(funderReportDefinitions.organizationId, s.org.id));
    expect(definition).toMatchObject({ name: "County grant quarterly", periodRule: "last_quarter", fixedFrom: null, programIds: [s.program.id] });
    const rerun = await callRoute(funder, { path: `/metrics/funder?saved=${definition.id}`, cookie: s.manager.cookie });
    const data = rerun.data as { report: FunderReportView; savedName: string };
    expect(data.savedName).toBe("County grant quarterly");
    expect(data.report.period.rule).toBe("last_quarter");
    expect(data.report.programs.map((p) => p.id)).toEqual([s.program.id]);

    const duplicate = await callRoute(funder, { path: "/metrics/funder", cookie: s.manager.cookie, form });
    expect(duplicate.status).toBe(400);
    expect(await db.select().from(funderReportDefinitions).where(eq(funderReportDefinitions.organizationId, s.org.id))).toHaveLength(1);
    const badFixed = await callRoute(funder, { path: "/metrics/funder", cookie: s.manager.cookie, form: { ...form, name: "Bad", rule: "fixed", from: "2027-05-01", to: "2027-04-01" } });
    expect(badFixed.status).toBe(400);
    expect(await db.select().from(funderReportDefinitions).where(eq(funderReportDefinitions.organizationId, s.org.id))).toHaveLength(1);

    expect((await callRoute(funder, { path: `/metrics/funder?saved=${definition.id}`, cookie: foreign.manager.cookie })).status).toBe(404);
    expect((await callRoute(funder, { path: "/metrics/funder", cookie: foreign.manager.cookie, form: { intent: "delete", definitionId: definition.id } })).status).toBe(404);
    expect((await callRoute(funder, { path: "/metrics/funder", cookie: s.facilitator.cookie, form: { intent: "delete", definitionId: definition.id } })).status).toBe(403);
    expect(await db.select().from(funderReportDefinitions).where(eq(funderReportDefinitions.id, definition.id))).toHaveLength(1);
    expect((await callRoute(funder, { path: "/metrics/funder", cookie: s.manager.cookie, form: { intent: "delete", definitionId: definition.id } })).status).toBe(302);
    expect(await db.select().from(funderReportDefinitions).where(eq(funderReportDefinitions.id, definition.id))).toHaveLength(0);
  });

  it("the Medicaid billing list holds the ID in full and is in the person's disclosure history", async () => {
    const out = await callRoute(medicaidCsv, { path: "/metrics/medicaid-ids.csv", cookie: s.manager.cookie });
    expect(out.status).toBe(200);
    expect(String(out.data)).toContain("QX99887766");
    expect(String(out.data)).toContain("Notice (42 CFR 2.32)"); // the scenario's group is a peer recovery group
    const events = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "demographics.medicaid_exported"), eq(auditEvents.subjectUserId, women[0].id)));
    expect(events).toHaveLength(1);
    expect(events[0].actorUserId).toBe(s.manager.id);
    // Another organisation's manager gets their own (empty) list, never this one.
    expect(String((await callRoute(medicaidCsv, { path: "/metrics/medicaid-ids.csv", cookie: foreign.manager.cookie })).data)).not.toContain("QX99887766");
  });
});
