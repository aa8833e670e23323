import { beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { db, rawSql } from "~/db/client.server";
import { auditEvents, emailOutbox } from "~/db/schema";
import { concerns, proposalBallots, proposals, proposalVoteReceipts, proposalVotes, ruleVersions } from "~/db/tables/voice";
import { alertOverdueConcerns } from "~/modules/voice/jobs.server";
import { listConcerns } from "~/modules/voice/concerns/queries.server";
import * as changesPage from "~/routes/changes._index";
import * as concernPage from "~/routes/concerns.$concernId";
import * as concernsIndex from "~/routes/concerns._index";
import * as followUp from "~/routes/concerns.follow-up.$token";
import * as concernNew from "~/routes/concerns.new";
import * as groupPage from "~/routes/groups.$groupId._index";
import * as groupRules from "~/routes/groups.$groupId.rules";
import * as home from "~/routes/home";
import * as proposalPage from "~/routes/proposals.$proposalId";
import * as proposalNew from "~/routes/proposals.new";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Person, type Scenario } from "../../factories/scenario";
import { openGroupProposal } from "../../factories/voice";

let s: Scenario;
let foreign: Scenario;

beforeAll(async () => {
  [s, foreign] = await Promise.all([createOrgScenario(), createOrgScenario()]);
});

const raise = (who: Person, form: Record<string, string>) => callRoute(concernNew, { path: "/concerns/new", cookie: who.cookie, form });
const readConcern = (who: Person, id: string) => callRoute(concernPage, { path: `/concerns/${id}`, params: { concernId: id }, cookie: who.cookie });
const concernAction = (who: Person, id: string, form: Record<string, string>) =>
  callRoute(concernPage, { path: `/concerns/${id}`, params: { concernId: id }, cookie: who.cookie, form });

describe("concerns about a facilitator", () => {
  let concernId: string;

  beforeAll(async () => {
    const out = await raise(s.participant, {
      subject: "facilitator",
      facilitatorId: s.facilitator.id,
      summary: "Dismissive in group",
      body: "My question was laughed off.",
    });
    expect(out.status).toBe(302);
    concernId = out.location!.split("/")[2].split("?")[0];
  });

  it("the facilitator it is about cannot read it, list it or act on it", async () => {
    expect((await readConcern(s.facilitator, concernId)).status).toBe(404);
    const list = (await callRoute(concernsIndex, { path: "/concerns", cookie: s.facilitator.cookie })).data as { handled: unknown[]; mine: unknown[] };
    expect(JSON.stringify(list)).not.toContain("Dismissive");
    expect((await concernAction(s.facilitator, concernId, { intent: "respond", body: "It was a joke" })).status).toBe(404);
    expect((await concernAction(s.facilitator, concernId, { intent: "status", status: "closed" })).status).toBe(404);
  });

  it("a manager who is its subject cannot read it either; other managers and admins can", async () => {
    const aboutManager = await raise(s.participant, { subject: "facilitator", facilitatorId: s.manager.id, summary: "About the manager", body: "x" });
    const id = aboutManager.location!.split("/")[2].split("?")[0];
    expect((await readConcern(s.manager, id)).status).toBe(404);
    expect((await readConcern(s.admin, id)).status).toBe(200);
    // Managers are alerted about new concerns, never the person the concern is about.
    const alerts = await db.select({ to: emailOutbox.toAddress }).from(emailOutbox).where(sql`${emailOutbox.dedupeKey} like ${`voice:concern-new:${id}:%`}`);
    expect(alerts.map((a) => a.to)).toEqual([s.admin.email]);
  });

  it("goes to managers, who respond; the named submitter reads the reply; reads are audited", async () => {
    expect((await readConcern(s.manager, concernId)).status).toBe(200);
    expect((await readConcern(s.otherParticipant, concernId)).status).toBe(404);
    expect((await readConcern(foreign.manager, concernId)).status).toBe(404);
    expect((await concernAction(s.manager, concernId, { intent: "respond", body: "We are sorry; we will talk with the facilitator." })).status).toBe(200);
    const mine = (await readConcern(s.participant, concernId)).data as { concern: { status: string; messages: { body: string }[] } };
    expect(mine.concern.status).toBe("responded");
    expect(mine.concern.messages.map((m) => m.body)).toContain("We are sorry; we will talk with the facilitator.");
    const audits = await db.select().from(auditEvents).where(eq(auditEvents.subjectId, concernId));
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(["concern.create", "concern.read", "concern.respond"]));
  });

  it("statuses follow the flow and bad moves are refused beside the field", async () => {
    expect((await concernAction(s.manager, concernId, { intent: "status", status: "closed" })).status).toBe(200);
    const back = await concernAction(s.manager, concernId, { intent: "status", status: "received" });
    expect(back.status).toBe(400);
    expect((back.data as { errors: Record<string, string[]> }).errors.status[0]).toMatch(/cannot move/);
  });
});

describe("anonymous concerns", () => {
  it("stores no submitter, gives a private link (≥128-bit token, stored hashed) that shows the reply", async () => {
    const out = await raise(s.otherParticipant, { subject: "group", groupId: s.group.id, summary: "Too noisy", body: "Hard to hear.", anonymous: "on" });
    expect(out.status).toBe(200);
    const link = (out.data as { link: string }).link;
    const token = new URL(link).pathname.split("/").pop()!;
    expect(Buffer.from(token, "base64url").length).toBeGreaterThanOrEqual(16);
    const [row] = await db.select().from(concerns).where(eq(concerns.summary, "Too noisy"));
    expect(row.submitterId).toBeNull();
    expect(row.followUpTokenHash).not.toContain(token);
    expect(JSON.stringify(row)).not.toContain(s.otherParticipant.id);
    expect(row.receivedAt.getUTCMinutes()).toBe(0);
    const [created] = await db.select().from(auditEvents).where(eq(auditEvents.subjectId, row.id));
    expect(created.actorUserId).toBeNull();

    await concernAction(s.manager, row.id, { intent: "respond", body: "Thanks, we will use the quieter room." });
    const page = await callRoute(followUp, { path: `/concerns/follow-up/${token}`, params: { token } });
    expect(page.status).toBe(200);
    expect(JSON.stringify(page.data)).toContain("quieter room");
    expect(JSON.stringify(page.data)).not.toContain(s.otherParticipant.name);
    const reply = await callRoute(followUp, { path: `/concerns/follow-up/${token}`, params: { token }, form: { body: "Thank you" } });
    expect(reply.status).toBe(200);
    const wrong = "A".repeat(43);
    expect((await callRoute(followUp, { path: `/concerns/follow-up/${wrong}`, params: { token: wrong } })).status).toBe(404);
    // It is not in the submitter's own list: nothing ties it to them.
    const list = (await callRoute(concernsIndex, { path: "/concerns", cookie: s.otherParticipant.cookie })).data;
    expect(JSON.stringify(list)).not.toContain("Too noisy");
  });

  it("the database itself refuses an anonymous concern that names its submitter", async () => {
    await expect(
      db.insert(concerns).values({
        organizationId: s.org.id,
        subject: "program",
        programId: s.program.id,
        submitterId: s.participant.id,
        anonymous: true,
        followUpTokenHash: "x".repeat(64),
        summary: "x",
        body: "y",
        receivedAt: new Date(),
      }),
    ).rejects.toThrow();
  });

  it("is flagged overdue after the response time, and managers are alerted once", async () => {
    await raise(s.participant, { subject: "program", programId: s.program.id, summary: "Waiting list unfair", body: "…", anonymous: "on" });
    const later = new Date(Date.now() + 6 * 86_400_000);
    const flagged = (await listConcerns(s.manager, later)).find((c) => c.summary === "Waiting list unfair")!;
    expect(flagged.overdue).toBe(true);
    expect((await listConcerns(s.manager, new Date())).find((c) => c.summary === "Waiting list unfair")!.overdue).toBe(false);
    await alertOverdueConcerns(later);
    await alertOverdueConcerns(later);
    const alerts = await db.select().from(emailOutbox).where(sql`${emailOutbox.dedupeKey} like 'voice:concern-overdue:%'`);
    expect(alerts.filter((a) => a.toAddress === s.manager.email).length).toBeGreaterThanOrEqual(1);
    expect(new Set(alerts.map((a) => a.dedupeKey)).size).toBe(alerts.length);
  });

  it("rejects a concern without its subject, beside the field, and stores nothing", async () => {
    const before = await db.select().from(concerns);
    const out = await raise(s.participant, { subject: "session", summary: "x", body: "y" });
    expect(out.status).toBe(400);
    expect((out.data as { errors: Record<string, string[]> }).errors.sessionId[0]).toMatch(/Choose the session/);
    const foreignGroup = await raise(s.participant, { subject: "group", groupId: foreign.group.id, summary: "x", body: "y" });
    expect(foreignGroup.status).toBe(400);
    expect(await db.select().from(concerns)).toHaveLength(before.length);
  });
});

describe("proposals, votes and decisions", () => {
  let proposalId: string;
  const act = (who: Person, form: Record<string, string>) =>
    callRoute(proposalPage, { path: `/proposals/${proposalId}`, params: { proposalId }, cookie: who.cookie, form });
  const view = async (who: Person) =>
    (await callRoute(proposalPage, { path: `/proposals/${proposalId}`, params: { proposalId }, cookie: who.cookie })) as {
      status: number;
      data: {
        tally: { choices: { choice: string; votes: number }[] } | null;
        myVote: string | null;
        voted: boolean;
        voteCount: number;
        can: { vote: boolean };
        proposal: { hiddenReason: string };
      };
    };

  it("a participant proposes a rule; bad input is refused beside the field", async () => {
    const bad = await callRoute(proposalNew, {
      path: "/proposals/new",
      cookie: s.participant.cookie,
      form: { target: `group:${s.group.id}`, topic: "rules", title: "", description: "d", voting: "options", options: "Only one", closesAt: "2020-01-01T10:00" },
    });
    expect(bad.status).toBe(400);
    const errors = (bad.data as { errors: Record<string, string[]> }).errors;
    expect(Object.keys(errors)).toEqual(expect.arrayContaining(["title"]));
    const closesAt = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 16);
    const out = await callRoute(proposalNew, {
      path: "/proposals/new",
      cookie: s.participant.cookie,
      form: { target: `group:${s.group.id}`, topic: "rules", title: "No lateness", description: "Start on time.", voting: "agree", closesAt, anonymousVotes: "on" },
    });
    expect(out.status).toBe(302);
    proposalId = out.location!.split("/")[2];
    const foreignTarget = await callRoute(proposalNew, {
      path: "/proposals/new",
      cookie: s.participant.cookie,
      form: { target: `group:${foreign.group.id}`, topic: "rules", title: "x", description: "y", voting: "agree", closesAt },
    });
    expect(foreignTarget.status).toBe(400);
  });

  it("a secret ballot: one final vote per member, stored apart from who voted; results hidden until closing", async () => {
    expect((await act(s.otherParticipant, { intent: "vote", choice: "maybe" })).status).toBe(400);
    expect((await act(s.participant, { intent: "vote", choice: "disagree" })).status).toBe(200);
    const again = await act(s.participant, { intent: "vote", choice: "agree" });
    expect(again.status).toBe(400);
    expect(JSON.stringify(again.data)).toContain("Secret ballots are final");
    expect((await act(s.otherParticipant, { intent: "vote", choice: "agree" })).status).toBe(200);
    // The choice carries no person and no time; the receipt carries no choice.
    expect(await db.select().from(proposalVotes).where(eq(proposalVotes.proposalId, proposalId))).toHaveLength(0);
    const ballots = await db.select().from(proposalBallots).where(eq(proposalBallots.proposalId, proposalId));
    expect(ballots.map((b) => b.choice).sort()).toEqual(["agree", "disagree"]);
    for (const b of ballots) expect(Object.keys(b).sort()).toEqual(["choice", "id", "organizationId", "proposalId"]);
    const receipts = await db.select().from(proposalVoteReceipts).where(eq(proposalVoteReceipts.proposalId, proposalId));
    expect(receipts.map((r) => r.userId).sort()).toEqual([s.participant.id, s.otherParticipant.id].sort());
    for (const table of ["proposal_ballots", "proposal_vote_receipts"]) {
      const columns = (await rawSql()`select column_name, data_type from information_schema.columns where table_name = ${table}`) as unknown as { column_name: string; data_type: string }[];
      expect(columns.some((c) => /timestamp|date|time/.test(c.data_type))).toBe(false);
      expect(columns.some((c) => c.column_name === "choice") && columns.some((c) => c.column_name === "user_id")).toBe(false);
    }
    // Every ballot was rewritten by the last vote: only that voter's transaction matches, and it matches all ballots alike.
    const xmins = (await rawSql()`select count(distinct xmin::text)::int as n from proposal_ballots where proposal_id = ${proposalId}`) as unknown as { n: number }[];
    expect(xmins[0].n).toBe(1);
    const before = await view(s.participant);
    expect(before.data.myVote).toBeNull();
    expect(before.data.voted).toBe(true);
    expect(before.data.can.vote).toBe(false);
    expect(before.data.voteCount).toBe(2);
    expect(before.data.tally).toBeNull();
    // A facilitator of another group is not a member: 404; a manager records decisions instead of voting.
    expect((await act(s.otherFacilitator, { intent: "vote", choice: "agree" })).status).toBe(404);
    expect((await act(s.manager, { intent: "vote", choice: "agree" })).status).toBe(400);
    expect((await act(foreign.manager, { intent: "vote", choice: "agree" })).status).toBe(404);
  });

  it("an open ballot: a vote can be changed until closing and counts once", async () => {
    const openId = await openGroupProposal(s, s.participant, "Open ballot");
    const vote = (who: Person, choice: string) =>
      callRoute(proposalPage, { path: `/proposals/${openId}`, params: { proposalId: openId }, cookie: who.cookie, form: { intent: "vote", choice } });
    expect((await vote(s.participant, "agree")).status).toBe(200);
    expect((await vote(s.participant, "disagree")).status).toBe(200);
    expect((await vote(s.otherParticipant, "agree")).status).toBe(200);
    expect(await db.select().from(proposalVotes).where(eq(proposalVotes.proposalId, openId))).toHaveLength(2);
    const page = (await callRoute(proposalPage, { path: `/proposals/${openId}`, params: { proposalId: openId }, cookie: s.participant.cookie })).data as { myVote: string };
    expect(page.myVote).toBe("disagree");
    await db.update(proposals).set({ closesAt: new Date() }).where(eq(proposals.id, openId));
    const closed = (await callRoute(proposalPage, { path: `/proposals/${openId}`, params: { proposalId: openId }, cookie: s.participant.cookie })).data as {
      tally: { choices: { choice: string; votes: number }[] };
    };
    expect(closed.tally.choices).toEqual([
      { choice: "agree", votes: 1 },
      { choice: "disagree", votes: 1 },
      { choice: "abstain", votes: 0 },
    ]);
  });

  it("after closing: votes are refused, the tally counts each secret ballot once, and staff record the decision with new rules", async () => {
    expect((await act(s.facilitator, { intent: "decide", outcome: "adopted", decisionText: "x", rationale: "y" })).status).toBe(400);
    await db.update(proposals).set({ closesAt: new Date() }).where(eq(proposals.id, proposalId));
    expect((await act(s.participant, { intent: "vote", choice: "agree" })).status).toBe(400);
    const after = await view(s.otherParticipant);
    expect(after.data.tally?.choices).toEqual([
      { choice: "agree", votes: 1 },
      { choice: "disagree", votes: 1 },
      { choice: "abstain", votes: 0 },
    ]);
    expect((await act(s.participant, { intent: "decide", outcome: "adopted", decisionText: "x", rationale: "y" })).status).toBe(403);
    const missing = await act(s.facilitator, { intent: "decide", outcome: "adopted", decisionText: "Adopted", rationale: "", rulesBody: "1. Start on time." });
    expect(missing.status).toBe(400);
    expect(Object.keys((missing.data as { errors: object }).errors).sort()).toEqual(["changeSummary", "rationale"]);
    // As the page posts it: with the version of the rules it was opened on (new rules are published with the decision).
    const opened = (await view(s.facilitator)).data as unknown as { rulesVersion: string | null };
    const ok = await act(s.facilitator, {
      intent: "decide",
      outcome: "adopted",
      decisionText: "Adopted",
      rationale: "Half agreed and nobody objected to the principle.",
      rulesBody: "1. Start on time.",
      changeSummary: "Added rule 1.",
      version: opened.rulesVersion!,
    });
    expect(ok.status).toBe(200);
    const rules = (await callRoute(groupRules, { path: `/groups/${s.group.id}/rules`, params: { groupId: s.group.id }, cookie: s.participant.cookie })).data as {
      versions: { version: number; proposalId: string | null; changeSummary: string }[];
    };
    expect(rules.versions[0]).toMatchObject({ version: 1, proposalId, changeSummary: "Added rule 1." });
    expect(await db.select().from(ruleVersions).where(eq(ruleVersions.targetId, s.group.id))).toHaveLength(1);
  });

  it("a moderator hides a proposal with a reason the proposer sees; other members no longer see it", async () => {
    const closesAt = new Date(Date.now() + 86_400_000).toISOString().slice(0, 16);
    const created = await callRoute(proposalNew, {
      path: "/proposals/new",
      cookie: s.otherParticipant.cookie,
      form: { target: `group:${s.group.id}`, topic: "place", title: "Meet at the pub", description: "…", voting: "agree", closesAt },
    });
    proposalId = created.location!.split("/")[2];
    expect((await act(s.otherParticipant, { intent: "hide", reason: "no" })).status).toBe(403);
    expect((await act(s.facilitator, { intent: "hide", reason: "" })).status).toBe(400);
    expect((await act(s.facilitator, { intent: "hide", reason: "Alcohol venues are not safe for people in recovery." })).status).toBe(200);
    expect((await view(s.otherParticipant)).data.proposal.hiddenReason).toMatch(/not safe/);
    expect((await view(s.participant)).status).toBe(404);
  });
});

describe("you said, we did", () => {
  it("a manager publishes a change linked to what prompted it; participants see it on home and the group page", async () => {
    const bad = await callRoute(changesPage, { path: "/changes", cookie: s.manager.cookie, form: { audience: "org", youSaid: "x", weDid: "y" } });
    expect(bad.status).toBe(400);
    expect((bad.data as { errors: Record<string, string[]> }).errors.proposalId[0]).toMatch(/Link at least one/);
    const out = await callRoute(changesPage, {
      path: "/changes",
      cookie: s.manager.cookie,
      form: { audience: `group:${s.group.id}`, youSaid: "Sessions started late.", weDid: "Doors now open 15 minutes early.", feedbackGroupId: s.group.id },
    });
    expect(out.status).toBe(200);
    expect((await callRoute(changesPage, { path: "/changes", cookie: s.facilitator.cookie, form: { audience: "org", youSaid: "x", weDid: "y", feedbackGroupId: s.group.id } })).status).toBe(403);
    const homeData = (await callRoute(home, { path: "/home", cookie: s.participant.cookie })).data as { voice: { changes: { weDid: string }[] } };
    expect(homeData.voice.changes.map((c) => c.weDid)).toContain("Doors now open 15 minutes early.");
    const group = (await callRoute(groupPage, { path: `/groups/${s.group.id}`, params: { groupId: s.group.id }, cookie: s.participant.cookie })).data as {
      changes: { weDid: string }[];
    };
    expect(group.changes.map((c) => c.weDid)).toContain("Doors now open 15 minutes early.");
    const foreignHome = (await callRoute(home, { path: "/home", cookie: foreign.participant.cookie })).data as { voice: { changes: unknown[] } };
    expect(foreignHome.voice.changes).toHaveLength(0);
  });
});
