import type { Job } from "./worker.server";

/**
 * Periodic jobs the worker runs before sending mail. Each capability adds its own (reminders,
 * alerts); each must be idempotent (dedupe keys, SKIP LOCKED) because every instance runs them.
 */
export function backgroundJobs(): Job[] {
  return [];
}
