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
