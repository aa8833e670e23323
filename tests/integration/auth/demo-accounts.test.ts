import { describe, expect, it } from "vitest";
import { and, isNotNull, isNull } from "drizzle-orm";
import { db } from "~/db/client.server";
import { users } from "~/db/schema";
import { DEMO_PASSWORD } from "~/demo/context";
import { seedDemo } from "~/demo/seed.server";
import { signIn } from "~/modules/auth/mutations.server";
import { newPassword } from "~/modules/auth/schema";

describe("demo accounts", () => {
  it("are confirmed, hashed with argon2id, and their documented password passes the password rules", async () => {
    await seedDemo(new Date());
    const withPassword = await db.select().from(users).where(isNotNull(users.passwordHash));
    expect(withPassword.length).toBeGreaterThan(5);
    expect(withPassword.filter((u) => !u.emailConfirmedAt).map((u) => u.email)).toEqual([]);
    expect(withPassword.every((u) => u.passwordHash!.startsWith("$argon2id$"))).toBe(true);
    // People without an account (a walk-in visitor) stay unreachable by email.
    expect((await db.select().from(users).where(and(isNull(users.passwordHash), isNotNull(users.emailConfirmedAt)))).length).toBe(0);
    expect(newPassword.safeParse(DEMO_PASSWORD).success).toBe(true);
    expect((await signIn({ email: "pat@riverside.example", password: DEMO_PASSWORD, ip: "10.9.9.9" })).ok).toBe(true);
  });
});
