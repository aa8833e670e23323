import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { auditEvents } from "~/db/schema";
import { listQuestions } from "~/modules/voice/queries.server";
import * as feedbackCsv from "~/routes/feedback.reports[.]csv";
import * as feedbackPage from "~/routes/feedback.reports";
import * as feedbackSubmit from "~/routes/feedback.$sessionId";
import { callRoute } from "../../factories/requests";
import { createOrgScenario } from "../../factories/scenario";
import { createHeldSession, enrolParticipants, ratingsForm } from "../../factories/voice";

async function about(actor: string, person: string) {
  return (await db.select({ action: auditEvents.action }).from(auditEvents).where(and(eq(auditEvents.actorUserId, actor), eq(auditEvents.subjectUserId, person)))).map((r) => r.action);
}

describe("feedback report: a comment shown with its writer's name is a disclosure about that person", () => {
  it("the CSV and the page record it in the commenter's history; anonymous commenters and people without a comment are not named", async () => {
    const t = await createOrgScenario();
    const people = [t.participant, t.otherParticipant, ...(await enrolParticipants(t, 3))];
    const questionIds = (await listQuestions(t.org.id)).map((q) => q.id);
    const session = await createHeldSession(t);
    for (const [i, who] of people.entries()) {
      const extra: Record<string, string> = i === 0 ? { comment: "Named comment from me" } : i === 1 ? { comment: "Anonymous comment", anonymous: "on" } : {};
      const r = await callRoute(feedbackSubmit, { path: `/feedback/${session.id}`, params: { sessionId: session.id }, cookie: who.cookie, form: ratingsForm(questionIds, 4, extra) });
      expect(r.status).toBe(302);
    }
    const out = await callRoute(feedbackCsv, { path: `/feedback/reports.csv?group=${t.group.id}`, cookie: t.facilitator.cookie });
    expect(out.status).toBe(200);
    expect(String(out.data)).toContain(people[0].name);
    expect(await about(t.facilitator.id, people[0].id)).toEqual(["feedback.report.exported"]);
    for (const other of people.slice(1)) expect(await about(t.facilitator.id, other.id)).toEqual([]);
    // A second download is a second disclosure.
    await callRoute(feedbackCsv, { path: `/feedback/reports.csv?group=${t.group.id}`, cookie: t.facilitator.cookie });
    expect(await about(t.facilitator.id, people[0].id)).toEqual(["feedback.report.exported", "feedback.report.exported"]);

    // The page shows the same name: recorded once per viewer and day.
    for (let i = 0; i < 2; i++) {
      const page = await callRoute(feedbackPage, { path: `/feedback/reports?group=${t.group.id}`, cookie: t.manager.cookie });
      expect(page.status).toBe(200);
      expect(JSON.stringify(page.data)).toContain(people[0].name);
    }
    expect(await about(t.manager.id, people[0].id)).toEqual(["feedback.report.view"]);
    expect(await about(t.manager.id, people[1].id)).toEqual([]);
  });
});
