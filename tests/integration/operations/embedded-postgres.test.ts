import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { EmbeddedPostgresError, startEmbeddedPostgres } from "~/db/embedded.server";
import { freePort } from "../../setup/ports";

const closedFolder = mkdtempSync(path.join(os.tmpdir(), "gs-closed-"));
chmodSync(closedFolder, 0o700);
afterAll(() => rmSync(closedFolder, { recursive: true, force: true }));

async function select1(url: string) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return (await sql`select 1 as one`)[0].one;
  } finally {
    await sql.end();
  }
}

describe("the embedded PostgreSQL", () => {
  it("starts with its data inside a mode-700 folder (as root, PostgreSQL runs as the postgres user)", async () => {
    const lines: string[] = [];
    const pg = await startEmbeddedPostgres({ dataDir: path.join(closedFolder, "data"), port: await freePort(), persistent: true, log: (l) => lines.push(l) });
    try {
      expect(await select1(pg.url)).toBe(1);
      if (process.getuid?.() === 0) {
        // The postgres user cannot enter the folder: the data went where it can, and the log says where.
        expect(pg.dataDir).not.toContain(closedFolder);
        expect(lines.join("\n")).toContain(pg.dataDir);
      }
    } finally {
      await pg.stop();
    }
  });

  it("stops a server left running on the same data by an earlier, killed run, then starts", async () => {
    // The first test's data (already initialised), as a later `npm start` of the same checkout finds it.
    const dataDir = path.join(closedFolder, "data");
    const port = await freePort();
    const left = await startEmbeddedPostgres({ dataDir, port, persistent: true, log: () => {} });
    // `left` is never stopped by its owner: as after kill -9 of the app.
    const lines: string[] = [];
    const next = await startEmbeddedPostgres({ dataDir, port, persistent: false, log: (l) => lines.push(l) });
    try {
      expect(lines.join("\n")).toMatch(/Stopping a PostgreSQL server left running/);
      expect(await select1(next.url)).toBe(1);
    } finally {
      await next.stop();
      await left.stop();
    }
  });

  it("explains a taken port with PostgreSQL's own message and what to do", async () => {
    const port = await freePort();
    const first = await startEmbeddedPostgres({ dataDir: path.join(closedFolder, "one"), port, persistent: false, log: () => {} });
    try {
      const second = startEmbeddedPostgres({ dataDir: path.join(closedFolder, "two"), port, persistent: false, log: () => {} });
      await expect(second).rejects.toBeInstanceOf(EmbeddedPostgresError);
      await expect(second).rejects.toThrow(/could not bind[\s\S]*set EMBEDDED_PG_PORT/i);
    } finally {
      await first.stop();
    }
  });
});
