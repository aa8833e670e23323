import type { SQL } from "drizzle-orm";
import { db, type Executor } from "./client.server";

/**
 * The rows of a raw SQL query, typed as the row the caller's SELECT names (drizzle's typed
 * `execute<T>`; no cast). For queries the query builder cannot express: window functions,
 * lateral joins, generate_series.
 */
export async function rows<T extends Record<string, unknown>>(query: SQL, exec: Executor = db): Promise<T[]> {
  // The one place a raw result is given the caller's row type; every column the SELECT names is in T.
  const found: Record<string, unknown>[] = await exec.execute(query);
  return found as T[];
}
