import { existsSync, readFileSync } from "node:fs";
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

  // Linux only (/proc/thread-self): the project's servers and test machines run Linux.
  it.runIf(existsSync("/proc/thread-self/schedstat"))("does not block the event loop while 4 standard-cost hashes run", async () => {
    delete process.env.PASSWORD_HASH_COST;
    const passwords = ["one-password-1", "two-password-2", "three-password-3", "four-password-4"];
    // Who did the hashing's work, measured in CPU time, not wall time: the event loop's thread
    // (this one: /proc/thread-self) against the whole process (process.cpuUsage: every thread,
    // libuv's pool included). Hashing on the event loop (bcryptjs, or a synchronous hash) puts
    // nearly all of it on this thread (a share near 1); off the loop the share stays small. CPU
    // time does not grow when the machine is busy — other processes' load stretches wall time,
    // which made the earlier measure (event-loop utilisation, a ratio of wall times) fail on a
    // machine with a load average of 12+.
    const loopThreadNs = () => BigInt(readFileSync("/proc/thread-self/schedstat", "utf8").split(" ")[0]);
    const loopBefore = loopThreadNs();
    const processBefore = process.cpuUsage();
    const hashes = await Promise.all(passwords.map(hashPassword));
    const verified = await Promise.all(hashes.map((h, i) => verifyPassword(passwords[i], h)));
    const loopMs = Number(loopThreadNs() - loopBefore) / 1e6;
    const used = process.cpuUsage(processBefore);
    const processMs = (used.user + used.system) / 1e3;
    expect(hashes.every((h) => h.startsWith("$argon2id$"))).toBe(true);
    expect(verified).toEqual([true, true, true, true]);
    // Eight standard-cost argon2id runs are real work (about 10 ms each even on a fast core), so the share means something.
    expect(processMs).toBeGreaterThan(20);
    expect(loopMs / processMs).toBeLessThan(0.25);
  });
});
