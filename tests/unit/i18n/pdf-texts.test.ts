import { describe, expect, it } from "vitest";
import { decimalIn, renderCertificatePdf, type CertificateFacts } from "~/modules/completion/certificate";
import { pdfFonts } from "~/modules/completion/pdf-fonts.server";
import { letterSections, renderLetterPdf, type LetterFacts } from "~/modules/completion/releases/letter";
import { pdfText } from "../../factories/pdf";

const certificate = (overrides: Partial<CertificateFacts> = {}): CertificateFacts => ({
  organizationName: "Riverside",
  participantName: "José Núñez",
  programName: "Program",
  startedOn: "2027-01-05",
  completedOn: "2027-03-02",
  hoursAttended: "12.0",
  verificationCode: "ABCD-EFGH",
  verifyUrl: "https://g.example/verify/ABCD-EFGH",
  issuedAt: new Date("2027-03-02T12:00:00Z"),
  logo: null,
  ...overrides,
});

const letter = (overrides: Partial<LetterFacts> = {}): LetterFacts => ({
  reference: "AB12CD34",
  organizationName: "Riverside",
  organizationContact: "",
  issuedOn: "2 de marzo de 2027",
  recipient: { name: "Officer Dana Reyes", organization: "County Probation", contact: "dana@probation.example" },
  participantName: "Ruth Suárez",
  programName: "Program",
  groupName: "Grupo uno",
  purpose: "Prueba de asistencia",
  release: { signedOn: "2027-03-01", expiresOn: "2027-06-01", method: "in_app" },
  sections: [{ item: "progress_summary", heading: "Resumen del progreso", lines: ["El programa no fija requisitos de finalización."] }],
  issuedBy: "Sam, Gerente de programa",
  part2Notice: null,
  locale: "es-ES",
  ...overrides,
});

describe("PDF texts", () => {
  it("a bold 'u' keeps its character after another PDF printed a bold 'ú' (the shared parsed font)", async () => {
    // Before: the certificate's bold "Núñez" made the later letter's bold headings read "As nto", "R th S árez", "Res men".
    await pdfText(await renderCertificatePdf(certificate(), await pdfFonts()));
    const text = await pdfText(await renderLetterPdf(letter(), await pdfFonts(), new Date("2027-03-02T12:00:00Z")));
    expect(text).toContain("Asunto: Ruth Suárez, Program (Grupo uno)");
    expect(text).toContain("Resumen del progreso");
    expect(text).toContain("Sam, Gerente de programa, en nombre de Riverside");
  });

  it("the certificate in Spanish and in English", async () => {
    const spanish = await pdfText(await renderCertificatePdf(certificate({ locale: "es-US" }), await pdfFonts()));
    expect(spanish).toBe("Riverside Certificado de finalización Se certifica que José Núñez ha completado Program del 2027-01-05 al 2027-03-02, con 12,0 horas de asistencia Código de verificación: ABCD-EFGH Compruébelo en https://g.example/verify/ABCD-EFGH");
    const english = await pdfText(await renderCertificatePdf(certificate(), await pdfFonts()));
    expect(english).toBe("Riverside Certificate of completion This certifies that José Núñez has completed Program from 2027-01-05 to 2027-03-02, 12.0 hours attended Verification code: ABCD-EFGH Check it at https://g.example/verify/ABCD-EFGH");
  });

  it("a letter's sections in Spanish: dates, plurals, outcome and requirements", () => {
    const day = (d: number) => new Date(Date.UTC(2027, 2, d, 23));
    const sessions = [1, 2, 3].map((d) => ({ id: `s${d}`, startsAt: day(d), endsAt: new Date(day(d).getTime() + 90 * 60_000), status: "held" as const }));
    const marks = [
      { sessionId: "s1", status: "present" as const, walkIn: false },
      { sessionId: "s2", status: "late" as const, walkIn: false },
      { sessionId: "s3", status: "absent" as const, walkIn: false },
    ];
    const base = { sessions, marks, enrolmentStatus: "enrolled", startedOn: "2027-02-20", left: null, zone: "Europe/Madrid", now: day(10), locale: "es-ES" as const };
    const sections = letterSections({
      ...base,
      shares: ["attendance_dates", "attendance_totals", "completion_status", "progress_summary"],
      outcome: { outcome: "discharged", endedOn: "2027-03-05", endedAt: day(5), reason: "no_longer_attending" },
      criteria: { minSessionsAttended: 1, maxUnexcusedAbsences: 1 },
    });
    expect(sections.map((s) => s.heading)).toEqual(["Fechas de asistencia", "Totales de asistencia", "Estado de finalización", "Resumen del progreso"]);
    expect(sections[0].lines).toEqual(["mar 2 mar 2027; mié 3 mar 2027"]);
    expect(sections[1].lines).toEqual(["Asistió a 2 de las 3 sesiones realizadas (3,0 horas).", "Ausencias justificadas: 0. Ausencias no justificadas: 1."]);
    expect(sections[2].lines).toEqual(["Fue dado/a de alta el 5 de marzo de 2027 (dejó de asistir)."]);
    expect(sections[3].lines).toEqual(["Para completarlo hay que asistir al menos a 1 sesión, con no más de 1 ausencia no justificada.", "Ha cumplido los requisitos de finalización."]);
    const english = letterSections({ ...base, locale: undefined, shares: ["completion_status"], outcome: null, criteria: null });
    expect(english).toEqual([{ item: "completion_status", heading: "Completion status", lines: ["Taking part since February 20, 2027; has not finished the program yet."] }]);
  });

  it("decimals follow the document's language (hours: 12.5 in English, 12,5 in Spanish), English as stored", async () => {
    expect(decimalIn("en-US", "12.5")).toBe("12.5");
    expect(decimalIn("en-GB", "1234.5")).toBe("1234.5");
    expect(decimalIn("es-ES", "1234.5")).toBe("1234,5");
    expect(decimalIn("es-US", 3)).toBe("3,0");
    expect(decimalIn("es-US", "n/a")).toBe("n/a");
    const spanish = await pdfText(await renderCertificatePdf(certificate({ locale: "es-ES", hoursAttended: "7.5" }), await pdfFonts()));
    expect(spanish).toContain("con 7,5 horas de asistencia");
    const english = await pdfText(await renderCertificatePdf(certificate({ hoursAttended: "7.5" }), await pdfFonts()));
    expect(english).toContain("7.5 hours attended");
  });
});
