import { config } from "~/config.server";
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
  const { databaseUrl: url, databasePoolSize } = config();
  if (!url) throw new Error("DATABASE_URL is not set (the start script sets it when it runs embedded PostgreSQL)");
  const current = store[KEY];
  if (current && current.url === url) return current;
  if (current) void current.sql.end({ timeout: 1 }).catch(() => {});
  const sql = postgres(url, {
    max: databasePoolSize,
    onnotice: () => {},
    connect_timeout: 5,
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

export function rawSql(): postgres.Sql {
  return holder().sql;
}

export async function closeDb(): Promise<void> {
  const current = store[KEY];
  if (current) {
    delete store[KEY];
    await current.sql.end({ timeout: 5 });
  }
}

export async function databaseIsUp(): Promise<boolean> {
  try {
    await Promise.race([
      holder().sql`select 1`,
      new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 2000)),
    ]);
    return true;
  } catch {
    return false;
  }
}

const DOWN_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "CONNECT_TIMEOUT", "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED", "57P01", "57P02", "57P03"]);

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
