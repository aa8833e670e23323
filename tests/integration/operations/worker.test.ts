import net from "node:net";
import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { SMTPServer } from "smtp-server";
import { afterAll, describe, expect, it } from "vitest";
import journal from "../../../drizzle/meta/_journal.json";
import { db } from "~/db/client.server";
import { migrateDatabase } from "~/db/migrate.server";
import { authSessions, emailOutbox, jobRuns, loginAttempts, organizations, users } from "~/db/schema";
import { enqueueEmail, processOutbox } from "~/modules/notifications/mutations.server";
import { derivedResults } from "~/db/tables/derived";
import { pruneOldRecords } from "~/modules/notifications/retention.server";
import { createTransport, type MailTransport } from "~/modules/notifications/transport.server";
import { forgetWorkerHeartbeat } from "~/modules/notifications/readiness.server";
import { runJobsOnce, startWorker } from "~/modules/notifications/worker.server";
import { freePort } from "../../setup/ports";

// The worker started below records its heartbeat in this process; the files after this one in the
// same worker process must see an instance without a worker (their /readyz has no worker check).
afterAll(() => forgetWorkerHeartbeat());

const mail = (to: string, dedupeKey: string) => ({ to, subject: "Hello", text: "t", html: "<p>t</p>", organizationId: null, dedupeKey });

async function openTransactions(): Promise<number> {
  const rows = (await db.execute(
    sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'`,
  )) as unknown as { n: number }[];
  return rows[0].n;
}

describe("the outbox and a bad mail server", () => {
  it("holds no transaction while a hanging SMTP server never greets, then retries later", async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket)); // accepts, never says hello
    const port = await freePort();
    await new Promise<void>((r) => silent.listen(port, "127.0.0.1", r));
    try {
      await enqueueEmail(db, mail("slow@example.org", "hang-1"));
      const clock = new Date("2027-05-01T10:00:00Z");
      const sending = processOutbox({ transport: createTransport(`smtp://127.0.0.1:${port}?ignoreTLS=true&greetingTimeout=1500`), now: () => clock });
      await new Promise((r) => setTimeout(r, 700));
      // Mid-send: the message is claimed, but nothing is held open in PostgreSQL.
      expect(sockets.length).toBeGreaterThan(0);
      expect(await openTransactions()).toBe(0);
      expect(await sending).toEqual({ sent: 0, failed: 1 });
      const [row] = await db.select().from(emailOutbox).where(eq(emailOutbox.dedupeKey, "hang-1"));
      expect(row).toEqual(expect.objectContaining({ status: "pending", attempts: 1 }));
      expect(row.lastError).toMatch(/greeting/i);
      expect(row.nextAttemptAt.getTime()).toBe(clock.getTime() + 30_000);
    } finally {
      sockets.forEach((s) => s.destroy());
      await new Promise((r) => silent.close(r));
    }
  });

  it("fails a message at once when the server refuses it permanently (5xx), keeping the error", async () => {
    const port = await freePort();
    const refusing = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onRcptTo(_address, _session, callback) {
        const error = Object.assign(new Error("5.1.1 No such mailbox"), { responseCode: 550 });
        callback(error);
      },
    });
    await new Promise<void>((r) => refusing.listen(port, "127.0.0.1", r));
    try {
      await enqueueEmail(db, mail("nobody@example.org", "refused-1"));
      await processOutbox({ transport: createTransport(`smtp://127.0.0.1:${port}?ignoreTLS=true`), now: () => new Date("2027-05-01T10:00:00Z") });
      const [row] = await db.select().from(emailOutbox).where(eq(emailOutbox.dedupeKey, "refused-1"));
      expect(row).toEqual(expect.objectContaining({ status: "failed", attempts: 1 }));
      expect(row.lastError).toMatch(/No such mailbox/);
    } finally {
      await new Promise<void>((r) => refusing.close(() => r()));
    }
  });
});

describe("the worker", () => {
  it("keeps running periodic jobs while a message send hangs", async () => {
    await enqueueEmail(db, mail("stuck@example.org", `stuck-${randomBytes(3).toString("hex")}`));
    let release: () => void = () => {};
    const hanging: MailTransport = { describe: "hangs", send: () => new Promise<void>((r) => (release = r)) };
    let runs = 0;
    const worker = startWorker({ intervalMs: 150, transport: hanging, jobs: [{ name: `count-${randomBytes(3).toString("hex")}`, run: async () => void runs++ }] });
    try {
      await new Promise((r) => setTimeout(r, 1200));
      expect(runs).toBeGreaterThanOrEqual(3);
    } finally {
      release();
      await worker.stop();
    }
  });

  it("runs each job once per tick for the whole cluster, whichever instance ticks", async () => {
    const counts = { a: 0, b: 0 };
    const name = `job-${randomBytes(3).toString("hex")}`;
    const jobs = [{ name, run: async () => void counts.a++ }];
    const otherJobs = [{ name, run: async () => void counts.b++ }];
    const now = new Date("2027-05-01T10:00:00.100Z");
    // Two instances tick in the same slot, at the same moment and a little later.
    await Promise.all([runJobsOnce(jobs, now, 5000, "instance-a"), runJobsOnce(otherJobs, now, 5000, "instance-b")]);
    await runJobsOnce(otherJobs, new Date(now.getTime() + 2000), 5000, "instance-b");
    expect(counts.a + counts.b).toBe(1);
    // The next slot runs again, once.
    await Promise.all([runJobsOnce(jobs, new Date(now.getTime() + 5000), 5000, "instance-a"), runJobsOnce(otherJobs, new Date(now.getTime() + 5000), 5000, "instance-b")]);
    expect(counts.a + counts.b).toBe(2);
    const rows = await db.select().from(jobRuns).where(eq(jobRuns.job, name));
    expect(rows.every((r) => r.finishedAt !== null && r.error === null)).toBe(true);
  });
});

describe("retention", () => {
  it("prunes sent mail, old sign-in attempts, expired sessions and stored figures nobody recomputed for 30 days, and keeps the rest", async () => {
    const now = new Date("2027-06-01T00:00:00Z");
    const old = new Date("2027-01-01T00:00:00Z");
    const [user] = await db.insert(users).values({ email: `ret-${randomBytes(3).toString("hex")}@example.org`, name: "R", timezone: "UTC" }).returning();
    await db.insert(emailOutbox).values([
      { toAddress: "a@example.org", subject: "old sent", textBody: "", htmlBody: "", messageId: "m1", status: "sent", sentAt: old },
      { toAddress: "b@example.org", subject: "recent sent", textBody: "", htmlBody: "", messageId: "m2", status: "sent", sentAt: new Date("2027-05-20T00:00:00Z") },
      { toAddress: "c@example.org", subject: "old pending", textBody: "", htmlBody: "", messageId: "m3", status: "pending", createdAt: old },
    ]);
    await db.insert(loginAttempts).values([
      { email: "x@example.org", ip: "1.1.1.1", succeeded: false, at: old },
      { email: "y@example.org", ip: "1.1.1.1", succeeded: false, at: new Date("2027-05-31T00:00:00Z") },
    ]);
    const [org] = await db.insert(organizations).values({ slug: `ret-${randomBytes(3).toString("hex")}`, name: "Retention", timezone: "UTC", crisisText: "Call 988." }).returning();
    await db.insert(authSessions).values([
      { idHash: `expired-${user.id}`, userId: user.id, organizationId: org.id, expiresAt: old },
      { idHash: `live-${user.id}`, userId: user.id, organizationId: org.id, expiresAt: new Date("2027-06-20T00:00:00Z") },
    ]);
    await db.insert(derivedResults).values([
      { organizationId: org.id, kind: "metrics-dashboard", subject: "old filter", inputHash: "h1", result: {}, computedAt: old },
      { organizationId: org.id, kind: "metrics-dashboard", subject: "recent filter", inputHash: "h2", result: {}, computedAt: new Date("2027-05-25T00:00:00Z") },
    ]);
    await pruneOldRecords(now);
    const stored = await db.select({ subject: derivedResults.subject }).from(derivedResults).where(eq(derivedResults.organizationId, org.id));
    expect(stored.map((r) => r.subject)).toEqual(["recent filter"]);
    const subjects = (await db.select({ s: emailOutbox.subject }).from(emailOutbox)).map((r) => r.s);
    expect(subjects).not.toContain("old sent");
    expect(subjects).toEqual(expect.arrayContaining(["recent sent", "old pending"]));
    const attempts = (await db.select({ e: loginAttempts.email }).from(loginAttempts)).map((r) => r.e);
    expect(attempts).not.toContain("x@example.org");
    expect(attempts).toContain("y@example.org");
    const sessions = await db.select({ id: authSessions.idHash }).from(authSessions).where(eq(authSessions.userId, user.id));
    expect(sessions.map((r) => r.id)).toEqual([`live-${user.id}`]);
  });
});

describe("migrations", () => {
  it("run once when several instances start together on an empty database", async () => {
    const base = process.env.DATABASE_URL!.replace(/\/[^/]+$/, "");
    const name = `empty_${randomBytes(4).toString("hex")}`;
    const admin = postgres(`${base}/postgres`, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    try {
      await Promise.all([migrateDatabase(`${base}/${name}`), migrateDatabase(`${base}/${name}`), migrateDatabase(`${base}/${name}`)]);
      const fresh = postgres(`${base}/${name}`, { max: 1, onnotice: () => {} });
      const [{ n }] = await fresh`select count(*)::int as n from drizzle.__drizzle_migrations`;
      await fresh.end();
      expect(n).toBe(journal.entries.length);
    } finally {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });
});
