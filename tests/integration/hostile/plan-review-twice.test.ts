import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { planReviews } from "~/db/tables/plans";
import { addDays } from "~/modules/metrics/definitions";
import * as planRoute from "~/routes/participants.$userId.plan";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

// "Record a review" on a participant's service plan sent twice (a double tap with JavaScript off)
// recorded the review twice: two identical reviews in the plan's history and in the review
// figures. The form carries a one-time token now: the same form sent twice records one review,
// and both answers say it was recorded.

let s: Scenario;
beforeAll(async () => {
  s = await createOrgScenario();
});

const path = () => `/participants/${s.participant.id}/plan`;
const page = async () => (await callRoute(planRoute, { path: path(), params: { userId: s.participant.id }, cookie: s.manager.cookie })).data as { reviewToken: string; today: string };
const send = (form: Record<string, string>) => callRoute(planRoute, { path: path(), params: { userId: s.participant.id }, cookie: s.manager.cookie, form });
const reviewForm = (whatChanged: string, today: string, formToken: string) => ({
  intent: "review",
  form: "review",
  reviewedOn: today,
  attendees: "The participant and the program manager",
  whatChanged,
  participantComment: "Feeling steadier",
  nextReviewOn: addDays(today, 90),
  formToken,
});
const recorded = async (whatChanged: string) => (await db.select({ id: planReviews.id }).from(planReviews).where(eq(planReviews.whatChanged, whatChanged))).length;

describe("the same plan review sent twice", () => {
  it("is recorded once; both answers say it was recorded (5 rounds)", async () => {
    for (let round = 0; round < 5; round++) {
      const what = `Added a housing goal (${round})`;
      const { reviewToken, today } = await page();
      const form = reviewForm(what, today, reviewToken);
      const answers = await Promise.all([send(form), send(form)]);
      expect(answers.map((a) => a.status)).toEqual([200, 200]);
      expect(answers.map((a) => (a.data as { message: string }).message)).toEqual(["The review was recorded.", "The review was recorded."]);
      expect(await recorded(what)).toBe(1);
      // Sent again later (the back button, then send): still one review.
      expect((await send(form)).status).toBe(200);
      expect(await recorded(what)).toBe(1);
    }
  }, 60_000);

  it("a new form records another review; a junk token records nothing and says why", async () => {
    const { reviewToken, today } = await page();
    expect((await send(reviewForm("No changes this month", today, reviewToken))).status).toBe(200);
    expect(await recorded("No changes this month")).toBe(1);
    const junk = await send(reviewForm("Junk token review", today, "bad token"));
    expect(junk.status).toBe(400);
    expect(JSON.stringify(junk.data)).toContain("This form is out of date");
    expect(await recorded("Junk token review")).toBe(0);
  });
});
