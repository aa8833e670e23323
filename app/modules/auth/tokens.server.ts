import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { hash as argon2Hash, verify as argon2Verify } from "@node-rs/argon2";
import { verify as bcryptVerify } from "@node-rs/bcrypt";
import { config } from "~/config.server";

/** 256 bits of randomness, URL-safe. */
export function randomToken(): string {
  return randomBytes(32).toString("base64url");
}

export function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * argon2id (the package's default algorithm) with the OWASP Password Storage Cheat Sheet's
 * parameters: 19 MiB, 2 passes, 1 lane. It runs on libuv's thread pool, never on the event loop.
 * "test" is for the test suite only: the same algorithm, cheap enough for thousands of users.
 */
export const ARGON2_PARAMETERS = {
  standard: { memoryCost: 19_456, timeCost: 2, parallelism: 1 },
  test: { memoryCost: 1_024, timeCost: 1, parallelism: 1 },
} as const;

function parameters() {
  return ARGON2_PARAMETERS[config().passwordHashCost];
}

export function hashPassword(password: string): Promise<string> {
  return argon2Hash(password, parameters());
}

/** Hashes made by the old bcryptjs code ($2a$/$2b$/$2y$): still accepted, replaced at sign-in. */
export function isLegacyHash(hash: string): boolean {
  return /^\$2[aby]\$/.test(hash);
}

/** Whether a stored hash should be replaced by one with the current algorithm and parameters. */
export function needsRehash(hash: string): boolean {
  if (isLegacyHash(hash)) return true;
  const match = /^\$argon2id\$v=\d+\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(hash);
  if (!match) return true;
  const p = parameters();
  return Number(match[1]) !== p.memoryCost || Number(match[2]) !== p.timeCost || Number(match[3]) !== p.parallelism;
}

// One dummy hash per cost, made lazily with the current parameters: an account without a password
// (or without an account) costs the same time to check as one with.
const dummyHashes = new Map<string, Promise<string>>();
function dummyHash(): Promise<string> {
  const cost = config().passwordHashCost;
  let hash = dummyHashes.get(cost);
  if (!hash) {
    hash = argon2Hash(randomToken(), parameters());
    dummyHashes.set(cost, hash);
  }
  return hash;
}

export async function verifyPassword(password: string, hash: string | null): Promise<boolean> {
  try {
    if (!hash) {
      await argon2Verify(await dummyHash(), password);
      return false;
    }
    if (isLegacyHash(hash)) return await bcryptVerify(password, hash);
    return await argon2Verify(hash, password);
  } catch {
    // A malformed stored hash never signs anyone in.
    return false;
  }
}

/**
 * What a browser's device cookie holds for each account it signed in to: an HMAC of the user id
 * with the session secret. Unforgeable without the secret, bound to one account, and it reveals
 * nothing about which account it is.
 */
export function deviceTag(userId: string): string {
  return createHmac("sha256", config().sessionSecret).update(`trusted-device:${userId}`).digest("base64url").slice(0, 32);
}
