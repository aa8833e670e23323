import { describe, expect, it } from "vitest";
import { translateMessage, translatorFor } from "~/i18n/catalog";
import { bindableMetrics, metricLabel } from "~/modules/metrics/definitions";
import { describeMeasure } from "~/ui/metrics-custom-measures";
import { logicMetricName } from "~/ui/outcomes-texts";

const en = translatorFor("en-US") as unknown as (key: string, values?: Record<string, unknown>) => string;
const es = translatorFor("es-ES") as unknown as (key: string, values?: Record<string, unknown>) => string;

describe("the outcomes pages' texts", () => {
  it("a logic model's metrics are named in English exactly as the module names them, and in Spanish otherwise", () => {
    const metrics = bindableMetrics();
    expect(metrics.length).toBeGreaterThan(10);
    for (const m of metrics) {
      expect(logicMetricName(en, m.value)).toBe(metricLabel(m.value));
      expect(logicMetricName(es, m.value)).not.toBe(metricLabel(m.value));
    }
    expect(logicMetricName(es, "outcome_change:permanency")).toBe("Cambio medio desde la línea de base: Estabilidad de la situación de vida");
    expect(logicMetricName(es, "toString")).toBe("toString");
  });

  it("a measure is described in English as before, in Spanish with the same figures", () => {
    const phq = { instrument: "PHQ-9 total score", standardInstrument: true, scoreMin: 0, scoreMax: 27, higherIsBetter: false };
    const wide = { instrument: "Staff rating", standardInstrument: false, scoreMin: -10000, scoreMax: 10000, higherIsBetter: true };
    for (const m of [phq, wide]) expect(describeMeasure(m, en)).toBe(describeMeasure(m));
    expect(describeMeasure(wide, en)).toBe("Staff rating, -10000–10000, higher is better");
    expect(describeMeasure(phq, es)).toBe("PHQ-9 total score (instrumento estandarizado, se ingresa la puntuación total), 0–27, más bajo es mejor");
  });

  it("the sentences the outcome pages' actions and modules write reach a Spanish reader in Spanish", () => {
    expect(translateMessage("“Housing stability” was added. Staff can record it now under the domain “Other”.", "es-ES")).toBe(
      "Se agregó «Housing stability». El personal ya puede registrarla en el área «Otro».",
    );
    expect(translateMessage("“Housing stability” was saved.", "es-ES")).toBe("Se guardó «Housing stability».");
    expect(translateMessage("3 recorded scores fall outside 0–10; keep the range wide enough for them.", "es-ES")).toBe(
      "3 puntuaciones registradas quedan fuera de 0–10; mantenga un rango que las incluya.",
    );
    expect(translateMessage("Keep it under 120 characters.", "es-ES")).toBe("Use menos de 120 caracteres.");
    expect(translateMessage("The logic model was saved.", "en-US")).toBe("The logic model was saved.");
  });
});
