import { processOutbox } from "./mutations.server";
import { createTransport, type MailTransport } from "./transport.server";

export type Job = { name: string; run: (now: Date) => Promise<unknown> };

/**
 * The in-process background worker: every `intervalMs` it sends due outbox mail and runs the
 * registered periodic jobs (reminders, alerts…). State lives in PostgreSQL only, so several app
 * instances can each run a worker: SKIP LOCKED and dedupe keys keep every message single.
 */
export function startWorker(options: { intervalMs?: number; transport?: MailTransport; jobs?: Job[] } = {}) {
  const transport = options.transport ?? createTransport();
  const jobs = options.jobs ?? [];
  let stopped = false;
  let running: Promise<void> | null = null;
  const tick = async () => {
    for (const job of jobs) {
      try {
        await job.run(new Date());
      } catch (error) {
        console.error(`[worker] job ${job.name} failed:`, error);
      }
    }
    try {
      await processOutbox({ transport });
    } catch (error) {
      console.error("[worker] outbox failed:", error);
    }
  };
  const timer = setInterval(() => {
    if (stopped || running) return;
    running = tick().finally(() => {
      running = null;
    });
  }, options.intervalMs ?? 5_000);
  timer.unref();
  return {
    transport,
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (running) await running;
    },
  };
}
