import { describe, expect, it } from "vitest";
import { PASSWORD_TOO_EASY, newPassword, resetSchema } from "~/modules/auth/schema";
import { passwordIsTooEasy } from "~/modules/auth/password-strength.server";

describe("password rules", () => {
  it("refuses common passwords, common words with digits stuck on, sequences and too few distinct characters", () => {
    for (const weak of ["aaaaaaaaaa", "password123", "qwertyuiop", "1234567890", "Password2024!", "abcdefghij", "abababababab", "iloveyou12"]) {
      expect(passwordIsTooEasy(weak), weak).toBe(true);
    }
  });

  it("accepts the documented demo password and ordinary passphrases", () => {
    for (const fine of ["demo-password-1", "correct-horse-battery", "a-long-password", "a-brand-new-password", "my cat likes rain"]) {
      expect(passwordIsTooEasy(fine), fine).toBe(false);
    }
  });

  it("explains the refusal beside the field", () => {
    const result = newPassword.safeParse("password123");
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toBe(PASSWORD_TOO_EASY);
    expect(PASSWORD_TOO_EASY).toMatch(/^This password is too common or too easy to guess/);
    const reset = resetSchema.safeParse({ password: "aaaaaaaaaa", confirmPassword: "aaaaaaaaaa" });
    expect(reset.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["password", PASSWORD_TOO_EASY]]);
  });

  it("still asks for 10 characters first", () => {
    expect(newPassword.safeParse("abc").error?.issues.map((i) => i.message)).toEqual(["Use at least 10 characters."]);
  });
});
