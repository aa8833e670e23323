import { sql } from "drizzle-orm";
import { db } from "~/db/client.server";

export type TableState = { rows: number; checksum: string };
export type TableChange = { table: string; before: TableState | undefined; after: TableState };

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * Whether anything changed in the test's database: per table, the row count and a checksum of
 * its contents — the sum of every row's md5 (60 bits of it), so the checksum does not depend on
 * the rows' physical order and needs no sort (an ordered md5(string_agg(…)) sorted the whole
 * audit trail after every request that wrote to it).
 *
 * Checksumming every table after each of thousands of requests would take minutes, so a
 * statement-level trigger on every table (INSERT, UPDATE, DELETE, TRUNCATE) notes which tables a
 * request wrote to, and only those are checksummed again (in one SQL statement) and compared with
 * their last known state. A table no statement wrote to cannot have changed, so its last state
 * stands; a table a statement did write to (an UPDATE that matched nothing, a rolled-back
 * transaction leaves no note) is compared by content, so only real differences count.
 *
 * `exclude`: tables that change on any request whatever its outcome, each with the reason.
 * `ignoreColumns`: columns left out of a table's checksum (the rest of the table is compared).
 */
export async function watchTableChanges(exclude: Record<string, string>, ignoreColumns: Record<string, { columns: string[]; why: string }> = {}) {
  await db.execute(sql.raw("create unlogged table if not exists _test_touched (tbl text not null)"));
  await db.execute(
    sql.raw("create or replace function _test_note_touch() returns trigger language plpgsql as $$ begin insert into _test_touched values (tg_table_name); return null; end $$"),
  );
  const found = (await db.execute(
    sql.raw(`select tablename from pg_tables where schemaname = 'public' and tablename <> '_test_touched' order by tablename`),
  )) as unknown as { tablename: string }[];
  const tables = found.map((r) => r.tablename).filter((t) => !(t in exclude));
  const missing = [...Object.keys(exclude), ...Object.keys(ignoreColumns)].filter((t) => !found.some((r) => r.tablename === t));
  if (missing.length) throw new Error(`excluded tables that do not exist: ${missing.join(", ")}`);
  for (const t of tables) {
    await db.execute(sql.raw(`create or replace trigger _test_touch after insert or update or delete or truncate on ${ident(t)} for each statement execute function _test_note_touch()`));
  }

  const snapshot = async (names: string[]): Promise<Map<string, TableState>> => {
    if (!names.length) return new Map();
    const query = names
      .map((t) => {
        const ignored = ignoreColumns[t]?.columns ?? [];
        const row = ignored.length ? `(to_jsonb(x) - array[${ignored.map(literal).join(", ")}]::text[])::text` : "x::text";
        return `select ${literal(t)} as t, count(*)::int as n, coalesce(sum(('x' || left(md5(${row}), 15))::bit(60)::bigint), 0)::text as h from ${ident(t)} x`;
      })
      .join(" union all ");
    const rows = (await db.execute(sql.raw(query))) as unknown as { t: string; n: number; h: string }[];
    return new Map(rows.map((r) => [r.t, { rows: r.n, checksum: r.h }]));
  };

  let known = await snapshot(tables);
  await db.execute(sql.raw("truncate _test_touched"));

  return {
    tables,
    /** The tables whose rows differ from the last check (and remember the new state). */
    async changes(): Promise<TableChange[]> {
      const touched = (await db.execute(sql.raw("with d as (delete from _test_touched returning tbl) select distinct tbl from d"))) as unknown as { tbl: string }[];
      if (!touched.length) return [];
      const now = await snapshot(touched.map((r) => r.tbl));
      const out: TableChange[] = [];
      for (const [table, after] of now) {
        const before = known.get(table);
        if (!before || before.rows !== after.rows || before.checksum !== after.checksum) out.push({ table, before, after });
      }
      known = new Map([...known, ...now]);
      return out;
    },
  };
}
