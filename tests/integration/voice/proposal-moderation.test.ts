import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { auditEvents } from "~/db/schema";
import { proposalComments } from "~/db/tables/voice";
import * as proposalPage from "~/routes/proposals.$proposalId";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Person, type Scenario } from "../../factories/scenario";
import { openGroupProposal } from "../../factories/voice";

/** Moderating one comment, rewording a hidden proposal, and what a hidden proposal says about voting. */
let s: Scenario;
let proposalId: string;
beforeAll(async () => {
  s = await createOrgScenario();
  proposalId = await openGroupProposal(s, s.participant, "Meet at the pub");
});

const act = (who: Person, form: Record<string, string>) => callRoute(proposalPage, { path: `/proposals/${proposalId}`, params: { proposalId }, cookie: who.cookie, form });
type Comment = { id: string; body: string; hidden: boolean; hiddenReason: string; authorName: string | null };
type View = {
  proposal: { title: string; description: string; editedAt: string | Date | null };
  comments: Comment[];
  open: boolean;
  closed: boolean;
  votingState: "open" | "paused" | "closed";
  can: { edit: boolean; moderate: boolean; comment: boolean };
};
const view = async (who: Person) => {
  const out = await callRoute(proposalPage, { path: `/proposals/${proposalId}`, params: { proposalId }, cookie: who.cookie });
  expect(out.status).toBe(200);
  return out.data as View;
};
const auditOf = (action: string) => db.select().from(auditEvents).where(and(eq(auditEvents.organizationId, s.org.id), eq(auditEvents.action, action)));

describe("hiding one comment", () => {
  it("a moderator hides a single comment with a reason: members see the reason, never the text; audited", async () => {
    expect((await act(s.otherParticipant, { intent: "comment", body: "Only people who drink should vote." })).status).toBe(200);
    expect((await act(s.participant, { intent: "comment", body: "A café would work too." })).status).toBe(200);
    const [rude] = await db.select().from(proposalComments).where(eq(proposalComments.body, "Only people who drink should vote."));

    expect((await act(s.participant, { intent: "hideComment", commentId: rude.id, reason: "rude" })).status).toBe(403);
    expect((await act(s.otherFacilitator, { intent: "hideComment", commentId: rude.id, reason: "rude" })).status).toBe(404);
    const empty = await act(s.facilitator, { intent: "hideComment", commentId: rude.id, reason: "" });
    expect(empty.status).toBe(400);
    expect((empty.data as { errors: Record<string, string[]> }).errors.reason).toBeTruthy();
    expect((await act(s.facilitator, { intent: "hideComment", commentId: rude.id, reason: "It leaves people out." })).status).toBe(200);

    const member = await view(s.participant);
    const hidden = member.comments.find((c) => c.id === rude.id)!;
    expect(hidden).toMatchObject({ hidden: true, hiddenReason: "It leaves people out.", body: "" });
    expect(JSON.stringify(member)).not.toContain("Only people who drink");
    expect(member.comments.find((c) => c.body === "A café would work too.")).toMatchObject({ hidden: false });
    // The moderator still reads it (to restore it).
    expect((await view(s.facilitator)).comments.find((c) => c.id === rude.id)).toMatchObject({ hidden: true, body: "Only people who drink should vote." });

    const [audit] = await auditOf("proposal_comment.hide");
    expect(audit).toMatchObject({ actorUserId: s.facilitator.id, subjectId: rude.id, reason: "It leaves people out." });

    expect((await act(s.facilitator, { intent: "restoreComment", commentId: rude.id })).status).toBe(200);
    expect((await view(s.participant)).comments.find((c) => c.id === rude.id)).toMatchObject({ hidden: false, body: "Only people who drink should vote." });
    expect(await auditOf("proposal_comment.restore")).toHaveLength(1);
  });

  it("a comment of another proposal cannot be hidden through this one", async () => {
    const otherId = await openGroupProposal(s, s.otherParticipant, "Another");
    await callRoute(proposalPage, { path: `/proposals/${otherId}`, params: { proposalId: otherId }, cookie: s.participant.cookie, form: { intent: "comment", body: "elsewhere" } });
    const [elsewhere] = await db.select().from(proposalComments).where(eq(proposalComments.body, "elsewhere"));
    expect((await act(s.facilitator, { intent: "hideComment", commentId: elsewhere.id, reason: "x" })).status).toBe(400);
    const [row] = await db.select().from(proposalComments).where(eq(proposalComments.id, elsewhere.id));
    expect(row.hiddenAt).toBeNull();
  });
});

describe("a hidden proposal", () => {
  it("says voting is paused, not 'closed', while its closing time is still ahead", async () => {
    expect((await act(s.facilitator, { intent: "hide", reason: "Please reword: a venue that serves no alcohol." })).status).toBe(200);
    for (const who of [s.participant, s.facilitator]) {
      const v = await view(who);
      expect(v.open).toBe(false);
      expect(v.closed).toBe(false);
      expect(v.votingState).toBe("paused");
    }
  });

  it("the proposer asked to reword can edit it (audited); nobody else can, and not once it is shown again", async () => {
    expect((await view(s.participant)).can.edit).toBe(true);
    expect((await view(s.facilitator)).can.edit).toBe(false);
    const bad = await act(s.participant, { intent: "edit", title: "", description: "x" });
    expect(bad.status).toBe(400);
    expect((bad.data as { errors: Record<string, string[]> }).errors.title).toBeTruthy();
    expect((await act(s.facilitator, { intent: "edit", title: "Changed by staff", description: "x" })).status).toBe(403);

    const edited = await act(s.participant, { intent: "edit", title: "Meet at the café", description: "The café on Main Street serves no alcohol." });
    expect(edited.status).toBe(200);
    const mine = await view(s.participant);
    expect(mine.proposal).toMatchObject({ title: "Meet at the café", description: "The café on Main Street serves no alcohol." });
    expect(mine.proposal.editedAt).toBeTruthy();
    const [audit] = await auditOf("proposal.edit");
    expect(audit).toMatchObject({ actorUserId: s.participant.id, subjectId: proposalId });
    expect(audit.before).toMatchObject({ title: "Meet at the pub" });
    expect(audit.after).toMatchObject({ title: "Meet at the café" });

    // Still hidden until a moderator looks again; once shown, it can no longer be edited.
    expect((await act(s.facilitator, { intent: "restore" })).status).toBe(200);
    expect((await view(s.participant)).votingState).toBe("open");
    expect((await view(s.participant)).can.edit).toBe(false);
    expect((await act(s.participant, { intent: "edit", title: "Sneaky", description: "x" })).status).toBe(400);
  });
});
