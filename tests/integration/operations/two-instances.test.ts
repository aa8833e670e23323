import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawRequest } from "../../factories/http";
import { startSmtpServer } from "../../factories/smtp";
import { startAppServer, type AppServer } from "../../setup/app-server";

// Two real app processes on one PostgreSQL database (created empty here) and one real SMTP sink.
const base = process.env.DATABASE_URL!.replace(/\/[^/]+$/, "");
const name = `cluster_${randomBytes(4).toString("hex")}`;
const url = `${base}/${name}`;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let apps: AppServer[] = [];
let sql: postgres.Sql;

beforeAll(async () => {
  const admin = postgres(`${base}/postgres`, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  smtp = await startSmtpServer();
  const env = { DATABASE_URL: url, WORKER: "1", WORKER_INTERVAL_MS: "200", SMTP_URL: smtp.url };
  // Both start at once on the empty database: one migrates, the other waits for it.
  apps = await Promise.all([startAppServer({ env }), startAppServer({ env })]);
  sql = postgres(url, { max: 2, onnotice: () => {} });
});

afterAll(async () => {
  await Promise.all(apps.map((a) => a.stop()));
  await sql?.end();
  await smtp?.close();
  const admin = postgres(`${base}/postgres`, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
});

describe("two instances on one database", () => {
  it("both started, after migrating once", async () => {
    for (const app of apps) expect((await rawRequest(app.baseUrl, { path: "/readyz" })).status).toBe(200);
    const [{ n }] = await sql`select count(*)::int as n from drizzle.__drizzle_migrations`;
    const [{ distinct }] = await sql`select count(distinct hash)::int as distinct from drizzle.__drizzle_migrations`;
    expect(n).toBe(distinct);
  });

  it("delivers 100 queued messages exactly once between them", async () => {
    const rows = Array.from({ length: 100 }, (_, i) => ({
      to_address: `p${i}@example.org`,
      subject: `Message ${i}`,
      text_body: `Body ${i}`,
      html_body: `<p>Body ${i}</p>`,
      message_id: `<m${i}-${name}@test>`,
    }));
    await sql`insert into email_outbox ${sql(rows)}`;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const [{ pending }] = await sql`select count(*)::int as pending from email_outbox where status <> 'sent'`;
      if (pending === 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await new Promise((r) => setTimeout(r, 500));
    const subjects = smtp.messages.map((m) => m.subject).filter((s) => s?.startsWith("Message "));
    expect(subjects).toHaveLength(100);
    expect(new Set(subjects).size).toBe(100);
  });

  it("runs each periodic job once per tick for the cluster, on either instance", async () => {
    await new Promise((r) => setTimeout(r, 1500));
    const runs = await sql`select job, slot, instance from job_runs`;
    expect(runs.length).toBeGreaterThan(0);
    const perSlot = new Map<string, number>();
    for (const r of runs) perSlot.set(`${r.job}:${r.slot}`, (perSlot.get(`${r.job}:${r.slot}`) ?? 0) + 1);
    expect(Math.max(...perSlot.values())).toBe(1);
    // Both instances take part (whichever ticks first in a slot runs it).
    expect(new Set(runs.map((r) => String(r.instance).split(":")[1])).size).toBe(2);
  });
});
