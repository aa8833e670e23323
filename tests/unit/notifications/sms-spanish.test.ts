import { describe, expect, it } from "vitest";
import { checkInText, confirmationCodeText, encodedLength, encodingOf, helpText, offerText, reminderText, seatGivenText, segmentCount, sessionChangeText } from "~/modules/notifications/sms/message";
import { formatInZone } from "~/modules/time/zoned";

describe("text messages in Spanish", () => {
  const long = "Riverside Community Behavioral Health and Family Services Association of the Greater Valley";
  const url = "https://groups.example-agency.org/groups/6f1c2a4e-8b1d-4c3e-9f0a-1b2c3d4e5f60";
  // A Monday, in the 12-hour Spanish style (the longest date): "lun 15 mar 2027, 6:00 p. m. PDT".
  const monday = formatInZone(new Date("2027-03-16T01:00:00Z"), "America/Los_Angeles", "es-US");
  const tuesday = formatInZone(new Date("2027-03-17T01:00:00Z"), "America/Los_Angeles", "es-US");
  const texts = (when: string, locale: "es-ES" | "es-US") => [
    reminderText({ organizationName: long, when, url, locale }),
    offerText({ organizationName: long, until: when, url: "https://groups.example-agency.org/my/groups", locale }),
    sessionChangeText({ organizationName: long, change: "moved", when, newWhen: tuesday, url: "https://groups.example-agency.org/home", locale }),
    sessionChangeText({ organizationName: long, change: "moved", when, url: "https://groups.example-agency.org/home", locale }),
    sessionChangeText({ organizationName: long, change: "cancelled", when, url: "https://groups.example-agency.org/home", locale }),
    seatGivenText({ organizationName: long, url: "https://groups.example-agency.org/my/groups", locale }),
    checkInText({ organizationName: long, when: "6:00 p. m. PDT", url: "https://groups.example-agency.org/checkin", locale }),
    confirmationCodeText(long, "123456", locale),
    helpText({ organizationName: long, contactPhone: "(555) 010-1000", contactEmail: "hola@riverside.org", url: "https://groups.example-agency.org", locale }),
  ];

  it("is written in Spanish and, with a GSM-7 date, stays in one GSM-7 segment like the English", () => {
    expect(monday).toBe("lun 15 mar 2027, 6:00 p. m. PDT");
    for (const text of texts(monday, "es-US")) {
      expect(encodingOf(text), text).toBe("GSM-7");
      expect(encodedLength(text), text).toBeLessThanOrEqual(160);
      expect(text, text).not.toMatch(/\b(your|reminder|seat|Reply|Help|code is)\b/);
    }
    const [reminder, offer, moved, movedSomewhen, cancelled, seat, checkIn, code, help] = texts(monday, "es-US");
    expect(reminder).toBe(`recordatorio: grupo el ${monday}. ${url} Baja: responda STOP`);
    expect(offer).toMatch(/^Riverside.*\.\.\.: le guardamos un lugar hasta el lun 15 mar 2027, 6:00 p\. m\. PDT\. Acepte o rechace: https:\/\/groups\.example-agency\.org\/my\/groups Baja: responda STOP$/);
    expect(moved).toContain(`su grupo del ${monday} pasa al ${tuesday}.`);
    expect(movedSomewhen).toContain(`su grupo del ${monday} cambia de hora.`);
    expect(cancelled).toContain(`se ha cancelado su grupo del ${monday}.`);
    expect(seat).toContain("se ha liberado un lugar en el grupo y ahora es suyo. Detalles: https://groups.example-agency.org/my/groups");
    expect(checkIn).toContain("ya puede registrar su llegada al grupo (6:00 p. m. PDT): https://groups.example-agency.org/checkin");
    expect(code).toMatch(/^Riverside Community.*: su clave es 123456\. Caduca en 10 minutos\. Si no la ha pedido, ignore este mensaje\.$/);
    expect(help).toContain("mensajes de sus grupos. Ayuda: (555) 010-1000 o hola@riverside.org. Responda STOP para dejar de recibirlos y START para volver a recibirlos.");
  });

  it("a Saturday's date (sáb) makes a text UCS-2, and the segment count says so", () => {
    const saturday = formatInZone(new Date("2027-03-20T17:00:00Z"), "Europe/Madrid", "es-ES");
    expect(saturday).toBe("sáb 20 mar 2027, 18:00 GMT+1");
    const text = reminderText({ organizationName: "Riverside", when: saturday, url: "https://g.example/groups/1", locale: "es-ES" });
    expect(text).toBe(`Riverside: recordatorio: grupo el ${saturday}. https://g.example/groups/1 Baja: responda STOP`);
    expect(encodingOf(text)).toBe("UCS-2");
    expect(segmentCount(text)).toBe(2);
  });
});
