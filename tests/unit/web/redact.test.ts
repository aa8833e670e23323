import { describe, expect, it } from "vitest";
import { redactPath } from "~/web/server.server";

describe("request paths in the log", () => {
  it("never hold a working link: token segments are replaced, ids and words kept", () => {
    const token = "7quiyer9Xk2mQ0pLw8vN3rT5sYbZc1dEfGh4jK6-_Aa";
    expect(redactPath(`/reset-password/${token}`)).toBe("/reset-password/:token");
    expect(redactPath(`/calendar/${token}.ics`)).toBe("/calendar/:token.ics");
    expect(redactPath(`/concerns/follow-up/${token}`)).toBe("/concerns/follow-up/:token");
    expect(redactPath(`/invite/${token}`)).toBe("/invite/:token");
    expect(redactPath(`/confirm-email/${token}.data`)).toBe("/confirm-email/:token.data");
    expect(redactPath("/sessions/0f4c2d1e-8a9b-4c3d-9e8f-123456789abc/roster")).toBe("/sessions/0f4c2d1e-8a9b-4c3d-9e8f-123456789abc/roster");
    expect(redactPath("/groups/new/attendance")).toBe("/groups/new/attendance");
  });
});

describe("client addresses for rate limits", () => {
  it("counts IPv6 by its /64 and IPv4-mapped addresses as IPv4", async () => {
    const { limitKeyForAddress } = await import("~/web/http.server");
    expect(limitKeyForAddress("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).toBe("2001:db8:1:2::/64");
    expect(limitKeyForAddress("2001:db8:1:2::1")).toBe("2001:db8:1:2::/64");
    expect(limitKeyForAddress("2001:0db8:0001:0002:ffff::9")).toBe("2001:db8:1:2::/64");
    expect(limitKeyForAddress("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(limitKeyForAddress("203.0.113.7")).toBe("203.0.113.7");
    expect(limitKeyForAddress("::1")).toBe("0:0:0:0::/64");
    expect(limitKeyForAddress("unknown")).toBe("unknown");
  });
});
