import { describe, expect, it } from "vitest";
import { checkInScreenRefreshDelay, CHECK_IN_SCREEN_REFRESH_MS, checkInWindow } from "~/modules/attendance/rules";

/**
 * Hostile review (dec 6): the projected check-in screen reloaded its data every 20 seconds for as
 * long as the tab stayed visible — hours before check-in opened and for ever after it closed. Each
 * reload counted as the facilitator's activity, so a laptop left on that screen kept a staff
 * session (progress notes, rosters, intake answers) signed in past the 30-minute idle logout.
 * The screen now reloads only while codes rotate, once when the window opens, and never after.
 */
const startsAt = new Date("2027-03-02T23:00:00Z");
const window = checkInWindow(startsAt);
const at = (minutesFromStart: number) => new Date(startsAt.getTime() + minutesFromStart * 60_000);

describe("when the check-in screen reloads by itself", () => {
  it("every 20 seconds while the window is open", () => {
    expect(checkInScreenRefreshDelay(at(-15), window, "scheduled")).toBe(CHECK_IN_SCREEN_REFRESH_MS);
    expect(checkInScreenRefreshDelay(at(0), window, "held")).toBe(CHECK_IN_SCREEN_REFRESH_MS);
    expect(checkInScreenRefreshDelay(at(29), window, "held")).toBe(CHECK_IN_SCREEN_REFRESH_MS);
    expect(CHECK_IN_SCREEN_REFRESH_MS).toBe(20_000);
  });

  it("before the window, once: when it opens", () => {
    expect(checkInScreenRefreshDelay(at(-75), window, "scheduled")).toBe(60 * 60_000 + 1_000);
    expect(checkInScreenRefreshDelay(at(-16), window, "scheduled")).toBe(61_000);
  });

  it("never after the window has closed, nor for a cancelled session", () => {
    expect(checkInScreenRefreshDelay(at(30.01), window, "held")).toBeNull();
    expect(checkInScreenRefreshDelay(at(600), window, "scheduled")).toBeNull();
    expect(checkInScreenRefreshDelay(at(0), window, "cancelled")).toBeNull();
  });

  it("a window days away waits no longer than a browser timer can (about 24 days)", () => {
    expect(checkInScreenRefreshDelay(at(-60 * 24 * 40), window, "scheduled")).toBe(2_147_483_647);
  });
});
