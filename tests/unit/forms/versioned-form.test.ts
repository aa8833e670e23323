import { describe, expect, it } from "vitest";
import { StaleSave, UnversionedSave } from "~/modules/errors";
import { listText, versionedForm } from "~/modules/forms/versions";

/** The shared check of a versioned form (modules/forms/versions.ts), as every such save runs it. */
const form = versionedForm(
  ["title", "tags"] as const,
  (r: { title: string; tags: string[] } | null) => ({ title: r?.title, tags: listText(r?.tags) }),
  "Changed meanwhile.",
);

describe("versionedForm", () => {
  const saved = { title: "Budgeting", tags: ["money", "home"] };
  const shown = form.version(saved);

  it("a save on the version the page showed passes; a caller outside a form is not compared", () => {
    expect(() => form.assertUnchanged(shown, saved)).not.toThrow();
    expect(() => form.assertUnchanged(undefined, { title: "Other", tags: [] })).not.toThrow();
  });

  it("a list in another order, and a change put back again, are no change", () => {
    expect(() => form.assertUnchanged(shown, { title: "Budgeting", tags: ["home", "money"] })).not.toThrow();
    expect(form.version({ ...saved, title: "Budgeting" })).toBe(shown);
  });

  it("a version some fields changed since is refused, naming them and carrying the current version", () => {
    const now = { title: "Budgeting at home", tags: ["money"] };
    const thrown = (() => {
      try {
        form.assertUnchanged(shown, now);
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toBeInstanceOf(StaleSave);
    expect(thrown).toMatchObject({ message: "Changed meanwhile.", changed: ["title", "tags"], current: form.version(now) });
  });

  it("a form that named no version is refused with the current version; no record reads as empty fields", () => {
    expect(() => form.assertUnchanged(null, saved)).toThrow(UnversionedSave);
    expect(form.changedSince(form.version(null), { title: "", tags: [] })).toEqual([]);
    expect(form.changedSince(form.version(null), saved)).toEqual(["title", "tags"]);
  });
});
