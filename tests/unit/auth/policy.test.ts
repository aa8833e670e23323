import { describe, expect, it } from "vitest";
import { accountDelaySeconds, canInvite, loginRefusal, sessionIsLive, type LoginState } from "~/modules/auth/policy";
import { originAllowed } from "~/web/server.server";

describe("session lifetime", () => {
  const start = new Date("2027-03-01T12:00:00Z");
  const session = { lastSeenAt: start, expiresAt: new Date(start.getTime() + 30 * 86_400_000) };
  it("ends a staff session after 30 idle minutes", () => {
    expect(sessionIsLive(session, "facilitator", new Date(start.getTime() + 29 * 60_000))).toBe(true);
    expect(sessionIsLive(session, "manager", new Date(start.getTime() + 31 * 60_000))).toBe(false);
  });
  it("keeps an idle participant signed in until the absolute expiry", () => {
    expect(sessionIsLive(session, "participant", new Date(start.getTime() + 5 * 86_400_000))).toBe(true);
    expect(sessionIsLive(session, "participant", session.expiresAt)).toBe(false);
  });
});

describe("invitations and throttling", () => {
  it("lets managers invite only facilitators and participants", () => {
    expect(canInvite("manager", "facilitator")).toBe(true);
    expect(canInvite("manager", "admin")).toBe(false);
    expect(canInvite("admin", "admin")).toBe(true);
    expect(canInvite("facilitator", "participant")).toBe(false);
  });
  const now = new Date("2027-03-01T10:00:00Z");
  const ago = (s: number) => new Date(now.getTime() - s * 1000);
  const calm: LoginState = {
    pairFailures: 0,
    pairOldestFailureAt: null,
    accountFailures: 0,
    accountLastFailureAt: null,
    addressAccounts: 0,
    trustedDevice: false,
  };
  it("refuses a device after 5 failures on one account, until the oldest of them is 15 minutes old", () => {
    expect(loginRefusal({ ...calm, pairFailures: 4, pairOldestFailureAt: ago(60) }, now)).toBeNull();
    const refused = loginRefusal({ ...calm, pairFailures: 5, pairOldestFailureAt: ago(5 * 60) }, now);
    expect(refused?.reason).toBe("device");
    expect(refused?.message).toBe("Too many attempts from this device; wait 10 minutes or reset your password.");
    expect(loginRefusal({ ...calm, pairFailures: 5, pairOldestFailureAt: ago(15 * 60 + 1) }, now)).toBeNull();
  });
  it("never asks a device to wait longer than the window, even for a failure stamped just after now", () => {
    // A request that waited for the lock while a later one recorded its failure (the CI failure:
    // "wait 16 minutes").
    const refused = loginRefusal({ ...calm, pairFailures: 5, pairOldestFailureAt: ago(-0.05) }, now);
    expect(refused?.retryAfterSeconds).toBe(15 * 60);
    expect(refused?.message).toBe("Too many attempts from this device; wait 15 minutes or reset your password.");
  });
  it("slows an account down progressively after 5 failures, at most 60 seconds, except for a trusted device", () => {
    expect([4, 5, 6, 7, 10, 11, 20].map(accountDelaySeconds)).toEqual([0, 1, 2, 4, 32, 60, 60]);
    const attacked = { ...calm, accountFailures: 9, accountLastFailureAt: ago(3) }; // 16 s delay
    expect(loginRefusal(attacked, now)?.message).toBe("Too many failed attempts on this account; try again in 13 seconds, or reset your password.");
    expect(loginRefusal({ ...attacked, accountLastFailureAt: ago(17) }, now)).toBeNull();
    expect(loginRefusal({ ...attacked, trustedDevice: true }, now)).toBeNull();
    // The per-device limit holds even for a trusted device.
    expect(loginRefusal({ ...attacked, trustedDevice: true, pairFailures: 5, pairOldestFailureAt: ago(60) }, now)?.reason).toBe("device");
  });
  it("refuses an address that failed on 20 different accounts", () => {
    expect(loginRefusal({ ...calm, addressAccounts: 19 }, now)).toBeNull();
    expect(loginRefusal({ ...calm, addressAccounts: 20 }, now)?.reason).toBe("address");
  });
});

describe("origin check", () => {
  const self = "https://app.example";
  it("lets safe methods through and same-origin posts", () => {
    expect(originAllowed({ method: "GET", headers: {} }, [self])).toBe(true);
    expect(originAllowed({ method: "POST", headers: { origin: self } }, [self])).toBe(true);
    expect(originAllowed({ method: "POST", headers: { referer: `${self}/login` } }, [self])).toBe(true);
  });
  it("refuses cross-site posts and posts that name no origin", () => {
    expect(originAllowed({ method: "POST", headers: { origin: "https://evil.example" } }, [self])).toBe(false);
    expect(originAllowed({ method: "POST", headers: { referer: "https://evil.example/x" } }, [self])).toBe(false);
    expect(originAllowed({ method: "POST", headers: {} }, [self])).toBe(false);
    expect(originAllowed({ method: "DELETE", headers: { origin: "null" } }, [self])).toBe(false);
  });
});
