import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { Locale } from "~/i18n/locales";
import { OutcomeChangeCells } from "~/ui/metrics-dashboard";
import { DateStyleProvider } from "~/ui/time";

/**
 * An outcome cell of 1 to 4 people now arrives with no count (people null, suppressed): the row
 * still reads "fewer than 5" / "menos de 5" with the reason, a cell of nobody still reads 0, and a
 * shown cell its count.
 */
const render = (locale: Locale, change: Parameters<typeof OutcomeChangeCells>[0]["change"]) =>
  renderToStaticMarkup(createElement(DateStyleProvider, { value: locale }, createElement("table", null, createElement("tbody", null, createElement("tr", null, createElement(OutcomeChangeCells, { change, peopleCell: { "data-domain": "x" } }))))));
const small = { people: null, suppressed: true, complementary: false, baselineMean: null, latestMean: null, meanChange: null, improved: null };
const cells = (html: string) => [...html.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]);

describe("an outcome row of fewer than 5 people", () => {
  it("reads 'fewer than 5' in English and 'menos de 5' in Spanish, with no figures", () => {
    expect(cells(render("en-US", small))).toEqual(["fewer than 5", "Not shown: fewer than 5 people."]);
    expect(cells(render("es-US", small))).toEqual(["menos de 5", "No se muestra: menos de 5 personas."]);
  });

  it("nobody measured still reads 0; five or more read their count", () => {
    expect(cells(render("en-US", { ...small, people: 0 }))[0]).toBe("0");
    expect(cells(render("en-US", { people: 6, suppressed: false, complementary: false, baselineMean: 2, latestMean: 4, meanChange: 2, improved: 6 }))[0]).toBe("6");
  });
});
