import { randomUUID } from "node:crypto";
import os from "node:os";
import { and, eq, sql } from "drizzle-orm";
import { db } from "~/db/client.server";
import { jobRuns } from "~/db/schema";
import { processOutbox } from "./mutations.server";
import { recordWorkerHeartbeat } from "./readiness.server";
import { processSmsOutbox } from "./sms/mutations.server";
import { createSmsTransport, type SmsTransport } from "./sms/transport.server";
import { createTransport, type MailTransport } from "./transport.server";

export type Job = { name: string; run: (now: Date) => Promise<unknown> };

/** This process, as named in job_runs (host and pid, plus a random part for restarts). */
export const INSTANCE_ID = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/**
 * Claims `job` for the time slot `now` falls in (slots are `intervalMs` long). Exactly one caller
 * in the whole cluster gets true for a given job and slot: the primary key decides.
 */
export async function claimJobSlot(job: string, now: Date, intervalMs: number, instance = INSTANCE_ID): Promise<boolean> {
  const slot = Math.floor(now.getTime() / intervalMs);
  const rows = await db.insert(jobRuns).values({ job, slot, instance, startedAt: now }).onConflictDoNothing().returning({ slot: jobRuns.slot });
  return rows.length > 0;
}

/** Runs every job whose slot this instance wins; a failing job is logged and recorded, the others still run. */
export async function runJobsOnce(jobs: Job[], now: Date, intervalMs: number, instance = INSTANCE_ID): Promise<string[]> {
  const ran: string[] = [];
  for (const job of jobs) {
    if (!(await claimJobSlot(job.name, now, intervalMs, instance))) continue;
    const slot = Math.floor(now.getTime() / intervalMs);
    let error: string | null = null;
    try {
      await job.run(now);
      ran.push(job.name);
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
      console.error(JSON.stringify({ level: "error", event: "job.failed", job: job.name, error: error.slice(0, 500), stack: e instanceof Error ? e.stack : undefined }));
    }
    await db
      .update(jobRuns)
      .set({ finishedAt: sql`now()`, error })
      .where(and(eq(jobRuns.job, job.name), eq(jobRuns.slot, slot)));
  }
  return ran;
}

/**
 * The in-process background worker. Three independent loops, so a slow or hanging mail server or
 * text-message provider never delays the others, reminders, waitlist promotions or expiries:
 * - jobs: every `intervalMs`, each periodic job runs once for the whole cluster (job_runs slots);
 * - mail: every `intervalMs`, due outbox messages are sent (claimed with a lease, SKIP LOCKED);
 * - sms: the same for the text-message outbox (the same drainOutbox).
 * State lives in PostgreSQL only, so several app instances can each run a worker.
 */
export function startWorker(options: { intervalMs?: number; transport?: MailTransport; smsTransport?: SmsTransport; jobs?: Job[] } = {}) {
  const transport = options.transport ?? createTransport();
  const smsTransport = options.smsTransport ?? createSmsTransport();
  const jobs = options.jobs ?? [];
  const intervalMs = options.intervalMs ?? 5_000;
  let stopped = false;
  recordWorkerHeartbeat(new Date(), intervalMs);

  const loop = (name: string, body: () => Promise<unknown>) => {
    let running: Promise<void> | null = null;
    const timer = setInterval(() => {
      if (stopped || running) return;
      running = body()
        .then(() => undefined)
        .catch((error) => console.error(JSON.stringify({ level: "error", event: `worker.${name}_failed`, error: String(error) })))
        .finally(() => {
          running = null;
        });
    }, intervalMs);
    timer.unref();
    return {
      async stop() {
        clearInterval(timer);
        if (running) await running;
      },
    };
  };

  const jobLoop = loop("jobs", async () => {
    const now = new Date();
    recordWorkerHeartbeat(now, intervalMs);
    await runJobsOnce(jobs, now, intervalMs);
  });
  const mailLoop = loop("mail", () => processOutbox({ transport }));
  const smsLoop = loop("sms", () => processSmsOutbox({ transport: smsTransport }));

  return {
    transport,
    smsTransport,
    /** Stops the loops, letting the job and the messages in progress finish. */
    async stop() {
      stopped = true;
      await Promise.all([jobLoop.stop(), mailLoop.stop(), smsLoop.stop()]);
    },
  };
}
