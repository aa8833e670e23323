import { randomInt } from "node:crypto";

/** A uniformly shuffled copy (Fisher–Yates with a cryptographic random source): release batches and secret votes keep no order a person could be traced by. */
export function shuffle<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
