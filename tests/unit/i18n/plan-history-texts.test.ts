import { describe, expect, test } from "vitest";
import { translatorFor } from "~/i18n/catalog";
import { describeHistoryEvent, historyEntry, PLAN_HISTORY_ACTIONS, type HistoryEvent } from "~/modules/plans/history";
import { formatCivilDate } from "~/modules/time/zoned";
import { historyTexts } from "~/ui/plan-history";

/**
 * The plan history page (issue 18 leftover: ISO dates and status codes, and English sentences
 * matched at display): events are data, worded from the catalog with dates in the reader's style
 * and statuses by name.
 */
const en = translatorFor("en-US");
const es = translatorFor("es-ES");

const events: HistoryEvent[] = [
  { action: "goal.create", before: null, after: { title: "Find work" } },
  { action: "goal.update", before: { title: "Find work" }, after: { title: "" } },
  { action: "goal.own_words", before: null, after: null },
  { action: "plan.objective_add", before: null, after: { description: "Send 3 CVs", measure: "" } },
  { action: "plan.objective_update", before: { description: "Save $50" }, after: { description: "Save $100" } },
  { action: "plan.service_add", before: null, after: { group: "Budgeting", timesPerPeriod: 2, period: "week", minutesPerContact: 90 } },
  { action: "plan.service_remove", before: { timesPerPeriod: 1, period: "month", minutesPerContact: 60 }, after: null },
  { action: "plan.intervention_add", before: null, after: { description: "Go with them", component: "advocacy" } },
  { action: "plan.intervention_remove", before: { description: "Go with them" }, after: null },
  { action: "plan.proposal_create", before: null, after: { words: "Get my licence back" } },
  { action: "plan.proposal_reply", before: null, after: { body: "Let's talk" } },
  { action: "plan.proposal_accept", before: null, after: { words: "Get my licence back", title: "Reinstate driving licence" } },
  { action: "plan.save", before: { strengths: "", barriers: "Bus fare" }, after: { strengths: "Determined", barriers: "Bus fare" } },
];

describe("plan history words", () => {
  test("English, for events without dates or statuses, reads as the module's sentences", () => {
    for (const event of events) expect(historyTexts(en, historyEntry(event), "en-US")).toEqual(describeHistoryEvent(event));
  });

  test("dates are in the reader's date style and statuses named, in English and Spanish", () => {
    const status: HistoryEvent = { action: "goal.status", before: { status: "active" }, after: { status: "achieved" } };
    const objective: HistoryEvent = { action: "goal.objective_status", before: { status: "not_started" }, after: { status: "in_progress" } };
    const save: HistoryEvent = { action: "plan.save", before: { nextReviewOn: null }, after: { nextReviewOn: "2027-01-01" } };
    const review: HistoryEvent = { action: "plan.review", before: null, after: { reviewedOn: "2027-02-03", attendees: "Pat, Fran", whatChanged: "New goal", participantComment: "", nextReviewOn: "2027-05-03" } };
    const reminder: HistoryEvent = { action: "plan.review_reminder", before: null, after: { dueOn: "2027-05-03" } };

    expect(historyTexts(en, historyEntry(status), "en-US").details).toEqual(["Status: “Active” → “Achieved”"]);
    expect(historyTexts(es, historyEntry(status), "es-ES")).toEqual({ summary: "Cambió el estado de la meta", details: ["Estado: “Activa” → “Lograda”"] });
    expect(historyTexts(es, historyEntry(objective), "es-US").details).toEqual(["Estado: “Sin empezar” → “En curso”"]);

    expect(historyTexts(en, historyEntry(save), "en-US").details).toEqual([`Next review: (empty) → “${formatCivilDate("2027-01-01", "en-US")}”`]);
    expect(historyTexts(es, historyEntry(save), "es-ES").details).toEqual([`Próxima revisión: (vacío) → “${formatCivilDate("2027-01-01", "es-ES")}”`]);
    expect(formatCivilDate("2027-01-01", "es-ES")).not.toContain("2027-01-01");

    const spanishReview = historyTexts(es, historyEntry(review), "es-ES");
    expect(spanishReview.summary).toBe(`Plan revisado el ${formatCivilDate("2027-02-03", "es-ES")}`);
    expect(spanishReview.details).toEqual(["Participaron: Pat, Fran", "Qué cambió: New goal", `Próxima revisión: ${formatCivilDate("2027-05-03", "es-ES")}`]);
    expect(historyTexts(en, historyEntry(reminder), "en-GB").summary).toBe(`Review reminder sent for ${formatCivilDate("2027-05-03", "en-GB")}`);
  });

  test("Spanish has none of the module's English words", () => {
    const english = /Goal|Objective|Measured by|Planned service|Intervention|proposed|Strengths|Barriers|\(empty\)| a week| a month|minutes each|Their words|Staff wording|Advocacy/;
    for (const event of events) {
      const { summary, details } = historyTexts(es, historyEntry(event), "es-ES");
      expect([summary, ...details].join(" | ").replace(/Find work|Send 3 CVs|Save \$\d+|Budgeting|Go with them|Get my licence back|Let's talk|Reinstate driving licence|Determined|Bus fare/g, "")).not.toMatch(english);
    }
  });

  test("every action the plan history lists has a summary in both languages (the page's list is the module's)", () => {
    for (const action of PLAN_HISTORY_ACTIONS) {
      for (const [t, style] of [[en, "en-US"], [es, "es-ES"]] as const) {
        const summary = historyTexts(t, { action, date: "2027-03-01", details: [] }, style).summary;
        expect(summary, action).not.toBe(action);
        expect(summary, action).not.toMatch(/^records\./);
      }
    }
  });
});
