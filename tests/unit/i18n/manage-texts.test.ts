import { describe, expect, test } from "vitest";
import { translateMessage, translatorFor } from "~/i18n/catalog";
import { describeProgress } from "~/modules/completion/criteria";
import { plural } from "~/ui/wording";

/**
 * The staff hub's counted texts (issue 18): Spanish nouns agree with the count through ICU plurals
 * (plural() writes English only), English reads exactly as plural() wrote it before, and the
 * sentences the server writes in English (progress lines, plan warnings) come out in Spanish.
 */
const en = translatorFor("en-US");
const es = translatorFor("es-ES");

describe("staff hub plurals", () => {
  test("English is what plural() wrote, for 0, 1, 2 and 1,000", () => {
    for (const n of [0, 1, 2, 1000]) {
      expect(en("manage.home.programCount", { count: n })).toBe(`${plural(n, "program")}.`);
      expect(en("manage.home.groupCount", { count: n })).toBe(`— ${plural(n, "group")}`);
      expect(en("manage.waitlist.counts", { enrolled: 3, offered: 0, waiting: 1, seats: n })).toBe(`3 enrolled, 0 offered, 1 waiting — ${plural(n, "seat")}.`);
      expect(en("manage.round.answered", { responded: n, count: n })).toBe(`${n} of ${plural(n, "person", "people")} asked ${n === 1 ? "has" : "have"} answered.`);
    }
  });

  test("Spanish nouns agree with the count", () => {
    expect(es("manage.home.programCount", { count: 1 })).toBe("1 programa.");
    expect(es("manage.home.programCount", { count: 2 })).toBe("2 programas.");
    expect(es("manage.home.programCount", { count: 0 })).toBe("0 programas.");
    expect(es("manage.home.peopleCounts", { members: 1, invitations: 3 })).toBe("1 miembro, 3 invitaciones abiertas.");
    expect(es("manage.group.about", { kind: "Clase", program: "P", seats: 1, language: "español" })).toBe("Clase · P · 1 lugar · en español");
    expect(es("manage.plan.seats", { taken: 4, count: 8, sessions: 1 })).toBe("4 de 8 lugares · 1 sesión");
    expect(es("manage.round.due", { count: 1 })).toBe("1 persona no ha respondido y se le puede enviar un recordatorio por correo.");
    expect(es("manage.round.due", { count: 3 })).toBe("3 personas no han respondido y se les puede enviar un recordatorio por correo.");
    expect(es("manage.criteria.sentence", { min: 1, max: 2 })).toBe("Asistir al menos a 1 sesión y tener como máximo 2 ausencias sin justificar.");
  });
});

describe("sentences the server writes for these pages", () => {
  const progress = { attended: 3, required: 8, unexcusedAbsences: 1, maxUnexcusedAbsences: 2, remaining: 5, upcomingSessions: 6, attendanceMet: false, absencesWithinLimit: true, met: false, stillPossible: true };
  test("a participant's progress line", () => {
    const line = describeProgress(progress as Parameters<typeof describeProgress>[0]);
    expect(line).toBe("3 of 8 sessions attended; 5 more to complete");
    expect(translateMessage(line, "es-ES")).toBe("3 de 8 sesiones con asistencia; faltan 5 para completar");
    expect(translateMessage(line, "en-US")).toBe(line);
    const late = describeProgress({ ...progress, stillPossible: false, upcomingSessions: 1 } as Parameters<typeof describeProgress>[0]);
    expect(translateMessage(late, "es-ES")).toBe("3 de 8 sesiones con asistencia; faltan 5, pero solo queda 1 sesión; hable con su facilitador");
  });

  test("a plan's warnings and a refused program", () => {
    expect(translateMessage("Cohort 2: 3 participants are not available for every session.", "es-ES")).toBe("Cohorte 2: 3 participantes no están disponibles para todas las sesiones.");
    expect(translateMessage("Cohort 1 has 1 participant; the minimum is 3.", "es-ES")).toBe("La cohorte 1 tiene 1 participante; el mínimo es 3.");
    expect(translateMessage("Enter a program name.", "es-ES")).toBe("Ingrese un nombre para el programa.");
  });
});

test("no session left reads as such in Spanish", () => {
  expect(translateMessage("3 of 5 sessions attended; 2 more needed but only 0 sessions are left — please talk to your facilitator", "es-ES")).toBe(
    "3 de 5 sesiones con asistencia; faltan 2 y no quedan sesiones; hable con su facilitador",
  );
});

test("one person enrolled is singular in Spanish", () => {
  expect(es("manage.home.leadingLine", { kind: "Clase", enrolled: 1 })).toBe("(Clase, 1 inscrito) — próxima:");
  expect(es("manage.waitlist.counts", { enrolled: 1, offered: 0, waiting: 2, seats: 12 })).toBe("1 inscrito, 0 con oferta, 2 en espera — 12 lugares.");
  expect(es("manage.plan.slotOption", { day: "Lun", time: "18:00", available: 1 })).toBe("Lun 18:00 · 1 libre");
  expect(en("manage.home.leadingLine", { kind: "Class", enrolled: 1 })).toBe("(Class, 1 enrolled) — next:");
});
