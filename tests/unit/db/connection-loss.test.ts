import { describe, expect, it } from "vitest";
import { isConnectionLoss } from "~/db/client.server";

const pgError = (code: string) => Object.assign(new Error("from the server"), { name: "PostgresError", code });

describe("isConnectionLoss", () => {
  it("recognises a connection lost by the network, the server or the app ending its pool", () => {
    for (const code of ["CONNECTION_DESTROYED", "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECT_TIMEOUT", "ECONNRESET", "ECONNREFUSED"]) {
      expect(isConnectionLoss(Object.assign(new Error(code), { code })), code).toBe(true);
    }
    expect(isConnectionLoss(pgError("57P01")), "admin shutdown").toBe(true);
    expect(isConnectionLoss(pgError("08006")), "connection failure").toBe(true);
  });

  it("does not excuse a fault in the app's own code or query", () => {
    expect(isConnectionLoss(new TypeError("x is undefined"))).toBe(false);
    expect(isConnectionLoss(pgError("23505")), "unique violation").toBe(false);
    expect(isConnectionLoss(pgError("42P01")), "no such table").toBe(false);
    expect(isConnectionLoss(Object.assign(new Error("same code, not from PostgreSQL"), { code: "57P01" }))).toBe(false);
    expect(isConnectionLoss("CONNECTION_DESTROYED")).toBe(false);
    expect(isConnectionLoss(undefined)).toBe(false);
  });
});
