import { describe, expect, it } from "vitest";
import { changedSince, groupVersion, type EditableGroup } from "~/modules/groups/edit-version";

const group: EditableGroup = {
  name: "Evening circle",
  kind: "workshop",
  description: "",
  timezone: "America/New_York",
  capacity: 8,
  location: "Room 9",
  onlineUrl: "",
  language: "en",
  facilitatorIds: ["b", "a"],
};

describe("the group edit page's version", () => {
  it("names exactly the fields that changed since the page was opened", () => {
    const shown = groupVersion(group);
    expect(changedSince(shown, group)).toEqual([]);
    expect(changedSince(shown, { ...group, capacity: 9, location: "Room 12" })).toEqual(["capacity", "location"]);
    expect(changedSince(shown, { ...group, facilitatorIds: ["a"] })).toEqual(["facilitatorIds"]);
  });

  it("facilitators in another order are the same; a change undone again is no change", () => {
    const shown = groupVersion(group);
    expect(changedSince(shown, { ...group, facilitatorIds: ["a", "b"] })).toEqual([]);
    expect(groupVersion({ ...group, name: "Evening circle" })).toBe(shown);
  });

  it("a version that is not one counts as every field changed", () => {
    expect(changedSince("", group)).toHaveLength(9);
    expect(changedSince("name-zzz~kind", group)).toHaveLength(9);
  });
});
