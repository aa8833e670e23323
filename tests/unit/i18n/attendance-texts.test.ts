import { describe, expect, it } from "vitest";
import { translateMessage, translatorFor } from "~/i18n/catalog";
import { NamesakeError } from "~/modules/attendance/walk-ins/mutations.server";
import { ATTENDANCE_STATUSES, STATUS_LABELS, tapTime } from "~/modules/attendance/rules";
import { REDISCLOSURE_NOTICE_42_CFR_2_32 } from "~/modules/consent/wording";
import { STATUS_KEY } from "~/ui/attendance-labels";
import { QUEUE_MESSAGE_KEYS } from "~/ui/attendance-queue";

const en = translatorFor("en-US");
const es = translatorFor("es-ES");

describe("the attendance pages' texts", () => {
  it("English status names on the pages are the rules' labels (CSV and emails use those)", () => {
    for (const status of ATTENDANCE_STATUSES) expect(en(STATUS_KEY[status])).toBe(STATUS_LABELS[status]);
    expect(new Set(ATTENDANCE_STATUSES.map((s) => es(STATUS_KEY[s]))).size).toBe(ATTENDANCE_STATUSES.length);
  });

  it("the printed 42 CFR 2.32 notice is the regulation's wording in English, and translated in Spanish", () => {
    expect(en("attendance.notice.text")).toBe(REDISCLOSURE_NOTICE_42_CFR_2_32);
    expect(es("attendance.notice.text")).toMatch(/^Este registro que se le ha divulgado está protegido por las normas federales de confidencialidad \(42 CFR parte 2\)/);
    expect(es("attendance.notice.text")).toContain("42 CFR 2.12(c)(5) y 2.65.");
  });

  it("the save queue's own messages are catalog texts in both languages", () => {
    for (const key of Object.values(QUEUE_MESSAGE_KEYS)) {
      expect(en(key)).not.toBe(key);
      expect(es(key)).not.toBe(en(key));
    }
    expect(en("attendance.queue.offline", { count: 1 })).toBe("1 mark is not sent yet. Keep this page open: they are saved as soon as the connection is back.");
    expect(en("attendance.queue.offline", { count: 3 })).toBe("3 marks are not sent yet. Keep this page open: they are saved as soon as the connection is back.");
    expect(es("attendance.queue.offline", { count: 3 })).toBe("3 marcas aún no se han enviado. Mantenga esta página abierta: se guardan en cuanto vuelva la conexión.");
  });

  it("the roster summary reads the same in English as before, with Spanish plurals", () => {
    const counts = { attended: 3, present: 2, late: 1, leftEarly: 0, excused: 1, absent: 1, unmarked: 4 };
    expect(en("attendance.summary", counts)).toBe("3 attended (2 present, 1 late, 0 left early) · 1 excused · 1 absent · 4 not marked");
    expect(es("attendance.summary", counts)).toBe("3 asistieron (2 presentes, 1 tarde, 0 salieron temprano) · 1 ausencia justificada · 1 ausente · 4 sin marcar");
  });

  it("sentences the attendance modules write in English reach a Spanish reader in Spanish", () => {
    const one = new NamesakeError("Ana López", [{ userId: "u1", name: "Ana López", emailHint: "a…@e.org", onRoster: false }]);
    expect(translateMessage(one.message, "es-ES")).toBe(
      "Ya hay un participante registrado con el nombre «Ana López». Agregue abajo a esa persona, o marque «Es otra persona» para agregar a alguien nuevo.",
    );
    const two = new NamesakeError("Sam", [
      { userId: "u1", name: "Sam", emailHint: "s…@e.org", onRoster: false },
      { userId: "u2", name: "Sam", emailHint: "t…@e.org", onRoster: true },
    ]);
    expect(translateMessage(two.message, "es-ES")).toMatch(/^Ya hay 2 participantes registrados con el nombre «Sam»\./);
    expect(translateMessage(two.message, "en-US")).toBe(two.message);
    const stale = tapTime(48 * 3_600_000, new Date("2027-03-01T12:00:00Z"));
    expect(stale.ok).toBe(false);
    if (!stale.ok) expect(translateMessage(stale.message, "es-ES")).toBe("Esta marca se hizo sin conexión hace más de 24 horas y no se guardó. Revísela y marque de nuevo.");
  });
});
