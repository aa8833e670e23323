import { describe, expect, it } from "vitest";
import { languageName } from "~/ui/language-name";

describe("a group's language as the reader says it", () => {
  it("names the stored code in the page's language instead of showing 'en'", () => {
    expect(languageName("en", "en-US")).toBe("English");
    expect(languageName("es", "en-US")).toBe("Spanish");
    expect(languageName("en", "es-US")).toBe("inglés");
    expect(languageName("es", "es-ES")).toBe("español");
    expect(languageName(" es ", "en-GB")).toBe("Spanish");
  });

  it("shows a code it cannot name as it was entered", () => {
    expect(languageName("x-klingon!", "en-US")).toBe("x-klingon!");
    expect(languageName("qqq", "en-US")).toBe("qqq");
  });
});

describe("the language namer per locale", () => {
  it("answers each locale in its own language however calls interleave, and survives a locale it cannot build", () => {
    for (let i = 0; i < 3; i++) {
      expect(languageName("en", "es-US")).toBe("inglés");
      expect(languageName("en", "en-US")).toBe("English");
    }
    expect(languageName("en", "not a locale!")).toBe("en");
    for (let i = 0; i < 40; i++) expect(languageName("es", i % 2 ? "es-ES" : `en-x-test${i}`)).toBe(i % 2 ? "español" : "Spanish");
  });
});
