import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { IntlMessageFormat } from "intl-messageformat";
import { describe, expect, test } from "vitest";
import { CATALOGS, MESSAGE_TRANSLATIONS } from "~/i18n/catalog";
import { LANGUAGES } from "~/i18n/locales";

/** Every leaf of a catalog as "file.path.to.key" → message. */
function leaves(tree: unknown, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof tree === "string") out.set(prefix, tree);
  else if (tree && typeof tree === "object") {
    for (const [key, value] of Object.entries(tree)) for (const [k, v] of leaves(value, prefix ? `${prefix}.${key}` : key)) out.set(k, v);
  }
  return out;
}

/** The top-level argument names of an ICU message ("{count, plural, …}" → count, "{name}" → name). */
function argumentNames(message: string): string[] {
  const names = new Set<string>();
  let depth = 0;
  for (let i = 0; i < message.length; i++) {
    const c = message[i];
    if (c === "'") {
      const end = message.indexOf("'", i + 1);
      if (end > i + 1) i = end;
      continue;
    }
    if (c === "{") {
      const m = /^\{\s*([A-Za-z][A-Za-z0-9_]*)/.exec(message.slice(i));
      if (m && depth === 0) names.add(m[1]);
      depth++;
    } else if (c === "}") depth--;
  }
  return [...names].sort();
}

const catalogs = Object.fromEntries(LANGUAGES.map((language) => [language, leaves(CATALOGS[language])]));

/** Source files that may call t("…"): the app and the email templates. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

/** Keys the code asks for literally: t("a.b"), t('a.b'), t(`a.b`), i18nKey="a.b". */
function usedKeys(): { key: string; file: string }[] {
  const found: { key: string; file: string }[] = [];
  for (const file of [...sourceFiles("app"), ...sourceFiles("emails")]) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/\bt\(\s*(["'`])([a-zA-Z][\w-]*(?:\.[\w-]+)+)\1/g)) found.push({ key: m[2], file });
    for (const m of text.matchAll(/i18nKey=["']([a-zA-Z][\w-]*(?:\.[\w-]+)+)["']/g)) found.push({ key: m[1], file });
  }
  return found;
}

describe("message catalogs", () => {
  test("every shipped language has exactly the keys English has", () => {
    const english = [...catalogs.en.keys()].sort();
    expect(english.length).toBeGreaterThan(300);
    for (const language of LANGUAGES) {
      const keys = [...catalogs[language].keys()].sort();
      expect({ language, missing: english.filter((k) => !catalogs[language].has(k)) }).toEqual({ language, missing: [] });
      expect({ language, extra: keys.filter((k) => !catalogs.en.has(k)) }).toEqual({ language, extra: [] });
    }
  });

  test("every message is valid ICU and names the same arguments in every language", () => {
    for (const language of LANGUAGES) {
      for (const [key, message] of catalogs[language]) {
        expect(() => new IntlMessageFormat(message, language), `${language} ${key}`).not.toThrow();
        expect(message.trim(), `${language} ${key} is empty`).not.toBe("");
        expect({ key, language, args: argumentNames(message) }).toEqual({ key, language, args: argumentNames(catalogs.en.get(key)!) });
      }
    }
  }, 60_000);

  test("every key the code asks for exists in the catalogs", () => {
    const used = usedKeys();
    expect(used.length).toBeGreaterThan(300);
    const missing = used.filter(({ key }) => !catalogs.en.has(key)).map(({ key, file }) => `${file}: ${key}`);
    expect(missing).toEqual([]);
  });

  test("the Spanish translations of the server's sentences keep their placeholders", () => {
    for (const [english, spanish] of Object.entries(MESSAGE_TRANSLATIONS.es)) {
      const placeholders = (text: string) => [...text.matchAll(/\{([a-zA-Z]+)\}/g)].map((m) => m[1]).sort();
      expect({ english, placeholders: placeholders(spanish) }).toEqual({ english, placeholders: placeholders(english) });
      expect(spanish.trim()).not.toBe("");
    }
  });
});
