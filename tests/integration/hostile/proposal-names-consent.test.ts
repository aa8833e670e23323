import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { enrolments } from "~/db/schema";
import { waitlistSettings } from "~/db/tables/registration";
import { proposals } from "~/db/tables/voice";
import { recordConsent } from "~/modules/consent/mutations.server";
import { castVote, commentOnProposal, createProposal } from "~/modules/voice/proposals/mutations.server";
import * as proposalPage from "~/routes/proposals.$proposalId";
import { createEmptyGroup } from "../../factories/registration";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";

/**
 * Hostile review (dec 5): the `classmates` consent says "Other members of this group may see my
 * first name on their My groups page" and, when the answer is no, "Other members never see your
 * name in the app". A proposal's page named its proposer, its commenters and (after an open
 * ballot closed) its voters by their full names to every member — and a proposal for a whole
 * program to members of every group of the program, so a budgeting workshop's members read the
 * full names of people from the program's recovery group. Participants now see another person's
 * name only as that consent allows: the first name, to members of a group both are enrolled in
 * that shares names, while the person's yes stands; staff see names as before.
 */
describe("names on a proposal's page follow the classmates consent", () => {
  let s: Scenario;
  let proposer: Person;
  let sameGroup: Person;
  let otherGroup: Person;
  let proposalId: string;
  const view = async (who: Person) => {
    const out = await callRoute(proposalPage, { path: `/proposals/${proposalId}`, params: { proposalId }, cookie: who.cookie });
    expect(out.status).toBe(200);
    return JSON.stringify(out.data);
  };

  beforeAll(async () => {
    s = await createOrgScenario();
    proposer = await createPerson(s.org, "participant", { name: "Jolene Marchetti" });
    sameGroup = await createPerson(s.org, "participant", { name: "Ada Same" });
    otherGroup = await createPerson(s.org, "participant", { name: "Otto Other" });
    const budgeting = await createEmptyGroup(s, 10, "Budgeting Basics");
    await db.insert(enrolments).values([
      { groupId: s.group.id, userId: proposer.id, organizationId: s.org.id },
      { groupId: s.group.id, userId: sameGroup.id, organizationId: s.org.id },
      { groupId: budgeting.id, userId: otherGroup.id, organizationId: s.org.id },
    ]);
    const now = new Date();
    const proposal = await createProposal(
      proposer,
      { target: { scope: "program", id: s.program.id }, topic: "format", title: "Shorter sessions", description: "d", voting: "agree", options: [], anonymousVotes: false, closesAt: new Date(now.getTime() + 86_400_000) },
      now,
    );
    proposalId = proposal.id;
    await commentOnProposal(proposer, proposalId, "I often have to leave early for my appointment.", now);
    await castVote(proposer, proposalId, "agree", now);
    // Voting closes: an open ballot now lists who chose what.
    await db.update(proposals).set({ closesAt: new Date(now.getTime() - 60_000) }).where(eq(proposals.id, proposalId));
  });

  it("without the person's yes, no other participant sees their name — not in the proposer line, the comments or the voters", async () => {
    for (const reader of [sameGroup, otherGroup]) {
      const page = await view(reader);
      expect(page, reader.name).not.toContain("Jolene");
      expect(page, reader.name).not.toContain("Marchetti");
      expect(page).toContain("I often have to leave early");
    }
  });

  it("with the person's yes and the group sharing names, a member of that group sees the first name only; members of other groups still see none", async () => {
    await db.insert(waitlistSettings).values({ groupId: s.group.id, organizationId: s.org.id, shareNamesWithGroup: true });
    await db.transaction((tx) =>
      recordConsent(tx, { organizationId: s.org.id, userId: proposer.id, groupId: s.group.id, kind: "classmates", status: "given", source: "self", recordedBy: proposer.id, now: new Date() }),
    );
    const same = await view(sameGroup);
    expect(same).toContain("Jolene");
    expect(same).not.toContain("Marchetti");
    const other = await view(otherGroup);
    expect(other).not.toContain("Jolene");
    expect(other).not.toContain("Marchetti");
  });

  it("the proposer reads their own page as before, and staff see the full name", async () => {
    for (const staff of [s.facilitator, s.manager]) expect(await view(staff)).toContain("Jolene Marchetti");
  });
});
