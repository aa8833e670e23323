import { describe, expect, it } from "vitest";
import { lookup } from "~/ui/lookup";

describe("lookup of a notice by a request's key", () => {
  const DONE: Record<string, string> = { withdraw: "You left the group." };

  it("finds the table's own entries", () => {
    expect(lookup(DONE, "withdraw")).toBe("You left the group.");
  });

  it("finds nothing for Object.prototype's names, an unknown key or no key", () => {
    for (const key of ["toString", "valueOf", "hasOwnProperty", "constructor", "__proto__", "nope", "", null, undefined]) {
      expect(lookup(DONE, key), String(key)).toBeUndefined();
    }
    // Plain indexing is what used to break the page: it finds Object.prototype's function.
    expect(typeof DONE["toString"]).toBe("function");
  });
});
