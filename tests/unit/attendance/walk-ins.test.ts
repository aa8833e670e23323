import { describe, expect, it } from "vitest";
import { emailHint, isPlaceholderEmail, realEmail, sameNameKey } from "~/modules/attendance/walk-ins";

describe("walk-in placeholder addresses", () => {
  it("are recognised whatever their case, and never given out as an email", () => {
    expect(isPlaceholderEmail("walk-in+123@walk-in.invalid")).toBe(true);
    expect(isPlaceholderEmail(" Walk-In+1@WALK-IN.INVALID ")).toBe(true);
    expect(isPlaceholderEmail("pat@riverside.example")).toBe(false);
    expect(isPlaceholderEmail("x@notwalk-in.invalid")).toBe(false);
    expect(realEmail("walk-in+1@walk-in.invalid")).toBeNull();
    expect(realEmail("pat@riverside.example")).toBe("pat@riverside.example");
    expect(emailHint("walk-in+1@walk-in.invalid")).toBe("no email");
    expect(emailHint("jamie@riverside.example")).toBe("j…@riverside.example");
  });
  it("names compare without case or extra spaces", () => {
    expect(sameNameKey("  Robin   VALE ")).toBe(sameNameKey("robin vale"));
    expect(sameNameKey("Robin Vale")).not.toBe(sameNameKey("Robin Vales"));
  });
});
