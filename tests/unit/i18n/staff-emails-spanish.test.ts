import { describe, expect, it } from "vitest";
import { attendanceAbsenceAlertEmail } from "~emails/attendance-absence-alert";
import { attendanceMissingEmail } from "~emails/attendance-missing";
import { competencyExpiredEmail, competencyExpiryReminderEmail } from "~emails/competency-expiry";
import { invitationEmail } from "~emails/invitation";
import type { Email } from "~emails/layout";
import { planReviewDueEmail } from "~emails/plan-review-due";
import { recordsNoteOverdueEmail } from "~emails/records-note-overdue";
import { intakeAlertEmail } from "~emails/registration-intake-alert";
import { paperReleaseLetterEmail, paperReleaseRecordedEmail } from "~emails/release-notice";
import { concernAlertEmail, concernReplyEmail } from "~emails/voice-concern";

/** Every email that was English-only, rendered for a Spanish reader: Spanish subject, body, button, footer and lang. */
const locale = "es-ES" as const;
const ENGLISH = /\b(Hello|Please|You receive|Open the|your|the|has|is|was|with|and|of)\b/;

function expectSpanish(mail: Email) {
  expect(mail.html).toContain('<html lang="es-ES">');
  expect(`${mail.subject}\n${mail.text}`).not.toMatch(ENGLISH);
  expect(mail.text).toMatch(/^Hola/);
  expect(mail.text).toMatch(/\n--\nUsted recibe este mensaje porque /);
}

describe("emails to staff and participants in Spanish", () => {
  it("attendance: absences (plural and singular) and attendance not recorded", () => {
    const one = attendanceAbsenceAlertEmail({ facilitatorName: "Fran", participantName: "Pat", groupName: "Grupo A", absences: 1, lastSession: "mar 2 mar 2027, 18:00 CET", url: "u", contact: null, locale });
    expectSpanish(one);
    expect(one.subject).toBe("Hable con Pat: 1 sesión perdida de Grupo A");
    expect(one.text).toContain("Pat faltó a 1 sesión seguida de Grupo A sin avisar (la última, mar 2 mar 2027, 18:00 CET).");
    const three = attendanceAbsenceAlertEmail({ facilitatorName: "Fran", participantName: "Pat", groupName: "Grupo A", absences: 3, lastSession: "x", url: "u", contact: "pat@example.org", locale });
    expectSpanish(three);
    expect(three.text).toContain("faltó a 3 sesiones seguidas");
    expect(three.text).toContain("Permite que los facilitadores de este grupo le contacten: pat@example.org.");
    const missing = attendanceMissingEmail({ name: "Fran", groupName: "Grupo A", when: "mar 2 mar 2027, 18:00 CET", url: "u", locale });
    expectSpanish(missing);
    expect(missing.subject).toBe("Asistencia sin registrar: Grupo A, mar 2 mar 2027, 18:00 CET");
  });

  it("competency reminders and expiry, to the facilitator and about them", () => {
    for (const toFacilitator of [true, false]) {
      const reminder = competencyExpiryReminderEmail({ recipientName: "Sam", facilitatorName: "Fran", toFacilitator, itemName: "RCP", standard: "PA-CSE 2.07", expiresOn: "1 mar 2027", daysLeft: 7, url: "u", locale });
      expectSpanish(reminder);
      expect(reminder.subject).toBe(toFacilitator ? "Su RCP vence en 7 días" : "RCP de Fran vence en 7 días");
      expect(reminder.text).toContain("RCP (PA-CSE 2.07)");
      const expired = competencyExpiredEmail({ recipientName: "Sam", facilitatorName: "Fran", toFacilitator, itemName: "RCP", standard: "", expiredOn: "1 mar 2027", affectedSessions: 1, url: "u", locale });
      expectSpanish(expired);
      expect(expired.text).toContain(toFacilitator ? "Usted dirige 1 próxima sesión" : "Fran dirige 1 próxima sesión");
    }
    expect(competencyExpiryReminderEmail({ recipientName: "Sam", facilitatorName: "Fran", toFacilitator: true, itemName: "RCP", standard: "", expiresOn: "x", daysLeft: 1, url: "u", locale }).subject).toBe("Su RCP vence en 1 día");
  });

  it("an invitation names the role in Spanish", () => {
    const mail = invitationEmail({ organizationName: "Riverside", inviterName: null, role: "manager", url: "u", locale, discreet: false });
    expect(mail.subject).toBe("Invitación a Riverside");
    expect(invitationEmail({ organizationName: "Riverside", inviterName: null, role: "manager", url: "u", locale, discreet: true }).subject).toBe("Tiene una invitación");
    expect(mail.text).toContain("El equipo de la plataforma le invitó a unirse a Riverside como gerente de programa.");
    expect(mail.text).not.toMatch(ENGLISH);
  });

  it("plan reviews, overdue group notes and intake alerts", () => {
    for (const forParticipant of [true, false]) expectSpanish(planReviewDueEmail({ name: "Pat", participantName: "Pat", forParticipant, dueOn: "2027-03-01", url: "u", locale }));
    for (const state of ["missing", "draft"] as const) expectSpanish(recordsNoteOverdueEmail({ name: "Fran", groupName: "Grupo A", when: "x", state, url: "u", locale }));
    for (const crisis of [true, false]) expectSpanish(intakeAlertEmail({ staffName: "Fran", groupName: "Grupo A", crisis, url: "u", locale }));
    expect(intakeAlertEmail({ staffName: "Fran", groupName: "Grupo A", crisis: true, url: "u", locale }).subject).toBe("Respuesta de crisis en una admisión para Grupo A");
  });

  it("paper releases: what is shared and the last day in Spanish", () => {
    const recorded = paperReleaseRecordedEmail({ name: "Pat", organizationName: "Riverside", recipient: "Juzgado 3", shares: ["attendance_dates", "progress_summary"], expiresOn: "2027-12-31", recordedBy: "Sam", url: "u", locale });
    expectSpanish(recorded);
    expect(recorded.text).toContain("Permite enviar cartas a Juzgado 3, compartiendo: fechas de asistencia; resumen del progreso, hasta el final del 31 de diciembre de 2027.");
    expectSpanish(paperReleaseLetterEmail({ name: "Pat", organizationName: "Riverside", recipient: "Juzgado 3", issuedBy: "Sam", url: "u", locale }));
  });

  it("concerns: the alert to managers and the reply to the person", () => {
    for (const kind of ["new", "overdue"] as const) expectSpanish(concernAlertEmail({ name: "Sam", kind, summary: null, url: "u", locale }));
    const reply = concernReplyEmail({ name: "Pat", url: "u", locale });
    expect(reply.subject).toBe("Tiene una respuesta a su queja");
    expect(reply.text).toContain("Leer la respuesta: u");
    expect(reply.text).not.toMatch(ENGLISH);
  });
});
