import { describe, expect, it } from "vitest";
import * as languageRoute from "~/routes/language";
import { callRoute } from "../../factories/requests";

// The header's language switch for signed-out visitors goes back to the page it was used on:
// only ever a path of this site, and never a 500 on a control character.
describe("the language switch's return path", () => {
  it("goes back to a path of this site, with the language kept in a cookie", async () => {
    const out = await callRoute(languageRoute, { path: "/language", form: { locale: "es-US", returnTo: "/o/riverside/catalogue?day=mon" } });
    expect(out.status).toBe(302);
    expect(out.location).toBe("/o/riverside/catalogue?day=mon");
    const cookie = /^gs_locale=([^;]+)/.exec(out.headers?.get("set-cookie") ?? "");
    expect(Buffer.from(decodeURIComponent(cookie![1]), "base64").toString()).toBe('"es-US"');
  });

  it("goes home instead of to another site or a broken header (newline, tab, backslash, //)", async () => {
    for (const returnTo of ["/\n/evil.example", "/\t/evil.example", "/\\evil.example", "//evil.example", "https://evil.example/", "/%0A/x\r\nSet-Cookie: a=b"]) {
      const out = await callRoute(languageRoute, { path: "/language", form: { locale: "es-US", returnTo } });
      expect(out.status, JSON.stringify(returnTo)).toBe(302);
      expect(out.location, JSON.stringify(returnTo)).toBe("/");
    }
  });
});
