import { describe, expect, it } from "vitest";
import { localeOfMatches, pageTitle } from "~/ui/i18n";

/** The page's language from the loaders' data: the root's, unless a route names the page's own (an invitation's). */
describe("the page's language among the route matches", () => {
  const root = { id: "root", data: { locale: "en-US" } };
  it("is the root's when no route names one", () => {
    expect(localeOfMatches([root, { id: "routes/login", data: { locale: "es-ES" } }])).toBe("en-US");
    expect(localeOfMatches([{ id: "root", data: undefined }])).toBe("en-US");
  });
  it("is the deepest route's pageLocale, and the title follows it", () => {
    const invite = { id: "routes/invite.$token", data: { pageLocale: "es-ES", invitation: null } };
    expect(localeOfMatches([root, invite])).toBe("es-ES");
    expect(localeOfMatches([root, { id: "layout", data: { pageLocale: "en-GB" } }, invite])).toBe("es-ES");
    expect(pageTitle([root, invite], "participant.invite.pageTitle")).toBe("Aceptar la invitación · Group Sessions");
  });
  it("ignores a pageLocale that is not one of the app's locales", () => {
    expect(localeOfMatches([root, { id: "x", data: { pageLocale: "fr-FR" } }])).toBe("en-US");
  });
});
