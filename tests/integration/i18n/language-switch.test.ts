import { describe, expect, it } from "vitest";
import * as root from "~/root";
import * as language from "~/routes/language";
import { callRoute } from "../../factories/requests";
import { createOrgScenario } from "../../factories/scenario";

/** The header's language switch for signed-out visitors: a cookie, a safe way back, junk refused. */
describe("the header's language switch", () => {
  it("keeps the choice in a cookie that the next page reads, over the browser's Accept-Language", async () => {
    const out = await callRoute(language, { path: "/language", form: { locale: "es-ES", returnTo: "/o/riverside/catalogue?day=mon" } });
    expect(out.status).toBe(302);
    expect(out.location).toBe("/o/riverside/catalogue?day=mon");
    const cookie = out.headers!.get("set-cookie")!.split(";")[0];
    expect(cookie).toMatch(/^gs_locale=/);
    const page = await callRoute(root, { path: "/", cookie, headers: { "accept-language": "en-US" } });
    expect((page.data as { locale: string }).locale).toBe("es-ES");
    // Without the cookie the browser's language is the default; without either, US English.
    expect(((await callRoute(root, { path: "/", headers: { "accept-language": "es-AR,es;q=0.8" } })).data as { locale: string }).locale).toBe("es-US");
    expect(((await callRoute(root, { path: "/" })).data as { locale: string }).locale).toBe("en-US");
  });

  it("goes back only to a path of this site", async () => {
    for (const returnTo of ["//evil.example/x", "https://evil.example/", "/\\evil.example", "", "javascript:alert(1)"]) {
      const out = await callRoute(language, { path: "/language", form: { locale: "en-GB", returnTo } });
      expect(out.status).toBe(302);
      expect(out.location).toBe("/");
    }
  });

  it("refuses a language it does not ship, with a message in the page's language, and sets no cookie", async () => {
    for (const locale of ["fr-FR", "es", "", "es-ES; Path=/"]) {
      const out = await callRoute(language, { path: "/language", form: { locale, returnTo: "/" }, headers: { "accept-language": "es-MX" } });
      expect(out.status).toBe(400);
      expect(out.data).toBe("Elija un idioma de la lista.");
      expect(out.headers?.get("set-cookie") ?? null).toBeNull();
    }
  });

  it("a signed-in person's own choice wins over the cookie and the browser", async () => {
    const s = await createOrgScenario();
    const page = await callRoute(root, { path: "/home", cookie: `${s.participant.cookie}; gs_locale=es-ES`, headers: { "accept-language": "es" } });
    expect(s.participant.locale).toMatch(/^en-/);
    expect((page.data as { locale: string }).locale).toBe(s.participant.locale);
  });
});
