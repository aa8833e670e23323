import { describe, expect, it } from "vitest";
import { translateMessage, translatorFor } from "~/i18n/catalog";
import { DOMAIN_LABELS, formatFigure, METRIC_INFO, OUTCOME_DOMAINS, resolvePeriod, type MetricFormat } from "~/modules/metrics/definitions";
import { DIMENSION_LABELS } from "~/modules/demographics/dimensions";
import { DOMAIN_KEYS, dayIn, figureIn, METRIC_KEYS, periodLabelIn } from "~/ui/metrics-texts";

const en = translatorFor("en-US");
const es = translatorFor("es-ES");

describe("the metrics pages' texts", () => {
  it("English figures, metric names and definitions are the module's own, byte for byte", () => {
    const formats: (MetricFormat | "change")[] = ["count", "percent", "hours", "days", "change"];
    for (const format of formats) for (const v of [null, 0, 1, 0.6254, 12.345, 1234.5, -0.5]) expect(figureIn("en-US", v, format)).toBe(formatFigure(v, format));
    for (const [metric, key] of Object.entries(METRIC_KEYS)) {
      const info = METRIC_INFO[metric as keyof typeof METRIC_INFO];
      expect(en(`metrics.metric.${key}.label`)).toBe(info.label);
      // Retention names its rule's numbers exactly as the dashboard always did (the first "N of" and "first M").
      const defined = metric === "retention_rate" ? info.definition.replace("N of", "3 of").replace("first M", "first 4") : info.definition;
      expect(en(`metrics.metric.${key}.definition`, { attended: "3", of: "4" })).toBe(defined);
    }
    for (const domain of OUTCOME_DOMAINS) expect(en(DOMAIN_KEYS[domain])).toBe(DOMAIN_LABELS[domain]);
    for (const [dimension, label] of Object.entries(DIMENSION_LABELS)) expect(en(`metrics.funder.dimension.${dimension}`)).toBe(label);
  });

  it("Spanish figures use a decimal comma, a spaced percent sign and Spanish month names", () => {
    expect(figureIn("es-ES", 0.6254, "percent")).toBe("62,5 %");
    expect(figureIn("es-ES", 813.66, "hours")).toBe("813,7 h");
    expect(figureIn("es-ES", 1, "days")).toBe("1 día");
    expect(figureIn("es-ES", 3.25, "days")).toBe("3,3 días");
    expect(figureIn("es-ES", 12345, "count")).toBe("12.345");
    expect(figureIn("es-ES", 1234, "count")).toBe("1234");
    expect(figureIn("es-ES", -0.5, "change")).toBe("-0,5");
    expect(figureIn("es-ES", null, "percent")).toBe("—");
    expect(dayIn("es-ES", "2026-09-01")).toBe("1 sept 2026");
    expect(dayIn("en-US", "2026-09-01")).toBe("1 Sep 2026");
  });

  it("a period is named from its key: the module's label in English, its Spanish form otherwise", () => {
    for (const key of ["last-12-months", "2026", "2026-Q3", "2026-07"]) {
      const period = resolvePeriod(key, {}, "2026-12-05")!;
      expect(periodLabelIn(en, "en-US", period)).toBe(period.label);
    }
    const at = (key: string, custom = {}) => periodLabelIn(es, "es-ES", resolvePeriod(key, custom, "2026-12-05")!);
    // The 12 months ending today (5 December), not the rest of December.
    expect(at("last-12-months")).toBe("Últimos 12 meses (6 dic 2025 – 5 dic 2026)");
    expect(periodLabelIn(en, "en-US", resolvePeriod("last-12-months", {}, "2026-12-05")!)).toBe("Last 12 months (6 Dec 2025 – 5 Dec 2026)");
    expect(at("2026-Q3")).toBe("T3 2026");
    expect(at("2026-07")).toBe("jul 2026");
    expect(at("custom", { from: "2026-02-01", to: "2026-02-28" })).toBe("1 feb 2026 – 28 feb 2026");
  });

  it("the evidence's and the dashboard's English sentences have Spanish forms, names kept", () => {
    expect(translateMessage("Programs with a logic model", "es-ES")).toBe("Programas con modelo lógico");
    expect(translateMessage("Concerns without a response after 5 days", "es-ES")).toBe("Quejas sin respuesta después de 5 días");
    expect(translateMessage("Ana Ruiz (intake 2026-01-02)", "es-ES")).toBe("Ana Ruiz (admisión 2026-01-02)");
    expect(translateMessage("Ana Ruiz: 2 groups, 1 participant (1 urgent; load 3)", "es-ES")).toBe("Ana Ruiz: 2 grupos, 1 participante (urgentes: 1; carga 3)");
    expect(translateMessage("589 attended of 684; 80 excused absences left out; 18 walk-ins", "es-ES")).toBe(
      "589 asistencias de 684; 80 ausencias justificadas no contadas; 18 sin inscripción previa",
    );
    expect(translateMessage("Program: Recovery & Life Skills", "es-ES")).toBe("Programa: Recovery & Life Skills");
    expect(translateMessage("Programs with a logic model", "en-US")).toBe("Programs with a logic model");
  });
});
