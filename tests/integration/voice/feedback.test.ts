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
} from "~/db/tables/voice";
import { releaseAnonymousFeedback, sendFeedbackInvitations } from "~/modules/voice/mutations.server";
import { listQuestions, pendingFeedback } from "~/modules/voice/queries.server";
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
      expect(columns.map((c) => c.column_name).sort()).toEqual(["comment", "group_id", "id", "organization_id", "ratings", "session_id"]);
      expect(columns.some((c) => /timestamp|date|time/.test(c.data_type))).toBe(false);
      expect(columns.some((c) => c.is_identity === "YES" || /nextval/.test(c.column_default ?? ""))).toBe(false);
      const id = columns.find((c) => c.column_name === "id")!;
      expect(id.data_type).toBe("uuid");
      expect(id.column_default).toBe("gen_random_uuid()");
      const fks = (await rawSql()`
        select ccu.table_name as target from information_schema.table_constraints tc
        join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name
        where tc.table_name = ${table} and tc.constraint_type = 'FOREIGN KEY'`) as unknown as { target: string }[];
      expect(fks.map((f) => f.target).sort()).toEqual(["groups", "organizations", "sessions"]);
    }
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
    for (const row of stored) {
      expect(Object.keys(row).sort()).toEqual(["comment", "groupId", "id", "organizationId", "ratings", "sessionId"]);
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

  it("the job releases leftovers once the feedback window has closed", async () => {
    const session = await createHeldSession(s);
    await submit(people[0], session.id, ratingsForm(questionIds, 3, { anonymous: "on" }));
    await releaseAnonymousFeedback({ now: new Date() });
    expect(await db.select().from(feedbackAnonymousAnswers).where(eq(feedbackAnonymousAnswers.sessionId, session.id))).toHaveLength(0);
    await releaseAnonymousFeedback({ now: new Date(Date.now() + 15 * 86_400_000) });
    expect(await db.select().from(feedbackAnonymousAnswers).where(eq(feedbackAnonymousAnswers.sessionId, session.id))).toHaveLength(1);
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

describe("who is invited", () => {
  it("invites everyone enrolled when no attendance was taken, once, by email and in the app", async () => {
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
    const session = await createHeldSession(s, new Date(), 3);
    const marks = ["present", "late", "left_early", "absent", "excused"] as const;
    await db.insert(attendanceRecords).values(
      marks.map((status, i) => ({ organizationId: s.org.id, sessionId: session.id, groupId: s.group.id, userId: people[i].id, status, source: "roster" as const })),
    );
    await sendFeedbackInvitations(new Date());
    const invited = await db.select({ to: emailOutbox.toAddress }).from(emailOutbox).where(sql`${emailOutbox.dedupeKey} like ${`voice:feedback-invite:${session.id}:%`}`);
    expect(invited.map((r) => r.to).sort()).toEqual(people.slice(0, 3).map((p) => p.email).sort());
    const absent = await submit(people[3], session.id, ratingsForm(questionIds, 3));
    expect(absent.status).toBe(404);
  });

  it("a session that was not held asks for nothing (404)", async () => {
    const [scheduled] = (await rawSql()`select id from sessions where group_id = ${s.group.id} and status = 'scheduled' limit 1`) as unknown as { id: string }[];
    const out = await callRoute(feedbackPage, { path: `/feedback/${scheduled.id}`, params: { sessionId: scheduled.id }, cookie: s.participant.cookie });
    expect(out.status).toBe(404);
  });
});

describe("reports withhold small numbers", () => {
  type Report = { report: { overall: { withheld: boolean; reason?: string; responses?: number; comments?: { text: string }[] } } };
  const report = async (who: Person, query: string) =>
    callRoute(reportsPage, { path: `/feedback/reports?${query}`, cookie: who.cookie });

  it("withholds counts, averages and comments from fewer than 5 responses and says why", async () => {
    const session = await createHeldSession(s);
    for (const who of people.slice(0, 4)) await submit(who, session.id, ratingsForm(questionIds, 2, { comment: "secret detail" }));
    const out = await report(s.manager, `group=${s.group.id}&session=${session.id}`);
    expect(out.status).toBe(200);
    const overall = (out.data as Report).report.overall;
    expect(overall.withheld).toBe(true);
    expect(overall.reason).toMatch(/fewer than 5/);
    expect(JSON.stringify(out.data)).not.toContain("secret detail");
    await submit(people[4], session.id, ratingsForm(questionIds, 4, { comment: "fifth" }));
    const shown = (await report(s.facilitator, `group=${s.group.id}&session=${session.id}`)).data as Report;
    expect(shown.report.overall.withheld).toBe(false);
    expect(shown.report.overall.responses).toBe(5);
    expect(shown.report.overall.comments?.map((c) => c.text)).toContain("fifth");
  });

  it("a facilitator who does not lead the group cannot read its feedback", async () => {
    expect((await report(s.otherFacilitator, `group=${s.group.id}`)).status).toBe(404);
    const all = (await report(s.otherFacilitator, "")).data as { report: { groups: unknown[] } };
    expect(all.report.groups).toHaveLength(0);
  });
});
