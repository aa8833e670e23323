import { describe, expect, it } from "vitest";
import { checkCode, checkInCodeKey, codeForSlot, codeSlot, codeWorksUntil, shownCode, SLOTS_PER_WINDOW } from "~/modules/attendance/check-in/codes";
import { isWellFormedCode } from "~/modules/attendance/rules";

// An injected clock and key: the derivation reads neither the machine's time nor the environment.
const start = new Date("2027-03-09T00:00:00Z"); // the session's start; the window opens 15 minutes before
const at = (minutes: number, seconds = 0) => new Date(start.getTime() + minutes * 60_000 + seconds * 1000);
const key = checkInCodeKey("a-test-secret-of-at-least-thirty-two-characters");
const session = { id: "6f1c2d3e-0000-4000-8000-000000000001", startsAt: start, status: "scheduled" };
const other = { ...session, id: "6f1c2d3e-0000-4000-8000-000000000002" };
const codeAt = (minutes: number, s = session) => shownCode(key, s, at(minutes))!.code;

describe("check-in codes are derived from the session and the 5-minute slot", () => {
  it("slots count from the window's opening; none outside the window", () => {
    expect(codeSlot(at(-15, -1), start)).toBeNull();
    expect(codeSlot(at(-15), start)).toBe(0);
    expect(codeSlot(at(-10, -1), start)).toBe(0);
    expect(codeSlot(at(-10), start)).toBe(1);
    expect(codeSlot(at(25), start)).toBe(8);
    // The closing instant still belongs to the last slot (no new code for one moment).
    expect(codeSlot(at(30), start)).toBe(8);
    expect(SLOTS_PER_WINDOW).toBe(9);
    expect(codeSlot(at(30, 1), start)).toBeNull();
  });

  it("the same slot gives the same code, on every screen; the next slot a different one", () => {
    expect(codeAt(-10)).toBe(codeAt(-6));
    expect(shownCode(key, session, at(-7, 30))).toEqual(shownCode(key, { ...session }, at(-9)));
    expect(codeAt(-5)).not.toBe(codeAt(-6));
    const all = Array.from({ length: SLOTS_PER_WINDOW }, (_, slot) => codeForSlot(key, session.id, slot));
    expect(new Set(all).size).toBe(SLOTS_PER_WINDOW);
    for (const code of all) expect(isWellFormedCode(code)).toBe(true);
  });

  it("depends on the session and on the secret", () => {
    expect(codeAt(0, other)).not.toBe(codeAt(0));
    expect(codeForSlot(checkInCodeKey("another-secret-of-at-least-thirty-two-chars"), session.id, 3)).not.toBe(codeForSlot(key, session.id, 3));
    // Fixed for a fixed secret, session and slot: screens and instances agree, and a change to the
    // derivation (which would void the codes on screen during a deploy) shows up here. The value
    // was worked out separately with Python's hmac module.
    expect(codeForSlot(checkInCodeKey("a-test-secret-of-at-least-thirty-two-characters"), session.id, 3)).toBe("HTBJAU");
  });

  it("no code before the window opens, after it closes, or for a cancelled session", () => {
    expect(shownCode(key, session, at(-15, -1))).toBeNull();
    expect(shownCode(key, session, at(30, 1))).toBeNull();
    expect(shownCode(key, { ...session, status: "cancelled" }, at(0))).toBeNull();
    expect(shownCode(key, { ...session, status: "held" }, at(0))).not.toBeNull();
  });

  it("a shown code works to the end of the next slot, never past the window", () => {
    expect(shownCode(key, session, at(-10))!.expiresAt).toEqual(at(0));
    expect(shownCode(key, session, at(-6))!.expiresAt).toEqual(at(0));
    expect(codeWorksUntil(start, 7)).toEqual(at(30));
    expect(shownCode(key, session, at(29))!.expiresAt).toEqual(at(30));
  });
});

describe("checking a typed code", () => {
  it("accepts the current slot's code", () => {
    expect(checkCode(key, session, codeAt(-10), at(-10))).toBe("accepted");
    expect(checkCode(key, session, codeAt(-10), at(-5, -1))).toBe("accepted");
  });

  it("accepts the previous slot's code (read just before it changed)", () => {
    expect(checkCode(key, session, codeAt(-10), at(-5))).toBe("accepted");
    expect(checkCode(key, session, codeAt(-10), at(0, -1))).toBe("accepted");
    expect(checkCode(key, session, codeAt(25), at(30))).toBe("accepted");
  });

  it("refuses a code two slots back as expired", () => {
    expect(checkCode(key, session, codeAt(-10), at(0))).toBe("expired");
    expect(checkCode(key, session, codeAt(-15), at(29))).toBe("expired");
  });

  it("refuses another session's code, a later slot's code and junk", () => {
    expect(checkCode(key, session, codeAt(0, other), at(0))).toBe("unknown");
    expect(checkCode(key, session, codeAt(10), at(0))).toBe("unknown");
    const junk = ["ZZZZZZ", "YYYYYY"].find((c) => !Array.from({ length: SLOTS_PER_WINDOW }, (_, slot) => codeForSlot(key, session.id, slot)).includes(c))!;
    expect(checkCode(key, session, junk, at(0))).toBe("unknown");
    expect(checkCode(key, session, codeAt(0).slice(0, 5), at(0))).toBe("unknown");
    expect(checkCode(key, session, codeAt(0), at(0))).toBe("accepted");
  });

  it("refuses every code once the window has closed, and for a cancelled session", () => {
    const last = codeAt(29);
    expect(checkCode(key, session, last, at(30))).toBe("accepted");
    expect(checkCode(key, session, last, at(30, 1))).toBe("closed");
    expect(checkCode(key, session, last, at(120))).toBe("closed");
    expect(checkCode(key, { ...session, status: "cancelled" }, codeAt(0), at(0))).toBe("closed");
  });

  it("refuses a code before the window opens", () => {
    expect(checkCode(key, session, codeForSlot(key, session.id, 0), at(-15, -1))).toBe("closed");
  });
});
