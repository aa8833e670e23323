import { describe, expect, it } from "vitest";
import { swapTarget, unitsInOrder, type OrderSession } from "~/modules/records/curriculum/order";

const now = new Date("2027-03-10T12:00:00Z");
const day = (d: number) => new Date(Date.UTC(2027, 2, d, 23, 0));
const units = [{ id: "u1" }, { id: "u2" }, { id: "u3" }];
const session = (id: string, d: number, extra: Partial<OrderSession> = {}): OrderSession => ({ id, startsAt: day(d), status: "scheduled", unitId: null, assignment: null, ...extra });

describe("units in order", () => {
  it("gives sessions still to come the units in date order, whatever order they are listed in, and none once the units run out", () => {
    const sessions = [session("c", 24), session("a", 10), session("d", 31), session("b", 17)];
    expect(unitsInOrder(units, sessions, now, { includePast: false })).toEqual([
      { sessionId: "a", unitId: "u1" },
      { sessionId: "b", unitId: "u2" },
      { sessionId: "c", unitId: "u3" },
    ]);
  });

  it("skips cancelled sessions and releases an automatic unit of a cancelled session still to come", () => {
    const sessions = [session("a", 10, { unitId: "u1", assignment: "auto" }), session("b", 17, { status: "cancelled", unitId: "u2", assignment: "auto" }), session("c", 24, { unitId: "u3", assignment: "auto" })];
    expect(unitsInOrder(units, sessions, now, { includePast: false })).toEqual([
      { sessionId: "b", unitId: null },
      { sessionId: "c", unitId: "u2" },
    ]);
  });

  it("keeps a unit chosen by hand and continues after it; keeps a hand-chosen 'no unit'", () => {
    const sessions = [session("a", 10), session("b", 17, { unitId: "u3", assignment: "manual" }), session("c", 24), session("d", 31, { unitId: null, assignment: "manual" })];
    expect(unitsInOrder(units, sessions, now, { includePast: false })).toEqual([{ sessionId: "a", unitId: "u1" }]);
  });

  it("leaves sessions already started as they are unless asked to fill earlier ones, and continues after their units", () => {
    const sessions = [session("p1", 1), session("p2", 3), session("f1", 17)];
    expect(unitsInOrder(units, sessions, now, { includePast: false })).toEqual([{ sessionId: "f1", unitId: "u1" }]);
    expect(unitsInOrder(units, sessions, now, { includePast: true })).toEqual([
      { sessionId: "p1", unitId: "u1" },
      { sessionId: "p2", unitId: "u2" },
      { sessionId: "f1", unitId: "u3" },
    ]);
    // A session already held keeps its unit (history), and the next ones follow it.
    const held = [session("p1", 3, { unitId: "u2", assignment: "auto" }), session("f1", 17, { unitId: "u1", assignment: "auto" })];
    expect(unitsInOrder(units, held, now, { includePast: true })).toEqual([{ sessionId: "f1", unitId: "u3" }]);
  });

  it("re-gives automatic units of sessions still to come when the order changes, and changes nothing when all is in order", () => {
    const sessions = [session("a", 10, { unitId: "u1", assignment: "auto" }), session("b", 17, { unitId: "u2", assignment: "auto" })];
    expect(unitsInOrder(units, sessions, now, { includePast: false })).toEqual([]);
    expect(unitsInOrder([{ id: "u2" }, { id: "u1" }], sessions, now, { includePast: false })).toEqual([
      { sessionId: "a", unitId: "u2" },
      { sessionId: "b", unitId: "u1" },
    ]);
    expect(unitsInOrder([], sessions, now, { includePast: false })).toEqual([
      { sessionId: "a", unitId: null },
      { sessionId: "b", unitId: null },
    ]);
  });

  it("finds the neighbour a unit swaps with, or none at either end", () => {
    expect(swapTarget(units, "u2", "up")).toEqual({ id: "u1" });
    expect(swapTarget(units, "u2", "down")).toEqual({ id: "u3" });
    expect(swapTarget(units, "u1", "up")).toBeNull();
    expect(swapTarget(units, "u3", "down")).toBeNull();
    expect(swapTarget(units, "zz", "down")).toBeNull();
  });
});
