/**
 * Pages benchmark (a plain script, not a vitest test; issue 20):
 *
 *   npx remix build && npx tsx tests/bench/pages.bench.ts      # or: npm run bench -- pages (builds first)
 *
 * Starts its own embedded PostgreSQL (temporary directory), migrates it, seeds the demo data,
 * then starts the BUILT app (app/cli/start.mjs, worker off) and signs in through /login as the
 * demo participant (pat), facilitator (fran) and program manager. For each main page it measures
 * CONNECTIONS keep-alive connections for SECONDS and prints its requests per second as a share of
 * /healthz's (measured in the same run), req/s, p50 and p95. Then it loads the metrics benchmark's
 * five-year, ~1 M attendance-row history (tests/bench/history.ts) into the demo organisation
 * (Fran co-facilitates two of its groups, Pat attends one) and measures the same pages again.
 * Last, a 60 s run of the whole page mix with the server's resident memory (RSS) sampled.
 *
 * Environment (all optional):
 *   PAGES_SECONDS=4 PAGES_CONNECTIONS=10   per-page measurement
 *   PAGES_HISTORY=0                         skip the 1 M-row phase
 *   PAGES_DEMO=0                            skip the demo-data phase (straight to the 1 M-row one)
 *   PAGES_RSS_SECONDS=60                    the memory run (0 skips it)
 *   PAGES_ONLY=roster,evidence              only pages whose name contains one of these words
 *   PAGES_SQL_FILE=/tmp/q.log               append the counted queries' SQL text to that file
 *   PAGES_HTML_DIR=/tmp/pages               write each page's HTML there (0.html… in table order)
 *   PAGES_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"   extra node flags for the server
 *                                           (the query count and the data / render split run on a
 *                                           second server, with DB_QUERY_LOG=1 SERVER_TIMING=1)
 *                                           (a CPU profile is written when the server stops)
 *   REMIX_BUILD=/path/to/build/index.js
 */
import { spawn, type ChildProcess } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { freePort, percentile, startBenchDatabase } from "./harness";
import { firstMondayFor, generateHistory, timed } from "./history";

const SECONDS = Number(process.env.PAGES_SECONDS ?? 4);
const CONNECTIONS = Number(process.env.PAGES_CONNECTIONS ?? 10);
const HISTORY = process.env.PAGES_HISTORY !== "0";
const RSS_SECONDS = Number(process.env.PAGES_RSS_SECONDS ?? 60);
/** The Node flags `npm start` gives the server (package.json's start script), so it runs here as it does there. */
const START_FLAGS = (() => {
  const words = String(JSON.parse(readFileSync("package.json", "utf8")).scripts.start).split(/\s+/);
  return words.slice(words.indexOf("node") + 1, words.indexOf("app/cli/start.mjs")).filter((w) => w.startsWith("--"));
})();
/** PAGES_HTML_DIR=/tmp/pages: also write each page's HTML there (0.html, 1.html… in table order). */
const HTML_DIR = process.env.PAGES_HTML_DIR ?? "";
/** PAGES_SQL_FILE=/tmp/q.log: also append the query log's lines (SQL text only) to that file. */
const SQL_FILE = process.env.PAGES_SQL_FILE ?? "";
const ONLY = (process.env.PAGES_ONLY ?? "").split(",").filter(Boolean);
/** Requests per page for the query count (one at a time, query log on, on a second server). */
const QUERY_SAMPLES = 10;
/** Requests per page before the query count and the one-at-a-time times. */
const WARM_SAMPLES = 30;
const PASSWORD = "demo-password-1"; // README "Demo accounts" (app/demo/context.ts DEMO_PASSWORD)

type Page = { name: string; path: string; as: "anonymous" | "participant" | "facilitator" | "manager" };
type Result = {
  name: string;
  requests: number;
  errors: number;
  seconds: number;
  latencies: number[];
  appCpuMs?: number;
  dbCpuMs?: number;
  queries?: number;
  kb?: number;
  /** One request at a time (the query-count server's Server-Timing): the app server's median CPU time (ms) to the page's data (its loaders) and to render it. */
  dataMs?: number;
  renderMs?: number;
};

const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });

/** One GET over the keep-alive agent; resolves with the status once the whole body is read. */
function get(origin: string, pathname: string, cookie?: string): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request(origin + pathname, { agent, headers: cookie ? { cookie } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), headers: res.headers }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

async function load(name: string, origin: string, paths: readonly { path: string; cookie?: string }[], seconds = SECONDS, onTick?: () => void): Promise<Result> {
  const latencies: number[] = [];
  let errors = 0;
  let n = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const ticker = onTick ? setInterval(onTick, 1000) : null;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < deadline) {
        const target = paths[n++ % paths.length];
        const t = performance.now();
        try {
          const res = await get(origin, target.path, target.cookie);
          if (res.status !== 200) errors++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t);
      }
    }),
  );
  if (ticker) clearInterval(ticker);
  return { name, requests: latencies.length, errors, seconds: (performance.now() - started) / 1000, latencies };
}

function machine(): string {
  const [one, five, fifteen] = os.loadavg().map((x) => x.toFixed(2));
  return `${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? "unknown CPU"}), load average ${one} / ${five} / ${fifteen} (1 / 5 / 15 min)`;
}

const perRequest = (ms: number | undefined, r: Result) => (ms === undefined ? "–" : `${(ms / Math.max(1, r.requests)).toFixed(1)} ms`);

function printTable(title: string, healthz: Result, results: Result[]) {
  const rate = (r: Result) => r.requests / r.seconds;
  console.log(`\n${title}: ${CONNECTIONS} keep-alive connections, ${SECONDS} s per page; ${machine()}`);
  console.log(
    `/healthz: ${rate(healthz).toFixed(0)} req/s, p50 ${percentile(healthz.latencies, 50).toFixed(1)} ms, p95 ${percentile(healthz.latencies, 95).toFixed(1)} ms, ` +
      `app CPU ${perRequest(healthz.appCpuMs, healthz)}/req`,
  );
  console.log(
    "(app / db CPU per request: CPU time the app server's process and PostgreSQL's processes used during the page's run, divided by its requests; less sensitive than req/s to other load on the machine. " +
      `queries/req: SQL statements per request, counted on a second server with the query log on over ${QUERY_SAMPLES} requests one at a time; it does not depend on the load; ` +
      "data / render: on that server, one request at a time, the app server's median CPU time from the request reaching Remix to its data being ready (the loaders, not the database's own time) and to render the page (its Server-Timing header, SERVER_TIMING=1); KB: the page's HTML, uncompressed)\n",
  );
  console.log("| page | share of /healthz | req/s | p50 | p95 | app CPU/req | db CPU/req | queries/req | data | render | KB | errors |");
  console.log("|---|---|---|---|---|---|---|---|---|---|---|---|");
  for (const r of results) {
    const share = Math.round((100 * rate(r)) / rate(healthz));
    console.log(
      `| ${r.name} | ${share} % | ${rate(r).toFixed(0)} | ${percentile(r.latencies, 50).toFixed(0)} ms | ${percentile(r.latencies, 95).toFixed(0)} ms | ` +
        `${perRequest(r.appCpuMs, r)} | ${perRequest(r.dbCpuMs, r)} | ${r.queries === undefined ? "–" : r.queries.toFixed(1)} | ` +
        `${r.dataMs === undefined ? "–" : `${r.dataMs.toFixed(1)} ms`} | ${r.renderMs === undefined ? "–" : `${r.renderMs.toFixed(1)} ms`} | ${r.kb === undefined ? "–" : r.kb.toFixed(0)} | ${r.errors} |`,
    );
  }
}

/** CPU time (user + system, ms) a process has used: /proc/<pid>/stat fields 14 and 15, in clock ticks. */
function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return 0; // the process ended
  }
}

/** The PostgreSQL server processes (children of its postmaster) and their CPU time together. */
function childrenCpuMs(parent: number): number {
  let total = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1].split(" ");
      if (Number(fields[1]) === parent) total += ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
    } catch {
      // gone
    }
  }
  return total;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

async function main() {
  const build = path.resolve(process.env.REMIX_BUILD ?? "build/index.js");
  if (!existsSync(build)) throw new Error(`No Remix build at ${build}: run \`npx remix build\` first (or set REMIX_BUILD).`);
  process.env.SESSION_SECRET = "pages-bench-secret-pages-bench-secret-pages";
  process.env.COOKIE_SECURE = "false";
  process.env.PASSWORD_HASH_COST = "test";
  console.log(`Machine: ${machine()}`);
  const database = await startBenchDatabase("pages");
  let server: ChildProcess | null = null;
  try {
    const { closeDb, db, rawSql } = await import("~/db/client.server");
    const { sql: drizzleSql } = await import("drizzle-orm");
    const { seedDemo } = await import("~/demo/seed.server");
    const { refreshRollups } = await import("~/modules/metrics/mutations.server");
    const sql = rawSql();
    await timed("demo seed", () => seedDemo());
    await sql`vacuum analyze`;

    /** The built app as `npm start` runs it (worker off); `queryLog` pipes its one-line-per-query log (DB_QUERY_LOG) to `onQuery`. */
    async function startServer(options: { nodeArgs?: string[]; onQuery?: () => void } = {}) {
      const port = await freePort();
      const origin = `http://127.0.0.1:${port}`;
      const child = spawn(process.execPath, [...START_FLAGS, ...(options.nodeArgs ?? []), "app/cli/start.mjs"], {
        env: {
          ...process.env,
          NODE_ENV: "production",
          PORT: String(port),
          HOST: "127.0.0.1",
          APP_URL: origin,
          SEED: "0",
          WORKER: "0",
          REMIX_BUILD: build,
          DATABASE_POOL_SIZE: "10",
          ...(options.onQuery ? { DB_QUERY_LOG: "1", SERVER_TIMING: "1" } : {}),
        },
        stdio: ["ignore", "ignore", options.onQuery ? "pipe" : "inherit"],
      });
      if (options.onQuery) {
        let rest = "";
        child.stderr!.on("data", (chunk: Buffer) => {
          const lines = (rest + chunk.toString("utf8")).split("\n");
          rest = lines.pop() ?? "";
          for (const line of lines) {
            if (line.startsWith("[sql] ")) {
              options.onQuery!();
              if (SQL_FILE) appendFileSync(SQL_FILE, line + "\n");
            }
            else if (line) process.stderr.write(line + "\n");
          }
        });
      }
      for (let i = 0; ; i++) {
        try {
          if ((await get(origin, "/healthz")).status === 200) break;
        } catch {
          // not listening yet
        }
        if (i > 300) throw new Error("app did not start");
        await new Promise((r) => setTimeout(r, 100));
      }
      return { child, origin };
    }
    async function stopServer(child: ChildProcess) {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    }

    const started = await startServer({ nodeArgs: (process.env.PAGES_NODE_ARGS ?? "").split(" ").filter(Boolean) });
    server = started.child;
    const origin = started.origin;

    /** Signs in through the real /login form, as a browser would. */
    async function signIn(email: string): Promise<string> {
      const body = new URLSearchParams({ email, password: PASSWORD, redirectTo: "/home" }).toString();
      const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
        const req = http.request(`${origin}/login`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(body), origin },
        }, resolve);
        req.on("error", reject);
        req.end(body);
      });
      res.resume();
      const cookie = (res.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).find((c) => c.startsWith("gs_session="));
      if (res.statusCode !== 302 || !cookie) throw new Error(`signing in as ${email} failed: ${res.statusCode}`);
      return cookie;
    }
    const cookies = {
      anonymous: undefined,
      participant: await signIn("pat@riverside.example"),
      facilitator: await signIn("fran@riverside.example"),
      manager: await signIn("manager@riverside.example"),
    } as Record<Page["as"], string | undefined>;

    const [{ pid: backend }] = await sql<{ pid: number }[]>`select pg_backend_pid() as pid`;
    const postmaster = Number(readFileSync(`/proc/${backend}/stat`, "utf8").split(") ")[1].split(" ")[1]);
    const [org] = await sql<{ id: string }[]>`select id from organizations where slug = 'riverside'`;
    const [fran] = await sql<{ id: string }[]>`select id from users where email = 'fran@riverside.example'`;
    const [pat] = await sql<{ id: string }[]>`select id from users where email = 'pat@riverside.example'`;
    // Fran's group whose session is nearest to now (the roster she would open), and a round of hers.
    const [session] = await sql<{ id: string; group_id: string }[]>`
      select s.id, s.group_id from sessions s join group_facilitators gf on gf.group_id = s.group_id and gf.user_id = ${fran.id}
      where s.organization_id = ${org.id} and s.status <> 'cancelled'
      order by abs(extract(epoch from s.starts_at - now())) limit 1`;
    const [round] = await sql<{ id: string }[]>`
      select r.id from scheduling_rounds r join group_facilitators gf on gf.group_id = r.group_id and gf.user_id = ${fran.id}
      where r.organization_id = ${org.id} order by r.created_at desc limit 1`;
    if (!session || !round) throw new Error("the demo data has no session or round of Fran's");
    const pages: Page[] = (
      [
        // Not one of the issue's pages: the floor under them all — the sign-in page has no data
        // (its loader only sees that nobody is signed in), so it costs what Remix, the root loader
        // and the page frame cost every page.
        { name: "floor: sign-in page `/login` (no data)", path: "/login", as: "anonymous" },
        { name: "public organisation page `/o/riverside`", path: "/o/riverside", as: "anonymous" },
        { name: "catalogue", path: "/catalogue", as: "participant" },
        { name: "participant home", path: "/home", as: "participant" },
        { name: "availability", path: "/availability", as: "participant" },
        { name: "my groups", path: "/my/groups", as: "participant" },
        { name: "facilitator home", path: "/home", as: "facilitator" },
        { name: "roster", path: `/sessions/${session.id}/roster`, as: "facilitator" },
        { name: "group page", path: `/groups/${session.group_id}`, as: "facilitator" },
        { name: "round heatmap `/rounds/:id`", path: `/rounds/${round.id}`, as: "facilitator" },
        { name: "metrics dashboard", path: "/metrics", as: "manager" },
        { name: "competency matrix", path: "/competency", as: "manager" },
        { name: "evidence", path: "/evidence", as: "manager" },
      ] satisfies Page[]
    ).filter((p) => ONLY.length === 0 || ONLY.some((w) => p.name.includes(w)));

    for (const page of pages) {
      const res = await get(origin, page.path, cookies[page.as]);
      if (res.status !== 200) throw new Error(`${page.name} (${page.path} as ${page.as}) answered ${res.status}`);
    }

    async function measureAll(title: string) {
      // Warm-up: every page once over every connection, then the measured runs.
      await load("warm-up", origin, pages.map((p) => ({ path: p.path, cookie: cookies[p.as] })), 2);
      const withCpu = async (run: () => Promise<Result>) => {
        const [app0, db0] = [cpuMs(server!.pid!), childrenCpuMs(postmaster)];
        const result = await run();
        return { ...result, appCpuMs: cpuMs(server!.pid!) - app0, dbCpuMs: childrenCpuMs(postmaster) - db0 };
      };
      const healthz = await withCpu(() => load("/healthz", origin, [{ path: "/healthz" }]));
      const results: Result[] = [];
      for (const page of pages) results.push(await withCpu(() => load(page.name, origin, [{ path: page.path, cookie: cookies[page.as] }])));
      await countQueries(results);
      printTable(title, healthz, results);
    }

    /**
     * Queries per request of each page: a second server with the query log on (so the timed
     * server pays nothing for it) serves each page QUERY_SAMPLES times, one request at a time;
     * the count does not depend on the machine's load, unlike the times.
     */
    async function countQueries(results: Result[]) {
      let queries = 0;
      const counting = await startServer({ onQuery: () => queries++ });
      try {
        for (const [i, page] of pages.entries()) {
          // Warm-up: caches filled and the page's code compiled by the JIT (as on the loaded server).
          for (let n = 0; n < WARM_SAMPLES; n++) await get(counting.origin, page.path, cookies[page.as]);
          await new Promise((r) => setTimeout(r, 100));
          const before = queries;
          let bytes = 0;
          const [data, render]: number[][] = [[], []];
          for (let n = 0; n < QUERY_SAMPLES; n++) {
            const { body, headers } = await get(counting.origin, page.path, cookies[page.as]);
            bytes += Buffer.byteLength(body);
            const timing = String(headers["server-timing"] ?? "");
            const dur = (name: string) => Number(new RegExp(`${name};dur=([\\d.]+)`).exec(timing)?.[1] ?? NaN);
            if (timing) [data, render].forEach((list, k) => list.push(dur(k === 0 ? "data-cpu" : "render-cpu")));
            if (HTML_DIR && n === 0) {
              mkdirSync(HTML_DIR, { recursive: true });
              writeFileSync(path.join(HTML_DIR, `${i}.html`), body);
            }
          }
          results[i].kb = bytes / QUERY_SAMPLES / 1024;
          if (data.length) [results[i].dataMs, results[i].renderMs] = [percentile(data, 50), percentile(render, 50)];
          await new Promise((r) => setTimeout(r, 200)); // the last lines reach the pipe
          results[i].queries = (queries - before) / QUERY_SAMPLES;
        }
      } finally {
        await stopServer(counting.child);
      }
    }

    if (process.env.PAGES_DEMO !== "0") await measureAll("Demo data");

    if (HISTORY) {
      console.log("\nLoading the metrics benchmark's five-year history into the demo organisation…");
      const today = new Date().toISOString().slice(0, 10);
      const firstMonday = await firstMondayFor(sql, today);
      await generateHistory(sql, { orgId: org.id, zone: "America/New_York", today, firstMonday, marksPerSession: 36, prefix: "riverside-history-" });
      await timed("Fran co-facilitates two history groups, Pat attends one", async () => {
        await sql`insert into group_facilitators (group_id, user_id, organization_id)
          select md5('riverside-history-g' || g)::uuid, ${fran.id}, ${org.id} from generate_series(0, 1) g`;
        await sql`insert into enrolments (organization_id, group_id, user_id, status)
          values (${org.id}, md5('riverside-history-g0')::uuid, ${pat.id}, 'enrolled')`;
        await sql`insert into attendance_records (organization_id, session_id, group_id, user_id, status, source, arrived_at)
          select s.organization_id, s.id, s.group_id, ${pat.id}, 'present', 'roster', s.starts_at
          from sessions s where s.group_id = md5('riverside-history-g0')::uuid and s.status = 'held'`;
      });
      const [{ marks }] = await sql<{ marks: number }[]>`select count(*)::int as marks from attendance_records where organization_id = ${org.id}`;
      console.log(`${marks.toLocaleString("en-US")} attendance rows in the demo organisation`);
      // The first build of five years of rollups may take longer than the app's statement timeout.
      await timed("metrics rollups", () =>
        db.transaction(async (tx) => {
          await tx.execute(drizzleSql`set local statement_timeout = 0`);
          await refreshRollups(org.id, tx);
        }),
      );
      await timed("vacuum analyze", () => sql`vacuum analyze`);
      await measureAll("Demo data + five-year, 1 M-row history");
    }

    if (RSS_SECONDS > 0 && server.pid) {
      const pid = server.pid;
      const mix = pages.map((p) => ({ path: p.path, cookie: cookies[p.as] }));
      // Warm first (code compiled, pools and caches filled, the heap grown to its working size),
      // then the measured minute.
      await load("warm-up", origin, mix, 20);
      const samples: number[] = [rssMb(pid)];
      const result = await load("mix", origin, mix, RSS_SECONDS, () => samples.push(rssMb(pid)));
      samples.push(rssMb(pid));
      const [first, last, max] = [samples[0], samples[samples.length - 1], Math.max(...samples)];
      console.log(`\nRSS every 10 s (MB): ${samples.filter((_, i) => i % 10 === 0 || i === samples.length - 1).map((x) => x.toFixed(0)).join(", ")}`);
      const growth = (100 * (last - first)) / first;
      console.log(
        `\nMemory over ${RSS_SECONDS} s of the page mix (${(result.requests / result.seconds).toFixed(0)} req/s, ${result.errors} errors): ` +
          `RSS ${first.toFixed(0)} MB at the start, ${last.toFixed(0)} MB at the end (${growth >= 0 ? "+" : ""}${growth.toFixed(1)} %), peak ${max.toFixed(0)} MB — ` +
          // Growth is what a leak looks like; a fall is the heap giving back what the earlier runs
          // (the history's large pages) took, which the warm-up does not always outlast.
          `${Math.abs(growth) <= 10 ? "flat (within 10 %)" : growth > 0 ? "NOT flat: it grew" : "fell (no growth: the heap gave back memory the earlier runs took)"}`,
      );
    }
    console.log(`\nMachine at the end: ${machine()}`);
    await closeDb();
  } finally {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server!.once("exit", r));
      server.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    }
    agent.destroy();
    await database.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
