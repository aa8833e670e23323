import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { users } from "~/db/schema";
import { FORMER_MEMBER, YOU } from "~/modules/voice/proposals/names";
import * as proposalPage from "~/routes/proposals.$proposalId";
import { addParticipant } from "../../factories/attendance";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Person, type Scenario } from "../../factories/scenario";
import { openGroupProposal } from "../../factories/voice";

/**
 * A proposal's page names its proposer: the reader themself and someone whose account is gone are
 * the module's markers, which the page words in the reader's language (issue 18 leftover: "a
 * former member" and "you" were English words from the module), never a name.
 */
let s: Scenario;
beforeAll(async () => {
  s = await createOrgScenario();
});

const view = async (who: Person, proposalId: string) =>
  ((await callRoute(proposalPage, { path: `/proposals/${proposalId}`, params: { proposalId }, cookie: who.cookie })).data as { proposal: { proposerName: string } }).proposal.proposerName;

describe("who proposed it, in the reader's language", () => {
  it("the proposer reads the 'you' marker; after their account is deleted staff read the 'former member' marker", async () => {
    const proposer = await addParticipant(s, s.group.id, { name: "Leaving Member" });
    const proposalId = await openGroupProposal(s, proposer, "Start at 6");
    expect(await view(proposer, proposalId)).toBe(YOU);
    expect(await view(s.facilitator, proposalId)).toBe("Leaving Member");
    await db.delete(users).where(eq(users.id, proposer.id));
    expect(await view(s.facilitator, proposalId)).toBe(FORMER_MEMBER);
  });
});
