import { describe, expect, it } from "vitest";
import { votingState } from "~/modules/voice/tally";

const closesAt = new Date("2027-03-10T17:00:00Z");
const before = new Date("2027-03-09T12:00:00Z");
const after = new Date("2027-03-11T12:00:00Z");
const hiddenAt = new Date("2027-03-08T12:00:00Z");

describe("what a proposal says about voting", () => {
  it("is open before closing, closed after", () => {
    expect(votingState({ closesAt, hiddenAt: null }, before)).toBe("open");
    expect(votingState({ closesAt, hiddenAt: null }, after)).toBe("closed");
  });
  it("is paused — never closed — while hidden with its closing time still ahead", () => {
    expect(votingState({ closesAt, hiddenAt }, before)).toBe("paused");
    expect(votingState({ closesAt, hiddenAt }, after)).toBe("closed");
  });
  it("is closed once decided, hidden or not", () => {
    expect(votingState({ closesAt, hiddenAt: null, decidedAt: before }, before)).toBe("closed");
    expect(votingState({ closesAt, hiddenAt, decidedAt: before }, before)).toBe("closed");
  });
});
