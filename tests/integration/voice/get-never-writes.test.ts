import { randomBytes } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { feedbackQuestions } from "~/db/tables/voice";
import { createOrganization } from "~/modules/orgs/mutations.server";
import { DEFAULT_QUESTIONS } from "~/modules/voice/feedback";
import * as settingsPage from "~/routes/feedback.settings";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

let s: Scenario;

const questionsOf = (organizationId: string) =>
  db.select({ prompt: feedbackQuestions.prompt }).from(feedbackQuestions).where(eq(feedbackQuestions.organizationId, organizationId)).orderBy(asc(feedbackQuestions.position));

beforeAll(async () => {
  s = await createOrgScenario();
});

describe("feedback questions: GET never writes (issue 15)", () => {
  it("the feedback settings page reads the questions without installing any", async () => {
    // An organisation without questions (as one created before migration 0034 and not yet migrated).
    await db.delete(feedbackQuestions).where(eq(feedbackQuestions.organizationId, s.org.id));
    expect((await callRoute(settingsPage, { path: "/feedback/settings", cookie: s.manager.cookie })).status).toBe(200);
    expect(await questionsOf(s.org.id)).toEqual([]);
  });

  it("a new organisation has the default questions from its creation", async () => {
    const slug = `q-${randomBytes(3).toString("hex")}`;
    const { organizationId } = await createOrganization(
      { name: "Questions Org", slug, timezone: "America/New_York", adminEmail: `${slug}@example.org`, crisisText: "Call 988." },
      { baseUrl: "http://localhost:3000", now: new Date() },
    );
    expect((await questionsOf(organizationId)).map((q) => q.prompt)).toEqual(DEFAULT_QUESTIONS);
  });
});
