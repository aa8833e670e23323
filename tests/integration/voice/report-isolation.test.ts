import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { db } from "~/db/client.server";
import { enrolments, groupFacilitators, groups, sessions } from "~/db/schema";
import { attendanceRecords } from "~/db/tables/attendance";
import { submitFeedback } from "~/modules/voice/feedback/mutations.server";
import { listQuestions } from "~/modules/voice/queries.server";
import * as reportsPage from "~/routes/feedback.reports";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";

/**
 * Anonymity is a property of everything a person can see together. This test seeds feedback
 * across groups (one of them small), facilitators, sessions and months, visits every report view
 * each staff member can reach, and checks that no combination of views singles out fewer than 5
 * answers. Every seeded answer carries a unique comment, so the answers behind each figure are
 * known from the comments it shows.
 */
let s: Scenario;
let fran: Person;
let gil: Person;
const K = 5;

type Cell = { view: string; label: string; responses: number; answers: Set<string> };

let seq = 0;
function prng(seed: number) {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

beforeAll(async () => {
  s = await createOrgScenario();
  [fran, gil] = [s.facilitator, s.otherFacilitator];
  const questionIds = (await listQuestions(s.org.id)).map((q) => q.id);
  const [small] = await db
    .insert(groups)
    .values({ organizationId: s.org.id, programId: s.program.id, kind: "peer_recovery_group", name: "Small", timezone: "America/New_York", capacity: 6, location: "R" })
    .returning();
  const [third] = await db
    .insert(groups)
    .values({ organizationId: s.org.id, programId: s.program.id, kind: "peer_recovery_group", name: "Third", timezone: "America/New_York", capacity: 9, location: "R" })
    .returning();
  // Fran leads Circle and Small; Gil leads Small and Third.
  await db.insert(groupFacilitators).values([
    { groupId: small.id, userId: fran.id, organizationId: s.org.id },
    { groupId: small.id, userId: gil.id, organizationId: s.org.id },
    { groupId: third.id, userId: gil.id, organizationId: s.org.id },
  ]);
  const plan = [
    { id: s.group.id, people: 9, sessions: 12, every: 7 },
    { id: small.id, people: 3, sessions: 6, every: 14 },
    { id: third.id, people: 6, sessions: 5, every: 9 },
  ];
  const random = prng(7);
  const start = Date.UTC(2026, 7, 25, 23); // late August 2026, evening in New York
  for (const g of plan) {
    const people = await Promise.all(Array.from({ length: g.people }, () => createPerson(s.org, "participant")));
    await db.insert(enrolments).values(people.map((p) => ({ groupId: g.id, userId: p.id, organizationId: s.org.id })));
    for (let i = 0; i < g.sessions; i++) {
      const startsAt = new Date(start + (i * g.every + (g.people % 3)) * 86_400_000);
      const [session] = await db
        .insert(sessions)
        .values({ organizationId: s.org.id, groupId: g.id, startsAt, endsAt: new Date(startsAt.getTime() + 3_600_000), status: "held" })
        .returning();
      const came = people.filter(() => random() < 0.8);
      if (came.length === 0) continue;
      await db.insert(attendanceRecords).values(
        came.map((p) => ({ organizationId: s.org.id, sessionId: session.id, groupId: g.id, userId: p.id, status: "present" as const, source: "roster" as const })),
      );
      for (const p of came) {
        if (random() < 0.35) continue;
        const at = new Date(session.endsAt.getTime() + Math.floor(random() * 3 * 86_400_000));
        const ratings = Object.fromEntries(questionIds.map((q) => [q, 1 + Math.floor(random() * 5)]));
        await submitFeedback(p, session.id, { raw: ratings, comment: `answer-${++seq}`, anonymous: random() < 0.8 }, at);
      }
    }
  }
}, 120_000);

type Summary = { withheld: boolean; responses?: number; comments?: { text: string }[] };
type ReportData = {
  report: {
    overall: Summary;
    perGroup: { groupName: string; summary: Summary }[];
    trend: { key: string; groupName: string; seq: number; responses: number }[];
    periods: { value: string }[];
    groups: { id: string }[];
    facilitators: { id: string }[];
  };
};

/** The answers (by their unique comment) of each released batch, read from the database. */
async function batchAnswers(batchId: string): Promise<Set<string>> {
  const rows = (await db.execute(sql`
    select comment from feedback_anonymous_answers where batch_id = ${batchId}
    union all select comment from feedback_named_answers where batch_id = ${batchId}`)) as unknown as { comment: string }[];
  return new Set(rows.map((r) => r.comment));
}

async function cellsOf(view: string, data: ReportData): Promise<Cell[]> {
  const cell = (label: string, summary: Summary): Cell => ({
    view,
    label,
    responses: summary.withheld ? 0 : (summary.responses ?? 0),
    answers: new Set(summary.withheld ? [] : (summary.comments ?? []).map((c) => c.text).filter((t) => t.startsWith("answer-"))),
  });
  const batches = await Promise.all(
    data.report.trend.map(async (t) => ({ view, label: `batch ${t.groupName} #${t.seq}`, responses: t.responses, answers: await batchAnswers(t.key) })),
  );
  return [cell("overall", data.report.overall), ...data.report.perGroup.map((g) => cell(`group ${g.groupName}`, g.summary)), ...batches];
}

/** Every report a person can reach: each offered period × all their groups, each group, each facilitator. */
async function reachableCells(who: Person): Promise<Cell[]> {
  const out: Cell[] = [];
  const first = (await callRoute(reportsPage, { path: "/feedback/reports", cookie: who.cookie })).data as ReportData;
  const choices = ["", ...first.report.groups.map((g) => `group=${g.id}`), ...first.report.facilitators.map((f) => `facilitator=${f.id}`)];
  expect(first.report.periods.length).toBeGreaterThan(5);
  for (const period of first.report.periods.map((p) => p.value)) {
    for (const choice of choices) {
      const view = `${who.role} period=${period} ${choice}`;
      const res = await callRoute(reportsPage, { path: `/feedback/reports?period=${period}&${choice}`, cookie: who.cookie });
      expect(res.status).toBe(200);
      out.push(...(await cellsOf(view, res.data as ReportData)));
    }
  }
  return out;
}

function describeSet(a: Set<string>) {
  return [...a].sort().join(",");
}

describe("no two report views differ by fewer than 5 answers", () => {
  it("for every staff member, over every reachable view, period, group and facilitator", async () => {
    const problems: string[] = [];
    for (const who of [s.manager, fran, gil]) {
      const cells = (await reachableCells(who)).filter((c) => c.responses > 0);
      // Each figure is computed from exactly the answers whose comments it shows.
      for (const c of cells) if (c.responses !== c.answers.size) problems.push(`${c.view} ${c.label}: ${c.responses} responses, ${c.answers.size} answers`);
      // Pairs: what one view shows and another does not is 0 or at least 5 answers.
      for (let i = 0; i < cells.length; i++) {
        for (let j = 0; j < cells.length; j++) {
          if (i === j) continue;
          const only = [...cells[i].answers].filter((a) => !cells[j].answers.has(a));
          const nested = only.length === cells[i].answers.size - cells[j].answers.size;
          if (only.length > 0 && only.length < K) {
            problems.push(`${who.role}: [${cells[i].view} ${cells[i].label}] minus [${cells[j].view} ${cells[j].label}] isolates ${only.length}: ${only.join(",")}`);
          }
          if (nested && cells[i].responses !== cells[j].responses && Math.abs(cells[i].responses - cells[j].responses) < K) {
            problems.push(`${who.role}: counts ${cells[i].responses} vs ${cells[j].responses} of nested views differ by fewer than ${K}`);
          }
        }
      }
      // Any combination: answers seen in exactly the same figures form an atom; every atom holds ≥ 5.
      const signature = new Map<string, string[]>();
      for (const [idx, c] of cells.entries()) for (const a of c.answers) signature.set(a, [...(signature.get(a) ?? []), String(idx)]);
      const atoms = new Map<string, Set<string>>();
      for (const [a, sig] of signature) atoms.set(sig.join("|"), new Set([...(atoms.get(sig.join("|")) ?? []), a]));
      for (const atom of atoms.values()) if (atom.size < K) problems.push(`${who.role}: ${atom.size} answers can be singled out: ${describeSet(atom)}`);
    }
    expect(problems.slice(0, 20)).toEqual([]);
    // Not vacuous: most answers are shown somewhere, and those still waiting are shown nowhere.
    const seen = new Set((await reachableCells(s.manager)).flatMap((c) => [...c.answers]));
    expect(seen.size).toBeGreaterThan(seq / 2);
    const waiting = (await db.execute(sql`
      select comment from feedback_anonymous_inbox where organization_id = ${s.org.id}
      union all select comment from feedback_named_answers where organization_id = ${s.org.id} and batch_id is null`)) as unknown as { comment: string }[];
    expect(waiting.length).toBeGreaterThan(0);
    for (const w of waiting) expect(seen.has(w.comment)).toBe(false);
    expect(seen.size + waiting.length).toBe(seq);
  }, 300_000);
});
