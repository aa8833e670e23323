import { config } from "~/config.server";
import { sql } from "drizzle-orm";
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";

export type Database = PostgresJsDatabase<typeof schema>;
/** A transaction handle or the database itself: module functions accept either. */
export type Executor = Database | Parameters<Parameters<Database["transaction"]>[0]>[0];

type Holder = { url: string; sql: postgres.Sql; db: Database };
const KEY = Symbol.for("group-sessions.db");
const store = globalThis as unknown as { [KEY]?: Holder };

/**
 * One postgres.js client per process, created lazily from DATABASE_URL and kept on globalThis so
 * the Remix server build, the CLI and dev reloads share it.
 */
function holder(): Holder {
  const { databaseUrl: url, databasePoolSize, dbQueryLog } = config();
  if (!url) throw new Error("DATABASE_URL is not set (the start script sets it when it runs embedded PostgreSQL)");
  const current = store[KEY];
  if (current && current.url === url) return current;
  if (current) void current.sql.end({ timeout: 1 }).catch(() => {});
  const sql = postgres(url, {
    max: databasePoolSize,
    onnotice: () => {},
    // DB_QUERY_LOG=1 (a diagnostic; the pages benchmark counts queries per page with it): one
    // line per query on stderr with its SQL text only — never its parameters, which hold people's data.
    ...(dbQueryLog ? { debug: (_connection: number, query: string) => void process.stderr.write(`[sql] ${query.replace(/\s+/g, " ").trim()}\n`) } : {}),
    // Bounded waits: a page answers 503 within seconds instead of hanging through an outage.
    connect_timeout: 2,
    connection: { statement_timeout: STATEMENT_TIMEOUT_MS, idle_in_transaction_session_timeout: 30_000 },
  });
  const created = { url, sql, db: drizzle(sql, { schema }) };
  store[KEY] = created;
  return created;
}

export const db: Database = new Proxy({} as Database, {
  get(_target, prop) {
    const real = holder().db as unknown as Record<string | symbol, unknown>;
    const value = real[prop];
    return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(real) : value;
  },
});

/**
 * A query built once per database client and run many times with different values (drizzle's
 * prepared query, its values as `sql.placeholder(name)`): drizzle builds a query's SQL text anew on
 * every call (~0.2 ms of CPU for the five-table session lookup), which for the queries every page
 * runs is a share of every request. Kept per client: a new DATABASE_URL (test files, the start
 * script) gets its own. Run outside transactions only (it uses the client, not a transaction).
 */
export function preparedQuery<Q>(build: (database: Database) => Q): () => Q {
  const byClient = new WeakMap<Database, Q>();
  return () => {
    const current = holder().db;
    let query = byClient.get(current);
    if (query === undefined) {
      query = build(current);
      byClient.set(current, query);
    }
    return query;
  };
}

export function rawSql(): postgres.Sql {
  return holder().sql;
}

/** Takes transaction-scoped advisory locks on `keys`, always in the order given. */
export async function lockKeys(tx: Executor, keys: string[]): Promise<void> {
  for (const key of keys) await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
}

/** Runs `fn` while holding a PostgreSQL advisory lock named `name`: one instance of the cluster at a time. */
export async function withAdvisoryLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const connection = await holder().sql.reserve();
  try {
    await connection`select pg_advisory_lock(hashtext(${name}))`;
    try {
      return await fn();
    } finally {
      await connection`select pg_advisory_unlock(hashtext(${name}))`;
    }
  } finally {
    connection.release();
  }
}

export async function closeDb(): Promise<void> {
  const current = store[KEY];
  if (current) {
    delete store[KEY];
    await current.sql.end({ timeout: 5 });
  }
  const probe = probeStore[PROBE_KEY];
  if (probe) {
    delete probeStore[PROBE_KEY];
    await probe.sql.end({ timeout: 1 });
  }
}

/** No statement runs longer than this (reports included); the server cancels it. */
export const STATEMENT_TIMEOUT_MS = 15_000;
/** How long a probe of the database may take before it counts as unreachable. */
export const PROBE_TIMEOUT_MS = 1_500;

type Probe = { url: string; sql: postgres.Sql };
const PROBE_KEY = Symbol.for("group-sessions.db-probe");
const probeStore = globalThis as unknown as { [PROBE_KEY]?: Probe };

/** A one-connection client of its own, so a probe never queues behind the pages' queries. */
function probeClient(url: string): postgres.Sql {
  const current = probeStore[PROBE_KEY];
  if (current && current.url === url) return current.sql;
  if (current) void current.sql.end({ timeout: 0 }).catch(() => {});
  // fetch_types off: `select 1` needs no array types, and a probe connection then never has the
  // internal types question in flight when it is ended (see isConnectionLoss).
  const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 2, idle_timeout: 60, fetch_types: false });
  probeStore[PROBE_KEY] = { url, sql };
  return sql;
}

/**
 * Whether the database answers `select 1` within PROBE_TIMEOUT_MS. When it does not, the pool is
 * dropped: queries waiting on a frozen server fail now (their pages answer 503) instead of running
 * late, when the person has long given up; the next request opens fresh connections.
 */
export async function databaseIsUp(timeoutMs = PROBE_TIMEOUT_MS): Promise<boolean> {
  const url = config().databaseUrl;
  if (!url) return false;
  const sql = probeClient(url);
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      sql`select 1`,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error("timeout")), timeoutMs);
      }),
    ]);
    return true;
  } catch {
    const probe = probeStore[PROBE_KEY];
    if (probe?.sql === sql) delete probeStore[PROBE_KEY];
    void sql.end({ timeout: 0 }).catch(() => {});
    const current = store[KEY];
    if (current) {
      delete store[KEY];
      void current.sql.end({ timeout: 0 }).catch(() => {});
    }
    return false;
  } finally {
    clearTimeout(timer);
  }
}

const GATE_KEY = Symbol.for("group-sessions.db-gate");
type Gate = { checkedAt: number; up: boolean; pending: Promise<boolean> | null };
const gateStore = globalThis as unknown as { [GATE_KEY]?: Gate };

/**
 * The database's state as of at most `freshMs` ago, probing when older. Requests share one probe,
 * so a dead database costs one probe per second, not one hanging connection per request.
 */
export async function databaseAvailable(now = Date.now(), freshMs = 1_000): Promise<boolean> {
  const gate = (gateStore[GATE_KEY] ??= { checkedAt: 0, up: false, pending: null });
  if (now - gate.checkedAt < freshMs) return gate.up;
  gate.pending ??= databaseIsUp().then((up) => {
    gate.up = up;
    gate.checkedAt = Date.now();
    gate.pending = null;
    return up;
  });
  return gate.pending;
}

const DOWN_CODES = new Set(["ECONNREFUSED", "CONNECTION_DESTROYED", "57014", "ECONNRESET", "ENOTFOUND", "CONNECT_TIMEOUT", "CONNECTION_CLOSED", "CONNECTION_ENDED", "57P01", "57P02", "57P03"]);

/** Whether an error means the database cannot be reached (as opposed to a bug or a bad query). */
export function isDatabaseDown(error: unknown): boolean {
  // drizzle wraps the driver's error: follow the cause chain.
  for (let e = error as { code?: unknown; cause?: unknown } | null, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === "string" && DOWN_CODES.has(e.code)) return true;
  }
  return false;
}

/** Runs `fn`; when the database is away, answers 503 with a plain message instead of a 500. */
export async function withDatabase<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (isDatabaseDown(error)) {
      throw new Response("The database is not reachable right now. Please try again in a minute.", {
        status: 503,
        headers: { "content-type": "text/plain; charset=utf-8", "retry-after": "30" },
      });
    }
    throw error;
  }
}

/** postgres.js's own codes for a connection that was lost, refused or ended under a query. */
const CONNECTION_LOSS_CODES = new Set(["CONNECTION_DESTROYED", "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECT_TIMEOUT", "ECONNRESET", "ECONNREFUSED", "EPIPE"]);

/**
 * Whether an error says the connection to PostgreSQL was lost (by the network, by the server —
 * SQLSTATE classes 08 connection exception and 57 operator intervention, e.g. a restart — or by
 * the app ending its pool during an outage), as opposed to a fault in the app's own code.
 *
 * Why it matters: postgres.js 3.4 asks each new connection for the server's array types and
 * drops that promise (porsager/postgres#1192), so ending a pool while a connection waits for
 * that answer — exactly what `databaseIsUp` does when the database freezes — leaves a rejection
 * nobody can catch. The server logs such a rejection and keeps serving (its pages answer 503
 * until the database is back); any other unhandled rejection still stops it (start.server.ts).
 */
export function isConnectionLoss(reason: unknown): boolean {
  if (!reason || typeof reason !== "object") return false;
  const { code, name } = reason as { code?: unknown; name?: unknown };
  if (typeof code !== "string") return false;
  if (CONNECTION_LOSS_CODES.has(code)) return true;
  return name === "PostgresError" && (code.startsWith("08") || code.startsWith("57"));
}
