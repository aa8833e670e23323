import { describe, expect, it } from "vitest";
import { loadLanguage, translateMessage } from "~/i18n/catalog";

/** The server's sentences on participant pages reach a Spanish reader wholly in Spanish. */
describe("participant pages' server sentences in Spanish", () => {
  it("rate limits name what was counted in Spanish; row errors keep their row number; English is unchanged", async () => {
    await loadLanguage("es");
    const cases: [string, string][] = [
      [
        "Too many requests: 60 certificate codes were checked from your network in the last hour. Try again in 12 minutes.",
        "Demasiadas solicitudes: se comprobaron 60 códigos de certificado desde su red en la última hora. Inténtelo de nuevo en 12 minutos.",
      ],
      [
        "Too many requests: 20 invitations were answered from your network in the last hour. Try again in 1 minute.",
        "Demasiadas solicitudes: se respondieron 20 invitaciones desde su red en la última hora. Inténtelo de nuevo en 1 minuto.",
      ],
      [
        "Too many requests: 10 wrong check-in codes were entered on your account in the last hour. Try again in 5 minutes. Ask your facilitator to mark you present.",
        "Demasiadas solicitudes: se escribieron 10 códigos de llegada incorrectos en su cuenta en la última hora. Inténtelo de nuevo en 5 minutos. Pida a su facilitador que lo marque como presente.",
      ],
      ["The end must differ from the start (row 3). For a window past midnight, enter an end earlier than the start.", "El fin debe ser distinto del inicio (fila 3). Para una franja que pasa de la medianoche, escriba un fin anterior al inicio."],
      ["Type your name as it is on your account (Pat Participant) to sign.", "Escriba su nombre como figura en su cuenta (Pat Participant) para firmar."],
      ["That code is not right. 3 tries left.", "Ese código no es correcto. Le quedan 3 intentos."],
    ];
    for (const [english, spanish] of cases) {
      expect(translateMessage(english, "es-ES")).toBe(spanish);
      expect(translateMessage(english, "en-US")).toBe(english);
    }
  });
});
