import { describe, expect, it } from "vitest";
import { CATALOGS, i18nFor, translatorFor } from "~/i18n/catalog";

/** Every leaf key of a catalog ("my.groups.title"). */
function keys(tree: unknown, prefix = ""): string[] {
  if (typeof tree === "string") return [prefix];
  if (!tree || typeof tree !== "object") return [];
  return Object.entries(tree).flatMap(([key, value]) => keys(value, prefix ? `${prefix}.${key}` : key));
}

/** The message at a key of a catalog ("my.groups.title"), or "" if it has none. */
function messageAt(tree: unknown, key: string): string {
  const found = key.split(".").reduce<unknown>((node, part) => (node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined), tree);
  return typeof found === "string" ? found : "";
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

  it("gives exactly i18next's text for every key when its arguments are names, also names that look like ICU, i18next or the stand-ins", () => {
    let checked = 0;
    const nasty = ["Ana", "José O'Brien-Núñez", "{count}", "it's {a, plural, other {#}}", "$t(email.hello)", "<b>x</b>", "\uE0000\uE001", "$& $1 $$", ""];
    for (const locale of ["en-US", "es-ES"] as const) {
      const kept = translatorFor(locale);
      const plain = i18nFor(locale).t;
      for (const key of keys(CATALOGS.en)) {
        const message = [CATALOGS.en, CATALOGS[locale === "en-US" ? "en" : "es"]].map((catalog) => messageAt(catalog, key)).join(" ");
        const own = [...new Set([...message.matchAll(/\{\s*([A-Za-z0-9_]+)/g)].map((m) => m[1]))];
        if (own.length === 0) continue;
        checked++;
        // A select's own words ("week" in {period, select, week {…} other {…}}) among the names.
        const words = [...new Set([...message.matchAll(/([A-Za-z0-9_]+)\s*\{/g)].map((m) => m[1]))];
        const candidates = [...nasty, ...words];
        for (let round = 0; round < 3 + words.length; round++) {
          // Every argument a name; then names beside numbers (a plural's count stays a number).
          const values = Object.fromEntries(own.map((name, i) => [name, round === 2 && i % 2 ? i + 1 : round >= 3 ? words[round - 3] : candidates[(i + round * 3) % candidates.length]]));
          const expected = plain(key, values as never);
          expect(kept(key, values as never), `${locale} ${key} ${JSON.stringify(values)}`).toBe(expected);
          expect(kept(key, values as never), `${locale} ${key} (template kept)`).toBe(expected);
        }
      }
    }
    expect(checked).toBeGreaterThan(500);
  }, 60_000);

  it("formats texts with a name each time (a name is never kept), and numbers by their value", () => {
    const t = translatorFor("en-US");
    const plain = i18nFor("en-US").t;
    expect(t("email.hello", { name: "Ana" })).toBe(plain("email.hello", { name: "Ana" }));
    expect(t("email.hello", { name: "Bea" })).toBe(plain("email.hello", { name: "Bea" }));
    expect(t("email.hello", { name: "Ana" })).not.toBe(t("email.hello", { name: "Bea" }));
  });
});

describe("the server's English sentences in Spanish", () => {
  it("uses the most specific template that fits: a short one from one area does not catch another area's longer sentence", async () => {
    const { translateMessage, MESSAGE_TRANSLATIONS } = await import("~/i18n/catalog");
    const table = MESSAGE_TRANSLATIONS.es;
    // Every template gives its own translation for a sentence it was written for, whatever other
    // templates of other areas also fit it.
    const fill = (template: string) => template.replace(/\{[a-zA-Z]+\}/g, "7");
    // Each template's pattern built once (building them anew for every pair took over 5 s of the
    // unit run on a busy machine once the catalogue had grown).
    const patterns = Object.keys(table)
      .filter((t) => t.includes("{"))
      .map((t) => [t, new RegExp(`^${t.split(/\{[a-zA-Z]+\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("(.+?)")}$`, "s")] as const);
    let checked = 0;
    for (const [template, translation] of Object.entries(table)) {
      if (!template.includes("{")) continue;
      const sentence = fill(template);
      if (table[sentence] !== undefined) continue;
      const fits = patterns.filter(([, pattern]) => pattern.test(sentence)).map(([t]) => t);
      const fixed = (t: string) => t.replace(/\{[a-zA-Z]+\}/g, "").length;
      // Only where this template is the single most specific one that fits.
      if (fits.some((t) => t !== template && fixed(t) >= fixed(template))) continue;
      expect(translateMessage(sentence, "es-ES"), template).toBe(fill(translation));
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });
});
