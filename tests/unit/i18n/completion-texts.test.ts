import { describe, expect, test } from "vitest";
import { translatorFor } from "~/i18n/catalog";
import { describeProgress, describeShortfall, evaluateCompletion, type CriteriaMark, type CriteriaSession } from "~/modules/completion/criteria";
import { progressText, shortfallText, withCompletionRefusal } from "~/ui/completion-texts";

/**
 * Completion progress and the completion refusal's shortfall (issue 18 leftover: composed in
 * English in the module and shown so on Spanish pages): the pages word the figures; English reads
 * exactly as the module writes it.
 */
const en = translatorFor("en-US");
const es = translatorFor("es-ES");
const DAY = 86_400_000;
const now = new Date("2027-03-10T12:00:00Z");
const sessions: CriteriaSession[] = [-5, -4, -3, -2, 1, 2].map((d, i) => ({ id: `s${i}`, startsAt: new Date(now.getTime() + d * DAY), status: d < 0 ? "held" : "scheduled" }));
const mark = (i: number, status: CriteriaMark["status"]): CriteriaMark => ({ sessionId: `s${i}`, status, walkIn: false });

const cases = [
  { criteria: { minSessionsAttended: 1, maxUnexcusedAbsences: null }, marks: [] },
  { criteria: { minSessionsAttended: 4, maxUnexcusedAbsences: 2 }, marks: [mark(0, "present"), mark(1, "absent")] },
  { criteria: { minSessionsAttended: 2, maxUnexcusedAbsences: 1 }, marks: [mark(0, "present"), mark(1, "absent"), mark(2, "absent"), mark(3, "absent")] },
  { criteria: { minSessionsAttended: 6, maxUnexcusedAbsences: null }, marks: [mark(0, "late"), mark(1, "excused")] },
  { criteria: { minSessionsAttended: 7, maxUnexcusedAbsences: null }, marks: [] },
  { criteria: { minSessionsAttended: 2, maxUnexcusedAbsences: 3 }, marks: [mark(0, "present"), mark(1, "left_early")] },
].map((c) => evaluateCompletion({ ...c, sessions, now }));

describe("completion words", () => {
  test("English is the module's progress line and shortfall, for met, short, too many absences and no longer possible", () => {
    for (const p of cases) {
      expect(progressText(en, p)).toBe(describeProgress(p));
      expect(shortfallText(en, "Pat", p)).toBe(`Pat has not met the completion criteria: ${describeShortfall(p)}.`);
    }
  });

  test("Spanish has none of the module's English", () => {
    const english = /sessions? attended|unexcused|allowed|has not met|completion criteria|more to complete|talk to your facilitator/;
    for (const p of cases) {
      expect(progressText(es, p)).not.toMatch(english);
      expect(shortfallText(es, "Pat", p)).not.toMatch(english);
    }
    expect(shortfallText(es, "Pat", cases[2])).toBe("Pat no cumplió los criterios para completar: 1 de 2 sesiones con asistencia; 3 ausencias sin justificar (se permiten como máximo 1).");
    expect(shortfallText(es, "Pat", cases[0])).toBe("Pat no cumplió los criterios para completar: 0 de 1 sesión con asistencia.");
  });

  test("a refused completion sent as figures is shown in Spanish beside the outcome; other failures are left alone", () => {
    const failure = { errors: { outcome: [`Pat has not met the completion criteria: ${describeShortfall(cases[1])}.`] }, values: {}, details: { completion: { name: "Pat", progress: cases[1] } } };
    expect(withCompletionRefusal(es, failure)?.errors?.outcome).toEqual(["Pat no cumplió los criterios para completar: 1 de 4 sesiones con asistencia."]);
    const other = { errors: { endedOn: ["Choose a date."] }, values: {} };
    expect(withCompletionRefusal(es, other)).toBe(other);
  });
});
