import { feedbackReport } from "~/modules/voice/feedback/queries.server";
import { beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { db, rawSql } from "~/db/client.server";
import { emailOutbox } from "~/db/schema";
import { attendanceRecords } from "~/db/tables/attendance";
import {
  feedbackAnonymousAnswers,
  feedbackAnonymousInbox,
  feedbackNamedAnswers,
  feedbackReceipts,
  feedbackReleaseBatches,
} from "~/db/tables/voice";
import { releaseAnonymousFeedback, sendFeedbackInvitations } from "~/modules/voice/jobs.server";
import { saveVoiceSettings } from "~/modules/voice/mutations.server";
import { listQuestions } from "~/modules/voice/queries.server";
import { pendingFeedback } from "~/modules/voice/feedback/queries.server";
import * as feedbackPage from "~/routes/feedback.$sessionId";
import * as reportsPage from "~/routes/feedback.reports";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Person, type Scenario } from "../../factories/scenario";
import { createHeldSession, enrolParticipants, ratingsForm } from "../../factories/voice";

let s: Scenario;
let people: Person[];
let questionIds: string[];

beforeAll(async () => {
  s = await createOrgScenario();
  people = [s.participant, s.otherParticipant, ...(await enrolParticipants(s, 5))];
  questionIds = (await listQuestions(s.org.id)).map((q) => q.id);
});

const submit = (who: Person, sessionId: string, form: Record<string, string>) =>
  callRoute(feedbackPage, { path: `/feedback/${sessionId}`, params: { sessionId }, cookie: who.cookie, form });

describe("anonymous feedback cannot be linked to a person", () => {
  it("the anonymous tables have no person, time or ordered-id column, and no foreign key to users", async () => {
    for (const table of ["feedback_anonymous_answers", "feedback_anonymous_inbox"]) {
      const columns = (await rawSql()`
        select column_name, data_type, column_default, is_identity from information_schema.columns
        where table_name = ${table} order by ordinal_position`) as unknown as { column_name: string; data_type: string; column_default: string | null; is_identity: string }[];
      const batch = table === "feedback_anonymous_answers" ? ["batch_id"] : [];
      expect(columns.map((c) => c.column_name).sort()).toEqual([...batch, "comment", "group_id", "id", "organization_id", "ratings", "session_id"].sort());
      expect(columns.some((c) => /timestamp|date|time/.test(c.data_type))).toBe(false);
      expect(columns.some((c) => c.is_identity === "YES" || /nextval/.test(c.column_default ?? ""))).toBe(false);
      const id = columns.find((c) => c.column_name === "id")!;
      expect(id.data_type).toBe("uuid");
      expect(id.column_default).toBe("gen_random_uuid()");
      const fks = (await rawSql()`
        select ccu.table_name as target from information_schema.table_constraints tc
        join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name
        where tc.table_name = ${table} and tc.constraint_type = 'FOREIGN KEY'`) as unknown as { target: string }[];
      expect(fks.map((f) => f.target).sort()).toEqual(
        [...(table === "feedback_anonymous_answers" ? ["feedback_release_batches"] : []), "groups", "organizations", "sessions"].sort(),
      );
    }
    // A batch knows its group and the month it was released in: no person, no finer time.
    const batchColumns = (await rawSql()`
      select column_name, data_type from information_schema.columns where table_name = 'feedback_release_batches'`) as unknown as { column_name: string; data_type: string }[];
    expect(batchColumns.map((c) => c.column_name).sort()).toEqual(["answers", "group_id", "id", "organization_id", "released_in", "seq"]);
    expect(batchColumns.find((c) => c.column_name === "released_in")?.data_type).toBe("date");
    expect(batchColumns.some((c) => /timestamp|time /.test(c.data_type))).toBe(false);
    // The receipt only notes that someone answered: no answer content, no time.
    const receipt = (await rawSql()`select column_name from information_schema.columns where table_name = 'feedback_receipts'`) as unknown as { column_name: string }[];
    expect(receipt.map((c) => c.column_name).sort()).toEqual(["organization_id", "session_id", "user_id"]);
  });

  it("stores an anonymous answer with nothing identifying, releases it in a shuffled batch of 5 in another transaction", async () => {
    const session = await createHeldSession(s);
    for (const [i, who] of people.slice(0, 4).entries()) {
      const out = await submit(who, session.id, ratingsForm(questionIds, 4, { comment: `Answer ${i}`, anonymous: "on" }));
      expect(out.status).toBe(302);
    }
    // Four answers wait in the inbox; nothing is released (or reported) yet.
    expect(await db.select().from(feedbackAnonymousAnswers).where(eq(feedbackAnonymousAnswers.sessionId, session.id))).toHaveLength(0);
    expect(await db.select().from(feedbackAnonymousInbox).where(eq(feedbackAnonymousInbox.sessionId, session.id))).toHaveLength(4);
    expect((await submit(people[4], session.id, ratingsForm(questionIds, 2, { comment: "Answer 4", anonymous: "on" }))).status).toBe(302);

    const stored = await db.select().from(feedbackAnonymousAnswers).where(eq(feedbackAnonymousAnswers.sessionId, session.id));
    expect(stored).toHaveLength(5);
    expect(await db.select().from(feedbackAnonymousInbox).where(eq(feedbackAnonymousInbox.sessionId, session.id))).toHaveLength(0);
    // One batch of exactly these five, counted in this month.
    expect(new Set(stored.map((r) => r.batchId)).size).toBe(1);
    const [batch] = await db.select().from(feedbackReleaseBatches).where(eq(feedbackReleaseBatches.id, stored[0].batchId));
    expect(batch.answers).toBe(5);
    expect(batch.releasedIn).toMatch(/^\d{4}-\d{2}-01$/);
    for (const row of stored) {
      expect(Object.keys(row).sort()).toEqual(["batchId", "comment", "groupId", "id", "organizationId", "ratings", "sessionId"]);
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const text = JSON.stringify(row);
      for (const who of people) {
        expect(text).not.toContain(who.id);
        expect(text).not.toContain(who.email);
        expect(text).not.toContain(who.name);
      }
    }
    // No query path through system columns either: released rows share no transaction id with any receipt.
    const joined = (await rawSql()`
      select count(*)::int as n from feedback_anonymous_answers a join feedback_receipts r on r.xmin = a.xmin
      where a.session_id = ${session.id}`) as unknown as { n: number }[];
    expect(joined[0].n).toBe(0);
    const xmins = (await rawSql()`select count(distinct xmin::text)::int as n from feedback_anonymous_answers where session_id = ${session.id}`) as unknown as { n: number }[];
    expect(xmins[0].n).toBe(1);
    // Each person is recorded as having answered, and nothing more.
    expect(await db.select().from(feedbackReceipts).where(eq(feedbackReceipts.sessionId, session.id))).toHaveLength(5);
    expect(await db.select().from(feedbackNamedAnswers).where(eq(feedbackNamedAnswers.sessionId, session.id))).toHaveLength(0);
  });

  it("keeps named answers with the person", async () => {
    const session = await createHeldSession(s);
    expect((await submit(s.participant, session.id, ratingsForm(questionIds, 5, { comment: "Named" }))).status).toBe(302);
    const [named] = await db.select().from(feedbackNamedAnswers).where(eq(feedbackNamedAnswers.sessionId, session.id));
    expect(named.userId).toBe(s.participant.id);
    expect(named.comment).toBe("Named");
  });

  it("a lone answer waits for its batch whatever the feedback window: even a 1-day window that has closed releases nothing", async () => {
    const r = await createOrgScenario();
    const rq = (await listQuestions(r.org.id)).map((q) => q.id);
    await saveVoiceSettings(r.manager, { questions: ["I felt heard", "The session was useful to me", "I felt safe in the group"], concernResponseDays: 5, feedbackWindowDays: 1 });
    const session = await createHeldSession(r);
    expect((await submit(r.participant, session.id, ratingsForm(rq, 3, { anonymous: "on", comment: "alone" }))).status).toBe(302);
    for (const days of [2, 15, 400]) await releaseAnonymousFeedback({ now: new Date(Date.now() + days * 86_400_000) });
    expect(await db.select().from(feedbackAnonymousAnswers).where(eq(feedbackAnonymousAnswers.sessionId, session.id))).toHaveLength(0);
    expect(await db.select().from(feedbackReleaseBatches).where(eq(feedbackReleaseBatches.groupId, r.group.id))).toHaveLength(0);
    const page = await callRoute(reportsPage, { path: "/feedback/reports", cookie: r.manager.cookie });
    expect(JSON.stringify(page.data)).not.toContain("alone");
    expect((page.data as { report: { overall: { withheld: boolean } } }).report.overall.withheld).toBe(true);
  });

  it("named answers wait in the same batches: four named and one anonymous answer are released together, not before", async () => {
    const r = await createOrgScenario();
    const more = await enrolParticipants(r, 3);
    const rq = (await listQuestions(r.org.id)).map((q) => q.id);
    const session = await createHeldSession(r);
    const who = [r.participant, r.otherParticipant, ...more];
    for (const p of who.slice(0, 4)) await submit(p, session.id, ratingsForm(rq, 4, { comment: `named ${p.name}` }));
    const waiting = await db.select().from(feedbackNamedAnswers).where(eq(feedbackNamedAnswers.sessionId, session.id));
    expect(waiting.map((n) => n.batchId)).toEqual([null, null, null, null]);
    await submit(who[4], session.id, ratingsForm(rq, 2, { anonymous: "on" }));
    const named = await db.select().from(feedbackNamedAnswers).where(eq(feedbackNamedAnswers.sessionId, session.id));
    const [anonymous] = await db.select().from(feedbackAnonymousAnswers).where(eq(feedbackAnonymousAnswers.sessionId, session.id));
    expect(new Set([...named.map((n) => n.batchId), anonymous.batchId]).size).toBe(1);
  });
});

describe("one answer per person per session", () => {
  it("refuses a second answer with a clear message", async () => {
    const session = await createHeldSession(s);
    expect((await submit(s.participant, session.id, ratingsForm(questionIds, 4, { anonymous: "on" }))).status).toBe(302);
    const again = await submit(s.participant, session.id, ratingsForm(questionIds, 1, { anonymous: "on" }));
    expect(again.status).toBe(400);
    expect(JSON.stringify(again.data)).toContain("already given feedback");
  });

  it("also when the same person submits twice at the same instant", async () => {
    const session = await createHeldSession(s);
    const outcomes = await Promise.all([
      submit(s.otherParticipant, session.id, ratingsForm(questionIds, 4, { anonymous: "on" })),
      submit(s.otherParticipant, session.id, ratingsForm(questionIds, 4, { anonymous: "on" })),
      submit(s.otherParticipant, session.id, ratingsForm(questionIds, 2)),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual([302, 400, 400]);
    const receipts = await db
      .select()
      .from(feedbackReceipts)
      .where(and(eq(feedbackReceipts.sessionId, session.id), eq(feedbackReceipts.userId, s.otherParticipant.id)));
    expect(receipts).toHaveLength(1);
    const [{ n }] = (await db.execute(sql`
      select (select count(*) from feedback_anonymous_inbox where session_id = ${session.id})
           + (select count(*) from feedback_anonymous_answers where session_id = ${session.id})
           + (select count(*) from feedback_named_answers where session_id = ${session.id}) as n`)) as unknown as { n: string }[];
    expect(Number(n)).toBe(1);
  });

  it("rejects missing or out-of-range ratings beside each question and saves nothing", async () => {
    const session = await createHeldSession(s);
    const out = await submit(s.participant, session.id, { [`q_${questionIds[0]}`]: "9", anonymous: "on" });
    expect(out.status).toBe(400);
    const errors = (out.data as { errors: Record<string, string[]> }).errors;
    for (const id of questionIds) expect(errors[`q_${id}`]?.[0]).toMatch(/rating from 1 to 5/);
    expect(await db.select().from(feedbackReceipts).where(eq(feedbackReceipts.sessionId, session.id))).toHaveLength(0);
  });
});

describe("who is invited and may answer", () => {
  it("invites everyone marked as attending, once, by email and in the app", async () => {
    const session = await createHeldSession(s);
    const now = new Date();
    const first = await sendFeedbackInvitations(now);
    const mine = await db.select().from(emailOutbox).where(sql`${emailOutbox.dedupeKey} like ${`voice:feedback-invite:${session.id}:%`}`);
    expect(mine).toHaveLength(people.length);
    expect(mine[0].textBody).toContain(`/feedback/${session.id}`);
    expect(first.queued).toBeGreaterThanOrEqual(people.length);
    await sendFeedbackInvitations(now);
    expect(await db.select().from(emailOutbox).where(sql`${emailOutbox.dedupeKey} like ${`voice:feedback-invite:${session.id}:%`}`)).toHaveLength(people.length);
    expect((await pendingFeedback(people[6], now)).some((p) => p.sessionId === session.id)).toBe(true);
  });

  it("only those marked present, late or left early once attendance is recorded", async () => {
    const session = await createHeldSession(s, new Date(), 3, { markAttendance: false });
    const marks = ["present", "late", "left_early", "absent", "excused"] as const;
    await db.insert(attendanceRecords).values(
      marks.map((status, i) => ({ organizationId: s.org.id, sessionId: session.id, groupId: s.group.id, userId: people[i].id, status, source: "roster" as const })),
    );
    await sendFeedbackInvitations(new Date());
    const invited = await db.select({ to: emailOutbox.toAddress }).from(emailOutbox).where(sql`${emailOutbox.dedupeKey} like ${`voice:feedback-invite:${session.id}:%`}`);
    expect(invited.map((r) => r.to).sort()).toEqual(people.slice(0, 3).map((p) => p.email).sort());
    for (const who of [people[3], people[4]]) {
      const page = await callRoute(feedbackPage, { path: `/feedback/${session.id}`, params: { sessionId: session.id }, cookie: who.cookie });
      expect((page.data as { eligible: boolean }).eligible).toBe(false);
      const refused = await submit(who, session.id, ratingsForm(questionIds, 3, { anonymous: "on" }));
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.data)).toContain("Only people marked present, late or left early");
    }
    expect(await db.select().from(feedbackReceipts).where(eq(feedbackReceipts.sessionId, session.id))).toHaveLength(0);
    expect(await db.select().from(feedbackAnonymousInbox).where(eq(feedbackAnonymousInbox.sessionId, session.id))).toHaveLength(0);
  });

  it("nobody may answer a session whose attendance was not taken, nor someone who joined the group afterwards", async () => {
    const session = await createHeldSession(s, new Date(), 2, { markAttendance: false });
    const refused = await submit(s.participant, session.id, ratingsForm(questionIds, 3));
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.data)).toContain("Only people marked present, late or left early");
    const marked = await createHeldSession(s, new Date(), 2);
    const [latecomer] = await enrolParticipants(s, 1);
    const late = await submit(latecomer, marked.id, ratingsForm(questionIds, 3, { anonymous: "on" }));
    expect(late.status).toBe(400);
    expect((await pendingFeedback(latecomer, new Date())).some((p) => p.sessionId === marked.id)).toBe(false);
    expect(await db.select().from(feedbackReceipts).where(eq(feedbackReceipts.sessionId, session.id))).toHaveLength(0);
    expect(
      await db.select().from(feedbackReceipts).where(and(eq(feedbackReceipts.sessionId, marked.id), eq(feedbackReceipts.userId, latecomer.id))),
    ).toHaveLength(0);
  });

  it("a session still running (held from its first mark) says when feedback opens, not that it is closed, and takes no answer yet", async () => {
    // Ends in 30 minutes; the facilitator's first tap on the roster has already made it held.
    const session = await createHeldSession(s, new Date(), -0.5);
    const page = await callRoute(feedbackPage, { path: `/feedback/${session.id}`, params: { sessionId: session.id }, cookie: s.participant.cookie });
    expect(page.status).toBe(200);
    expect(page.data).toMatchObject({ eligible: true, answered: false, open: false, notYet: true });
    const early = await submit(s.participant, session.id, ratingsForm(questionIds, 4, { anonymous: "on" }));
    expect(early.status).toBe(400);
    expect(JSON.stringify(early.data)).toContain("once the session has ended");
    const receipts = await db.select().from(feedbackReceipts).where(eq(feedbackReceipts.sessionId, session.id));
    expect(receipts).toHaveLength(0);
    expect(await db.select().from(feedbackAnonymousInbox).where(eq(feedbackAnonymousInbox.sessionId, session.id))).toHaveLength(0);
    // Once it has ended, the same page opens the form.
    await rawSql()`update sessions set ends_at = now() - interval '1 minute', starts_at = now() - interval '61 minutes' where id = ${session.id}`;
    const later = await callRoute(feedbackPage, { path: `/feedback/${session.id}`, params: { sessionId: session.id }, cookie: s.participant.cookie });
    expect(later.data).toMatchObject({ open: true, notYet: false });
  });

  it("a session that was not held asks for nothing (404)", async () => {
    const [scheduled] = (await rawSql()`select id from sessions where group_id = ${s.group.id} and status = 'scheduled' limit 1`) as unknown as { id: string }[];
    const out = await callRoute(feedbackPage, { path: `/feedback/${scheduled.id}`, params: { sessionId: scheduled.id }, cookie: s.participant.cookie });
    expect(out.status).toBe(404);
  });
});

describe("reports show whole batches only", () => {
  type Report = { report: { overall: { withheld: boolean; reason?: string; responses?: number; comments?: { text: string }[] } } };
  const report = async (who: Person, query: string) =>
    callRoute(reportsPage, { path: `/feedback/reports?${query}`, cookie: who.cookie });

  it("shows nothing — no count, no average, no comment — until 5 answers of the group form a batch, and says why", async () => {
    const r = await createOrgScenario();
    const who = [r.participant, r.otherParticipant, ...(await enrolParticipants(r, 3))];
    const rq = (await listQuestions(r.org.id)).map((q) => q.id);
    const session = await createHeldSession(r);
    for (const p of who.slice(0, 4)) await submit(p, session.id, ratingsForm(rq, 2, { comment: "secret detail" }));
    const out = await report(r.manager, `group=${r.group.id}`);
    expect(out.status).toBe(200);
    const overall = (out.data as Report).report.overall;
    expect(overall.withheld).toBe(true);
    expect(overall.reason).toMatch(/batches of at least 5/);
    expect(JSON.stringify(out.data)).not.toContain("secret detail");
    await submit(who[4], session.id, ratingsForm(rq, 4, { comment: "fifth" }));
    const shown = (await report(r.facilitator, `group=${r.group.id}`)).data as Report;
    expect(shown.report.overall.withheld).toBe(false);
    expect(shown.report.overall.responses).toBe(5);
    expect(shown.report.overall.comments?.map((c) => c.text)).toContain("fifth");
  });

  it("offers fixed periods only: free dates and unknown periods are refused", async () => {
    expect((await report(s.manager, "period=2026-13")).status).toBe(400);
    expect((await report(s.manager, "period=2026-11-22")).status).toBe(400);
    expect((await report(s.manager, "period=2026-Q4")).status).toBe(200);
    const ignored = (await report(s.manager, "from=2026-11-22&to=2026-11-23")).data as { report: { period: { key: string } } };
    expect(ignored.report.period.key).toMatch(/^\d{4}-Q[1-4]$/);
  });

  it("offers the whole of last year whatever the month (an annual report written in December or January)", async () => {
    for (const now of ["2026-12-05T15:00:00Z", "2027-01-10T15:00:00Z", "2027-06-30T15:00:00Z"]) {
      const year = Number(now.slice(0, 4));
      const report = await feedbackReport(s.manager, { period: null, groupId: null, facilitatorId: null }, new Date(now));
      const keys = report.periods.map((p: { value: string }) => p.value);
      expect(keys, now).toContain(String(year - 1));
      expect(keys, now).toContain(`${year - 1}-01`);
      expect(keys, now).toContain(String(year));
    }
  });

  it("a facilitator who does not lead the group cannot read its feedback", async () => {
    expect((await report(s.otherFacilitator, `group=${s.group.id}`)).status).toBe(404);
    expect((await report(s.facilitator, `facilitator=${s.facilitator.id}`)).status).toBe(404);
    const all = (await report(s.otherFacilitator, "")).data as { report: { groups: unknown[] } };
    expect(all.report.groups).toHaveLength(0);
  });
});
