/**
 * Background-jobs benchmark (a plain script, not a vitest test; issue 20):
 *
 *   npm run bench -- jobs                          # or: npx tsx tests/bench/jobs.bench.ts
 *   JOBS_BENCH_DIR=/tmp/jb npx tsx tests/bench/jobs.bench.ts   # keep the database there and reuse it
 *
 * Starts its own embedded PostgreSQL, generates the metrics benchmark's five-year history
 * (tests/bench/history.ts: ~1 M attendance rows) in one organisation, then runs every periodic job
 * of the worker (app/modules/notifications/jobs.server.ts, in its order) tick after tick with the
 * real clock, and prints each job's time per tick: the first tick (which may catch up on work left
 * by the generated history), then the median and worst of JOBS_TICKS ticks with nothing changed,
 * then one tick after a facilitator marks a roster (a held session's 36 marks, 4 of them absent).
 * A job that runs every few seconds must cost what changed, not what the tables hold.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { startEmbeddedPostgres } from "~/db/embedded.server";
import { migrateDatabase } from "~/db/migrate.server";
import { freePort, percentile } from "./harness";
import { firstMondayFor, generateHistory, timed } from "./history";

const TICKS = Number(process.env.JOBS_TICKS ?? 5);
const keep = process.env.JOBS_BENCH_DIR;
const dir = keep ?? mkdtempSync(path.join(os.tmpdir(), "jobs-bench-"));
mkdirSync(dir, { recursive: true });
chmodSync(dir, 0o755); // initdb runs as the postgres user
const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: await freePort(), persistent: Boolean(keep) });
process.env.DATABASE_URL = pg.url;
process.env.DATABASE_POOL_SIZE = "10";
process.env.APP_URL ??= "http://localhost:3000";

const { closeDb, rawSql } = await import("~/db/client.server");
const { backgroundJobs } = await import("~/modules/notifications/jobs.server");
const machine = () =>
  `${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? "unknown CPU"}), load average ${os.loadavg().map((x) => x.toFixed(2)).join(" / ")} (1 / 5 / 15 min)`;
console.log(machine());

try {
  await timed("migrate", () => migrateDatabase(pg.url));
  const sql = rawSql();
  const zone = "America/New_York";
  const today = new Date().toISOString().slice(0, 10);
  const firstMonday = await firstMondayFor(sql, today);
  const [existing] = await sql<{ id: string }[]>`select id from organizations where slug = 'jobs-bench'`;
  const [org] = existing
    ? [existing]
    : await sql<{ id: string }[]>`insert into organizations (slug, name, timezone) values ('jobs-bench', 'Jobs Bench Org', ${zone}) returning id`;
  if (!existing) {
    await generateHistory(sql, { orgId: org.id, zone, today, firstMonday, marksPerSession: 36, prefix: "" });
    await timed("vacuum analyze", () => sql`vacuum analyze`);
  }
  const [counts] = await sql<{ marks: number; sessions: number }[]>`
    select (select count(*)::int from attendance_records) as marks, (select count(*)::int from sessions) as sessions`;
  console.log(`\n${counts.sessions.toLocaleString("en-US")} sessions, ${counts.marks.toLocaleString("en-US")} attendance rows\n`);

  const jobs = backgroundJobs();
  const width = Math.max(...jobs.map((j) => j.name.length)) + 2;
  const tick = async () => {
    const now = new Date();
    const times: Record<string, number> = {};
    for (const job of jobs) {
      const t = performance.now();
      await job.run(now);
      times[job.name] = performance.now() - t;
    }
    return times;
  };

  const first = await tick();
  const steady: Record<string, number[]> = {};
  for (let i = 0; i < TICKS; i++) {
    const times = await tick();
    for (const [name, ms] of Object.entries(times)) (steady[name] ??= []).push(ms);
  }
  // A facilitator marks the roster of the latest held session again: 36 marks, 4 of them absent.
  const [latest] = await sql<{ id: string }[]>`
    select s.id from sessions s where s.organization_id = ${org.id} and s.status = 'held' order by s.starts_at desc limit 1`;
  await sql`update attendance_records set status = (case when user_id in (
      select user_id from attendance_records where session_id = ${latest.id} order by user_id limit 4) then 'absent' else 'present' end)::attendance_status,
      updated_at = now()
    where session_id = ${latest.id}`;
  const afterMarks = await tick();

  const fmt = (ms: number) => ms.toFixed(1).padStart(9);
  console.log(`${"job".padEnd(width)} ${"first tick".padStart(10)} ${"median".padStart(9)} ${"worst".padStart(9)} ${"after a roster".padStart(15)}   (ms per tick)`);
  let total = { first: 0, median: 0, after: 0 };
  for (const job of jobs) {
    const xs = steady[job.name];
    const median = percentile(xs, 50);
    total = { first: total.first + first[job.name], median: total.median + median, after: total.after + afterMarks[job.name] };
    console.log(`${job.name.padEnd(width)} ${fmt(first[job.name]).padStart(10)} ${fmt(median)} ${fmt(Math.max(...xs))} ${fmt(afterMarks[job.name]).padStart(15)}`);
  }
  console.log(`${"all jobs".padEnd(width)} ${fmt(total.first).padStart(10)} ${fmt(total.median)} ${"".padStart(9)} ${fmt(total.after).padStart(15)}`);

  // The absence-alert job's two reads on this history, EXPLAIN (ANALYZE, BUFFERS): claiming the
  // due queue entries (an empty index range on a quiet tick) and one person's trailing marks.
  const explain = async (label: string, query: string, params: string[] = []) => {
    await sql.unsafe(query, params); // warm
    console.log(`\n${label}`);
    for (const line of (await sql.unsafe(`explain (analyze, buffers) ${query}`, params)) as unknown as { "QUERY PLAN": string }[]) console.log(`  ${line["QUERY PLAN"]}`);
  };
  await explain("absence alerts: claim the due queue entries", "select id from absence_alert_queue where due_at <= now() order by due_at, id limit 200 for update skip locked");
  const [person] = await sql<{ group_id: string; user_id: string }[]>`
    select group_id, user_id from attendance_records where session_id = ${latest.id} and status = 'absent' limit 1`;
  await explain(
    "absence alerts: one person's trailing marks (threshold 2: newest three)",
    `select s.id, r.status, r.updated_at from sessions s
       cross join lateral (select r.status, r.updated_at from attendance_records r
                           where r.session_id = s.id and r.user_id = $2 and r.group_id = $1 limit 1) r
      where s.group_id = $1 and s.status <> 'cancelled' and s.starts_at <= now()
      order by s.starts_at desc, s.id desc limit 3`,
    [person.group_id, person.user_id],
  );
  console.log(`\n${machine()}`);
} finally {
  await closeDb();
  await pg.stop();
  if (!keep) rmSync(dir, { recursive: true, force: true });
}
