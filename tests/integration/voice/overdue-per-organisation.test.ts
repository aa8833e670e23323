import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { db } from "~/db/client.server";
import { emailOutbox } from "~/db/schema";
import { alertOverdueConcerns } from "~/modules/voice/jobs.server";
import { saveVoiceSettings } from "~/modules/voice/mutations.server";
import { listQuestions } from "~/modules/voice/queries.server";
import * as concernNew from "~/routes/concerns.new";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

/**
 * The overdue-concern job reads each concern's own organisation's response time. Its subquery once
 * named the concern's organisation bare ("organization_id"), which inside the subquery meant the
 * settings row's own column: with two organisations' settings the job failed on every run (more
 * than one row from the subquery), and with one, that organisation's time applied to every concern.
 */
let slow: Scenario;
let quick: Scenario;

const setResponseDays = async (s: Scenario, days: number) => {
  const questions = (await listQuestions(s.org.id)).map((q) => q.prompt);
  await saveVoiceSettings(s.manager, { questions, concernResponseDays: days, feedbackWindowDays: 14 });
};
const raise = async (s: Scenario, summary: string) => {
  const out = await callRoute(concernNew, { path: "/concerns/new", cookie: s.participant.cookie, form: { subject: "program", programId: s.program.id, summary, body: "…", anonymous: "on" } });
  expect(out.data).toMatchObject({ ok: true });
};
const alertsTo = async (email: string) =>
  (await db.select().from(emailOutbox).where(sql`${emailOutbox.dedupeKey} like 'voice:concern-overdue:%'`)).filter((a) => a.toAddress === email);

beforeAll(async () => {
  slow = await createOrgScenario();
  quick = await createOrgScenario();
  // The slow organisation's setting is written first.
  await setResponseDays(slow, 30);
  await setResponseDays(quick, 3);
});

describe("overdue concerns, organisation by organisation", () => {
  it("alerts after each organisation's own response time", async () => {
    await raise(slow, "Room too cold");
    await raise(quick, "Room too hot");
    const fourDaysOn = new Date(Date.now() + 4 * 86_400_000);
    await alertOverdueConcerns(fourDaysOn);
    expect(await alertsTo(quick.manager.email)).toHaveLength(1);
    expect(await alertsTo(slow.manager.email)).toHaveLength(0);
    await alertOverdueConcerns(new Date(Date.now() + 31 * 86_400_000));
    expect(await alertsTo(slow.manager.email)).toHaveLength(1);
  });
});
