/** Retry schedule for the outbox: 30 s, 1 min, 2 min … capped at 1 h; give up after 10 attempts. */
export const MAX_ATTEMPTS = 10;

export function nextAttemptDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

export function nextStatusAfterFailure(attempts: number): "pending" | "failed" {
  return attempts >= MAX_ATTEMPTS ? "failed" : "pending";
}
