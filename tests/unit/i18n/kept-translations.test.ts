import { describe, expect, it } from "vitest";
import { CATALOGS, i18nFor, translatorFor } from "~/i18n/catalog";

/** Every leaf key of a catalog ("my.groups.title"). */
function keys(tree: unknown, prefix = ""): string[] {
  if (typeof tree === "string") return [prefix];
  if (!tree || typeof tree !== "object") return [];
  return Object.entries(tree).flatMap(([key, value]) => keys(value, prefix ? `${prefix}.${key}` : key));
}

describe("the translate function that keeps number-only texts", () => {
  it("gives exactly i18next's text for every key, with and without numbers, the first time and from what it kept", () => {
    for (const locale of ["en-US", "es-ES"] as const) {
      const kept = translatorFor(locale);
      const plain = i18nFor(locale).t;
      for (const key of keys(CATALOGS.en)) {
        for (const values of [undefined, { count: 1 }, { count: 2, max: 5 }]) {
          const expected = plain(key, values as never);
          expect(kept(key, values as never), `${locale} ${key}`).toBe(expected);
          expect(kept(key, values as never), `${locale} ${key} (kept)`).toBe(expected);
        }
      }
    }
  }, 60_000);

  it("formats texts with a name each time (a name is never kept), and numbers by their value", () => {
    const t = translatorFor("en-US");
    const plain = i18nFor("en-US").t;
    expect(t("email.hello", { name: "Ana" })).toBe(plain("email.hello", { name: "Ana" }));
    expect(t("email.hello", { name: "Bea" })).toBe(plain("email.hello", { name: "Bea" }));
    expect(t("email.hello", { name: "Ana" })).not.toBe(t("email.hello", { name: "Bea" }));
  });
});
