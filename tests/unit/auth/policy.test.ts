import { describe, expect, it } from "vitest";
import { canInvite, loginBlocked, sessionIsLive } from "~/modules/auth/policy";
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
  it("blocks after 5 failures per account or 20 per address", () => {
    expect(loginBlocked({ account: 4, address: 19 })).toBe(false);
    expect(loginBlocked({ account: 5, address: 0 })).toBe(true);
    expect(loginBlocked({ account: 0, address: 20 })).toBe(true);
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
