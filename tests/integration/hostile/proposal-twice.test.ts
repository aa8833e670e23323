import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { proposals } from "~/db/tables/voice";
import * as proposalNew from "~/routes/proposals.new";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

// "Make a proposal" is a participant's form, often sent from a phone. Sent twice (a double tap
// with JavaScript off) it made two identical proposals, and the group's votes then split between
// them. The form carries a one-time token now: one proposal, and both answers open it.

let s: Scenario;
beforeAll(async () => {
  s = await createOrgScenario();
});

const token = async () => ((await callRoute(proposalNew, { path: "/proposals/new", cookie: s.participant.cookie })).data as { formToken: string }).formToken;
const send = (form: Record<string, string>) => callRoute(proposalNew, { path: "/proposals/new", cookie: s.participant.cookie, form });
const proposalForm = (title: string, formToken: string) => ({
  target: `group:${s.group.id}`,
  topic: "rules",
  title,
  description: "Phones away during the check-in round.",
  voting: "agree",
  // A week from now (voting stays open between an hour and 90 days).
  closesAt: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 16),
  formToken,
});
const titled = async (title: string) => (await db.select({ id: proposals.id }).from(proposals).where(eq(proposals.title, title))).length;

describe("the same proposal sent twice", () => {
  it("is made once, and both answers open it (5 rounds)", async () => {
    for (let round = 0; round < 5; round++) {
      const title = `Phones away ${round}`;
      const form = proposalForm(title, await token());
      const answers = await Promise.all([send(form), send(form)]);
      expect(answers.map((a) => a.status)).toEqual([302, 302]);
      expect(answers[0].location).toBe(answers[1].location);
      expect(await titled(title)).toBe(1);
    }
  }, 60_000);

  it("a junk token makes nothing and says why", async () => {
    const junk = await send(proposalForm("Junk token", "!!"));
    expect(junk.status).toBe(400);
    expect(JSON.stringify(junk.data)).toContain("This form is out of date");
    expect(await titled("Junk token")).toBe(0);
  });
});
