import { describe, expect, it } from "vitest";
import { notFoundMessage, plural } from "~/ui/wording";

describe("plural", () => {
  it("uses the singular for exactly one and the plural otherwise", () => {
    expect(plural(1, "group")).toBe("1 group");
    expect(plural(0, "group")).toBe("0 groups");
    expect(plural(2, "session")).toBe("2 sessions");
    expect(plural(1, "person", "people")).toBe("1 person");
    expect(plural(5, "person", "people")).toBe("5 people");
    expect(plural(1, "upcoming session")).toBe("1 upcoming session");
  });
  it("groups thousands", () => {
    expect(plural(1200, "participant")).toBe("1,200 participants");
  });
});

describe("notFoundMessage", () => {
  const plain = "It may have moved, or the link may be mistyped.";
  it("explains a missing page in plain words instead of terse or technical messages", () => {
    expect(notFoundMessage("Group not found")).toBe(plain);
    expect(notFoundMessage("We can't find that page.")).toBe(plain);
    expect(notFoundMessage('Error: No route matches URL "/no-such-page"')).toBe(plain);
    expect(notFoundMessage(undefined)).toBe(plain);
    expect(notFoundMessage({ message: "x" })).toBe(plain);
  });
  it("keeps a route's own sentence for people", () => {
    expect(notFoundMessage("This follow-up link is not valid.")).toBe(`This follow-up link is not valid. ${plain}`);
  });
});
