import { performance } from "node:perf_hooks";
import { afterEach, describe, expect, it } from "vitest";
import { hash as bcryptHash } from "@node-rs/bcrypt";
import { hashPassword, isLegacyHash, needsRehash, verifyPassword } from "~/modules/auth/tokens.server";

const saved = process.env.PASSWORD_HASH_COST;
afterEach(() => {
  if (saved === undefined) delete process.env.PASSWORD_HASH_COST;
  else process.env.PASSWORD_HASH_COST = saved;
});

describe("password hashing", () => {
  it("makes argon2id hashes with the OWASP parameters by default", async () => {
    delete process.env.PASSWORD_HASH_COST;
    const hash = await hashPassword("correct-horse-battery");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword("correct-horse-battery", hash)).toBe(true);
    expect(await verifyPassword("correct-horse-batterY", hash)).toBe(false);
    expect(needsRehash(hash)).toBe(false);
  });

  it("verifies old bcrypt hashes and marks them for replacement", async () => {
    process.env.PASSWORD_HASH_COST = "test";
    const legacy = await bcryptHash("correct-horse-battery", 4);
    expect(isLegacyHash(legacy)).toBe(true);
    expect(needsRehash(legacy)).toBe(true);
    expect(await verifyPassword("correct-horse-battery", legacy)).toBe(true);
    expect(await verifyPassword("wrong-password-here", legacy)).toBe(false);
    // bcryptjs wrote $2a$ hashes.
    expect(await verifyPassword("correct-horse-battery", legacy.replace(/^\$2b\$/, "$2a$"))).toBe(true);
  });

  it("never signs in an account without a password or with a malformed hash", async () => {
    process.env.PASSWORD_HASH_COST = "test";
    expect(await verifyPassword("anything-at-all", null)).toBe(false);
    expect(await verifyPassword("anything-at-all", "not-a-hash")).toBe(false);
    expect(await verifyPassword("", "$argon2id$v=19$m=1024,t=1,p=1$broken")).toBe(false);
  });

  it("does not block the event loop while 4 standard-cost hashes run", async () => {
    delete process.env.PASSWORD_HASH_COST;
    const passwords = ["one-password-1", "two-password-2", "three-password-3", "four-password-4"];
    // Event-loop utilisation: the share of the time the main thread was busy rather than waiting.
    // Hashing on the main thread (bcryptjs) keeps it near 1; off the thread it stays low, whatever
    // else the machine is doing (other processes' load shows as wall time, not as a busy loop).
    const before = performance.eventLoopUtilization();
    const hashes = await Promise.all(passwords.map(hashPassword));
    const verified = await Promise.all(hashes.map((h, i) => verifyPassword(passwords[i], h)));
    const busy = performance.eventLoopUtilization(before);
    expect(hashes.every((h) => h.startsWith("$argon2id$"))).toBe(true);
    expect(verified).toEqual([true, true, true, true]);
    expect(busy.utilization).toBeLessThan(0.5);
  });
});
