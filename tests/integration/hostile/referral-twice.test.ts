import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { referrals, resources } from "~/db/tables/referrals";
import * as referralsNew from "~/routes/referrals.new";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

// "Record a referral" sent twice (a double tap with JavaScript off) recorded the referral twice:
// two follow-ups to chase, and the referral figures (referrals made, share connected) counted it
// twice. The form carries a one-time token now: one referral, and both answers say it was saved.

let s: Scenario;
let resourceId: string;
beforeAll(async () => {
  s = await createOrgScenario();
  const [r] = await db.insert(resources).values({ organizationId: s.org.id, name: "Legal Aid Society", services: "Expungement clinics", needAreas: ["legal"] }).returning();
  resourceId = r.id;
});

const token = async () => ((await callRoute(referralsNew, { path: "/referrals/new", cookie: s.manager.cookie })).data as { formToken: string }).formToken;
const send = (form: Record<string, string>) => callRoute(referralsNew, { path: "/referrals/new", cookie: s.manager.cookie, form });
const referralForm = (reason: string, formToken: string) => ({ participantId: s.participant.id, resourceId, needArea: "legal", reason, referredOn: "2027-01-02", followUpOn: "2027-01-09", formToken });
const withReason = async (reason: string) => (await db.select({ id: referrals.id }).from(referrals).where(eq(referrals.reason, reason))).length;

describe("the same referral sent twice", () => {
  it("is recorded once; both answers go to the saved list (5 rounds)", async () => {
    for (let round = 0; round < 5; round++) {
      const reason = `Record sealing ${round}`;
      const form = referralForm(reason, await token());
      const answers = await Promise.all([send(form), send(form)]);
      expect(answers.map((a) => [a.status, a.location])).toEqual([
        [302, "/referrals?view=open&saved=1"],
        [302, "/referrals?view=open&saved=1"],
      ]);
      expect(await withReason(reason)).toBe(1);
    }
  }, 60_000);

  it("a junk token records nothing and says why", async () => {
    const junk = await send(referralForm("Junk", "bad token"));
    expect(junk.status).toBe(400);
    expect(JSON.stringify(junk.data)).toContain("This form is out of date");
    expect(await withReason("Junk")).toBe(0);
  });
});
