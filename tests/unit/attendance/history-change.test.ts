import { describe, expect, it } from "vitest";
import { historyChange } from "~/ui/attendance-roster";

const mark = (status: string, extra: Record<string, unknown> = {}) => ({ status, arrivedAt: null, leftAt: null, note: "", apologyReason: "", walkIn: false, ...extra });

/** A roster history line says what changed: saving only a note read "Left early → Left early". */
describe("historyChange", () => {
  it("names the status change when the status changed, or the first mark", () => {
    expect(historyChange(mark("absent"), mark("excused"))).toEqual({ kind: "status", from: "absent", to: "excused" });
    expect(historyChange(null, mark("present"))).toEqual({ kind: "status", from: null, to: "present" });
  });

  it("names the details that changed when the status stayed the same", () => {
    expect(historyChange(mark("left_early", { note: "" }), mark("left_early", { note: "Bus at 8" }))).toEqual({ kind: "details", status: "left_early", fields: ["note"] });
    expect(historyChange(mark("late", { arrivedAt: "2027-01-05T19:10:00Z" }), mark("late", { arrivedAt: "2027-01-05T19:20:00Z", leftAt: "2027-01-05T20:00:00Z" }))).toEqual({
      kind: "details",
      status: "late",
      fields: ["arrivedAt", "leftAt"],
    });
  });

  it("says nothing changed when nothing did", () => {
    expect(historyChange(mark("present"), mark("present"))).toEqual({ kind: "details", status: "present", fields: [] });
  });
});
