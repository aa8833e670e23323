/**
 * Attendance benchmark (a plain script, not a vitest test):
 *
 *   npx remix build && npx tsx tests/bench/attendance.bench.ts            # 50 people, 10 connections, 5 s each
 *   npx tsx tests/bench/attendance.bench.ts 50 10 8                        # people, connections, seconds
 *   REMIX_BUILD=/path/to/build/index.js npx tsx tests/bench/attendance.bench.ts
 *
 * Starts its own embedded PostgreSQL (temporary directory), migrates it, builds one organisation
 * with a group of N enrolled participants and a session happening now, then starts the real app
 * server (app/cli/start.mjs, the built Remix app, no worker, no demo seed) and drives it over HTTP
 * with C concurrent keep-alive connections:
 *   1. GET /healthz                       — the trivial route, the baseline for this machine
 *   2. GET /sessions/:id/roster           — the facilitator's roster page (full HTML render)
 *      GET /sessions/:id/roster.data      — the same loaders without the HTML (what a revalidation fetches)
 *   3. POST /sessions/:id/mark            — one tap (what the roster's save queue sends), a random
 *                                           person and status each time: lock, upsert, audit
 *      POST /sessions/:id/roster          — the same tap as a plain form post (no JavaScript),
 *                                           answered by a redirect back to the roster
 * and prints requests per second and latency percentiles for each, then checks the roster is
 * still one row per person.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { freePort, percentile, startBenchDatabase } from "./harness";

const PEOPLE = Number(process.argv[2] ?? 50);
const CONNECTIONS = Number(process.argv[3] ?? 10);
const SECONDS = Number(process.argv[4] ?? 5);
const STATUSES = ["present", "late", "left_early", "excused", "absent"];

type Result = { name: string; requests: number; errors: number; seconds: number; latencies: number[] };

async function load(name: string, request: () => Promise<Response>): Promise<Result> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < deadline) {
        const t = performance.now();
        try {
          const res = await request();
          await res.arrayBuffer();
          if (res.status >= 400) errors++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { name, requests: latencies.length, errors, seconds: (performance.now() - started) / 1000, latencies };
}

function report(results: Result[]) {
  console.log(`\n${PEOPLE} people, ${CONNECTIONS} concurrent connections, ${SECONDS} s per scenario, ${os.cpus().length} CPUs\n`);
  console.log(`${"scenario".padEnd(40)} ${"req/s".padStart(8)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"errors".padStart(7)}`);
  for (const r of results) {
    const [p50, p95, p99] = [50, 95, 99].map((p) => percentile(r.latencies, p).toFixed(1).padStart(8));
    console.log(`${r.name.padEnd(40)} ${(r.requests / r.seconds).toFixed(0).padStart(8)} ${p50} ${p95} ${p99} ${String(r.errors).padStart(7)}`);
  }
}

async function main() {
  const build = path.resolve(process.env.REMIX_BUILD ?? "build/index.js");
  if (!existsSync(build)) throw new Error(`No Remix build at ${build}: run \`npx remix build\` first (or set REMIX_BUILD).`);
  process.env.SESSION_SECRET = "attendance-bench-secret-attendance-bench-secret";
  process.env.COOKIE_SECURE = "false";
  process.env.PASSWORD_HASH_COST = "test";
  const database = await startBenchDatabase("attendance");
  let server: ReturnType<typeof spawn> | null = null;
  try {
    const { db, closeDb } = await import("~/db/client.server");
    const schema = await import("~/db/schema");
    const { attendanceRecords } = await import("~/db/tables/attendance");
    const { createAuthSession } = await import("~/modules/auth/session.server");
    const { eq } = await import("drizzle-orm");

    const [org] = await db.insert(schema.organizations).values({ slug: "bench", name: "Bench", timezone: "America/New_York" }).returning();
    const [facilitator] = await db.insert(schema.users).values({ email: "f@bench.test", name: "Facilitator", timezone: "America/New_York" }).returning();
    await db.insert(schema.memberships).values({ userId: facilitator.id, organizationId: org.id, role: "facilitator" });
    const [program] = await db.insert(schema.programs).values({ organizationId: org.id, name: "P" }).returning();
    const [group] = await db
      .insert(schema.groups)
      .values({ organizationId: org.id, programId: program.id, kind: "drop_in", name: "Bench group", timezone: "America/New_York", capacity: PEOPLE, location: "Room" })
      .returning();
    await db.insert(schema.groupFacilitators).values({ groupId: group.id, userId: facilitator.id, organizationId: org.id });
    const people = await db
      .insert(schema.users)
      .values(Array.from({ length: PEOPLE }, (_, i) => ({ email: `p${i}@bench.test`, name: `Participant ${String(i).padStart(3, "0")}`, timezone: "America/New_York" })))
      .returning({ id: schema.users.id });
    await db.insert(schema.memberships).values(people.map((p) => ({ userId: p.id, organizationId: org.id, role: "participant" as const })));
    await db.insert(schema.enrolments).values(people.map((p) => ({ groupId: group.id, userId: p.id, organizationId: org.id })));
    const startsAt = new Date(Date.now() - 10 * 60_000);
    const [session] = await db
      .insert(schema.sessions)
      .values({ organizationId: org.id, groupId: group.id, startsAt, endsAt: new Date(startsAt.getTime() + 2 * 3_600_000) })
      .returning();
    // Half the roster already marked, as it would be mid-session.
    await db.insert(attendanceRecords).values(
      people.slice(0, PEOPLE / 2).map((p, i) => ({
        organizationId: org.id,
        sessionId: session.id,
        groupId: group.id,
        userId: p.id,
        status: STATUSES[i % 5] as "present",
        source: "roster" as const,
        recordedBy: facilitator.id,
      })),
    );
    const cookie = (await createAuthSession(facilitator.id, org.id)).split(";")[0];

    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, ["app/cli/start.mjs"], {
      env: { ...process.env, NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1", SEED: "0", WORKER: "0", REMIX_BUILD: build, DATABASE_POOL_SIZE: "10" },
      stdio: ["ignore", "ignore", "inherit"],
    });
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${origin}/healthz`)).ok) break;
      } catch {
        // not listening yet
      }
      if (i > 300) throw new Error("app did not start");
      await new Promise((r) => setTimeout(r, 100));
    }
    const headers = { cookie, origin };
    const rosterUrl = `${origin}/sessions/${session.id}/roster`;
    const check = await fetch(rosterUrl, { headers });
    const html = await check.text();
    if (check.status !== 200 || !html.includes("Participant 049".slice(0, 15))) throw new Error(`roster did not render: ${check.status}`);
    const markUrl = `${origin}/sessions/${session.id}/mark`;
    const firstMark = await fetch(markUrl, {
      method: "POST",
      headers: { ...headers, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "mark", userId: people[0].id, status: "present" }),
    });
    if (firstMark.status !== 200) throw new Error(`marking failed: ${firstMark.status} ${await firstMark.text()}`);

    // Warm-up, then the measured runs.
    await load("warm-up", () => fetch(rosterUrl, { headers }));
    let n = 0;
    const results = [
      await load("GET /healthz (trivial route)", () => fetch(`${origin}/healthz`)),
      await load(`GET roster page (${PEOPLE} people)`, () => fetch(rosterUrl, { headers })),
      await load(`GET roster data only (.data, loaders)`, () => fetch(`${rosterUrl}.data`, { headers })),
      await load("POST mark (save queue, /mark)", () => {
        n++;
        return fetch(markUrl, {
          method: "POST",
          headers: { ...headers, "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ intent: "mark", userId: people[(n * 7) % PEOPLE].id, status: STATUSES[n % 5], ageMs: "1500" }),
        });
      }),
      await load("POST mark (plain form post, no JS)", () => {
        n++;
        return fetch(rosterUrl, {
          method: "POST",
          redirect: "manual",
          headers: { ...headers, "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ intent: "mark", userId: people[(n * 7) % PEOPLE].id, status: STATUSES[n % 5] }),
        });
      }),
      await load("GET /healthz (again, after writes)", () => fetch(`${origin}/healthz`)),
    ];
    report(results);
    const rows = await db.select({ userId: attendanceRecords.userId }).from(attendanceRecords).where(eq(attendanceRecords.sessionId, session.id));
    const distinct = new Set(rows.map((r) => r.userId)).size;
    console.log(`\nafter the run: ${rows.length} attendance rows for ${distinct} people (one row per person: ${rows.length === distinct ? "yes" : "NO"})`);
    await closeDb();
  } finally {
    server?.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
    await database.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
