import { describe, expect, it } from "vitest";
import { csvFile, csvHeaderIn, UTF8_BOM } from "~/modules/export/csv";

describe("CSV header rows in the downloader's language", () => {
  const header = ["Participant", "Email", "Mark", "Arrived (America/Chicago)", "Rated 3", "Wellbeing: people", "Wellbeing: mean change", "Funder report: Riverside"];

  it("English is the header as written; Spanish names each column, keeping zones and data names", () => {
    expect(csvHeaderIn(header, "en-US")).toEqual(header);
    expect(csvHeaderIn(header, undefined)).toEqual(header);
    expect(csvHeaderIn(header, "es-US")).toEqual([
      "Participante",
      "Correo electrónico",
      "Marca",
      "Llegada (America/Chicago)",
      "Puntuación 3",
      "Wellbeing: personas",
      "Wellbeing: cambio medio",
      "Informe para financiadores: Riverside",
    ]);
  });

  it("only the header row changes: byte-order mark, notice, formula safety and data cells stay", () => {
    const rows = [["=SUM(A1)", "2027-03-02T23:00:00.000Z", "present"]];
    const english = csvFile(["Participant", "Arrived (UTC)", "Mark"], rows, { redisclosureNotice: true });
    expect(csvFile(["Participant", "Arrived (UTC)", "Mark"], rows, { redisclosureNotice: true, locale: "en-GB" })).toBe(english);
    const spanish = csvFile(["Participant", "Arrived (UTC)", "Mark"], rows, { redisclosureNotice: true, locale: "es-ES" });
    expect(spanish.startsWith(`${UTF8_BOM}"Notice (42 CFR 2.32): `)).toBe(true);
    const [, , head, data] = spanish.split("\r\n");
    expect(head).toBe("Participante,Llegada (UTC),Marca");
    expect(data).toBe(`"'=SUM(A1)",2027-03-02T23:00:00.000Z,present`);
    expect(spanish.replace(head, "")).toBe(english.replace("Participant,Arrived (UTC),Mark", ""));
  });
});
