import { beforeAll, describe, expect, it } from "vitest";
import { saveVoiceSettings } from "~/modules/voice/mutations.server";
import { listQuestions } from "~/modules/voice/queries.server";
import { getFeedbackInvitation, pendingFeedback } from "~/modules/voice/feedback/queries.server";
import { createOrgScenario, type Scenario } from "../../factories/scenario";
import { createHeldSession } from "../../factories/voice";

/**
 * The participant's "feedback to give" list (home page) and the feedback page agree on when a
 * session's feedback closes: the session's end plus the organisation's window (14 days unless set),
 * to the millisecond — the list works the window out in its query (issue 20: one read fewer).
 */
let s: Scenario;
const DAY = 86_400_000;

beforeAll(async () => {
  s = await createOrgScenario();
});

async function listedAndOpen(sessionId: string, at: Date) {
  const listed = (await pendingFeedback(s.participant, at)).some((p) => p.sessionId === sessionId);
  const page = await getFeedbackInvitation(s.participant, sessionId, at);
  return { listed, open: page.open };
}

describe("a session's feedback closes after the organisation's window", () => {
  it("after 14 days by default, and after the window the organisation sets once it sets one", async () => {
    const now = new Date("2027-03-20T15:00:00Z");
    const session = await createHeldSession(s, now, 2);
    const end = session.endsAt.getTime();
    expect(await listedAndOpen(session.id, new Date(end + 14 * DAY - 1))).toEqual({ listed: true, open: true });
    expect(await listedAndOpen(session.id, new Date(end + 14 * DAY))).toEqual({ listed: false, open: false });

    const questions = (await listQuestions(s.org.id)).map((q) => q.prompt);
    await saveVoiceSettings(s.manager, { questions, concernResponseDays: 5, feedbackWindowDays: 3 });
    expect(await listedAndOpen(session.id, new Date(end + 3 * DAY - 1))).toEqual({ listed: true, open: true });
    expect(await listedAndOpen(session.id, new Date(end + 3 * DAY))).toEqual({ listed: false, open: false });
    expect(await listedAndOpen(session.id, new Date(end + 13 * DAY))).toEqual({ listed: false, open: false });
  });
});
