import { beforeAll, describe, expect, it } from "vitest";
import { and, eq, inArray, like } from "drizzle-orm";
import { appUrl } from "~/config.server";
import { db } from "~/db/client.server";
import { emailOutbox, enrolments, groupFacilitators, groups, users } from "~/db/schema";
import { proposals } from "~/db/tables/voice";
import { processOutbox } from "~/modules/notifications/mutations.server";
import { createTransport } from "~/modules/notifications/transport.server";
import { castVote, createProposal } from "~/modules/voice/proposals/mutations.server";
import { RECENT_DECISION_DAYS, recentDecisions } from "~/modules/voice/proposals/queries.server";
import * as home from "~/routes/home";
import * as proposalPage from "~/routes/proposals.$proposalId";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";
import { startSmtpServer } from "../../factories/smtp";

const DAY = 86_400_000;
/** Links in emails come from the one trusted base URL (APP_URL), never from the request. */
const BASE_URL = appUrl();

let s: Scenario;
let foreign: Scenario;
/** Enrolled in a second group of the same program, with its own facilitator. */
let neighbour: Person;
let neighbourFacilitator: Person;
/** Once enrolled in the scenario's group, now withdrawn. */
let withdrawn: Person;
/** Proposed in the group, then left it: still told, as the proposer. */
let formerProposer: Person;

beforeAll(async () => {
  [s, foreign] = await Promise.all([createOrgScenario(), createOrgScenario()]);
  [neighbour, neighbourFacilitator, withdrawn, formerProposer] = await Promise.all([
    createPerson(s.org, "participant"),
    createPerson(s.org, "facilitator"),
    createPerson(s.org, "participant"),
    createPerson(s.org, "participant"),
  ]);
  const [second] = await db
    .insert(groups)
    .values({ organizationId: s.org.id, programId: s.program.id, kind: "peer_recovery_group", name: "Second circle", timezone: "America/New_York", capacity: 10, location: "Room 2" })
    .returning();
  await db.insert(groupFacilitators).values({ groupId: second.id, userId: neighbourFacilitator.id, organizationId: s.org.id });
  await db.insert(enrolments).values([
    { groupId: second.id, userId: neighbour.id, organizationId: s.org.id },
    { groupId: s.group.id, userId: withdrawn.id, organizationId: s.org.id, status: "withdrawn" },
    { groupId: s.group.id, userId: formerProposer.id, organizationId: s.org.id },
  ]);
  // A subject shows on a locked phone: participants' name no proposal unless they chose named calendar entries, as this one did.
  await db.update(users).set({ calendarDiscreet: false }).where(eq(users.id, s.otherParticipant.id));
});

/** The subject a person gets: the proposal named for staff and a participant who chose named entries; none for other participants. */
const decisionSubject = (to: string, title: string, outcome: string) =>
  [s.participant.email, formerProposer.email, neighbour.email].includes(to) ? `A decision on a proposal: ${outcome}` : `Decision on “${title}”: ${outcome}`;

/** A proposal whose voting ran from 10 days to 9 days before now (time is passed, not read). */
async function closedProposal(
  proposer: Person,
  target: { scope: "group" | "program"; id: string },
  title: string,
  options: { voting?: "agree" | "options"; choices?: string[]; votes?: [Person, string][] } = {},
) {
  const start = new Date(Date.now() - 10 * DAY);
  const created = await createProposal(
    proposer,
    {
      target,
      topic: "times",
      title,
      description: "Several of us finish work at 18:00.",
      voting: options.voting ?? "agree",
      options: options.choices ?? [],
      anonymousVotes: false,
      closesAt: new Date(start.getTime() + DAY),
    },
    start,
  );
  for (const [voter, choice] of options.votes ?? []) await castVote(voter, created.id, choice, new Date(start.getTime() + 3_600_000));
  return created.id;
}

const decide = (who: Person, proposalId: string, form: Record<string, string>) =>
  callRoute(proposalPage, { path: `/proposals/${proposalId}`, params: { proposalId }, cookie: who.cookie, form: { intent: "decide", ...form } });

const notices = (proposalId: string) =>
  db.select().from(emailOutbox).where(like(emailOutbox.dedupeKey, `voice:proposal-decided:${proposalId}:%`));

const allNotices = () => db.select().from(emailOutbox).where(like(emailOutbox.dedupeKey, "voice:proposal-decided:%"));

const addresses = (people: Person[]) => people.map((p) => p.email).sort();

describe("telling people the decision on a group proposal", () => {
  let proposalId: string;

  beforeAll(async () => {
    proposalId = await closedProposal(formerProposer, { scope: "group", id: s.group.id }, "Move the circle to 18:30", {
      voting: "options",
      choices: ["Keep the lavender hour", "Move to the teal hour"],
      votes: [
        [s.participant, "Keep the lavender hour"],
        [s.otherParticipant, "Move to the teal hour"],
      ],
    });
    // The proposer leaves the group after proposing.
    await db.update(enrolments).set({ status: "withdrawn" }).where(and(eq(enrolments.userId, formerProposer.id), eq(enrolments.groupId, s.group.id)));
  });

  it("refuses bad decisions with a clear error and queues nothing", async () => {
    const missing = await decide(s.facilitator, proposalId, { outcome: "adopted", decisionText: "", rationale: "" });
    expect(missing.status).toBe(400);
    expect(Object.keys((missing.data as { errors: object }).errors).sort()).toEqual(["decisionText", "rationale"]);
    const badOutcome = await decide(s.facilitator, proposalId, { outcome: "maybe", decisionText: "x", rationale: "y" });
    expect(badOutcome.status).toBe(400);
    expect((await decide(s.participant, proposalId, { outcome: "adopted", decisionText: "x", rationale: "y" })).status).toBe(403);
    expect((await decide(s.otherFacilitator, proposalId, { outcome: "adopted", decisionText: "x", rationale: "y" })).status).toBe(404);
    expect((await decide(foreign.manager, proposalId, { outcome: "adopted", decisionText: "x", rationale: "y" })).status).toBe(404);
    expect(await notices(proposalId)).toHaveLength(0);
    const [row] = await db.select().from(proposals).where(eq(proposals.id, proposalId));
    expect(row.decidedAt).toBeNull();
  });

  it("queues exactly one email per enrolled member and the proposer, and no one else", async () => {
    const ok = await decide(s.facilitator, proposalId, {
      outcome: "adopted_with_changes",
      decisionText: "We move to 18:30 <from May> & keep a 19:00 option online.",
      rationale: "Most members wanted an earlier start; two cannot make 18:30.",
    });
    expect(ok.status).toBe(200);
    const queued = await notices(proposalId);
    // Members of the group (enrolled participants; its facilitator recorded the decision) and the proposer who left.
    expect(queued.map((m) => m.toAddress).sort()).toEqual(addresses([s.participant, s.otherParticipant, formerProposer]));
    expect(new Set(queued.map((m) => m.dedupeKey)).size).toBe(queued.length);
    expect(queued.every((m) => m.organizationId === s.org.id)).toBe(true);
    const outsiders = [s.facilitator, s.otherFacilitator, s.manager, s.admin, neighbour, neighbourFacilitator, withdrawn, foreign.participant, foreign.manager];
    expect(queued.filter((m) => addresses(outsiders).includes(m.toAddress))).toEqual([]);
    for (const m of queued) {
      expect(m.subject).toBe(decisionSubject(m.toAddress, "Move the circle to 18:30", "Adopted with changes"));
      expect(m.textBody).toContain("It was adopted with changes.");
      expect(m.textBody).toContain("What was decided: We move to 18:30 <from May> & keep a 19:00 option online.");
      expect(m.textBody).toContain("Why: Most members wanted an earlier start; two cannot make 18:30.");
      expect(m.textBody).toContain(`${BASE_URL}/proposals/${proposalId}`);
      // Nothing about how anyone voted.
      for (const hint of ["lavender", "teal", "voted"]) expect(m.textBody.toLowerCase() + m.htmlBody.toLowerCase()).not.toContain(hint);
    }
    expect(queued.find((m) => m.toAddress === formerProposer.email)!.textBody).toContain("Your proposal “Move the circle to 18:30” for Circle");
    expect(queued.find((m) => m.toAddress === s.participant.email)!.textBody).toContain("The proposal “Move the circle to 18:30” for Circle");
  });

  it("a second submit is refused and queues nothing more", async () => {
    const again = await decide(s.manager, proposalId, { outcome: "not_adopted", decisionText: "Changed our minds", rationale: "No." });
    expect(again.status).toBe(400);
    expect(JSON.stringify(again.data)).toContain("already recorded");
    const queued = await notices(proposalId);
    expect(queued).toHaveLength(3);
    expect(queued.every((m) => m.subject.endsWith("Adopted with changes"))).toBe(true);
  });

  it("the emails reach a real SMTP server with the outcome, the decision, the reasons and the link, escaped in HTML", async () => {
    const smtp = await startSmtpServer();
    try {
      await processOutbox({ transport: createTransport(smtp.url), limit: 200 });
      const mine = smtp.messages.filter((m) => m.subject?.endsWith(": Adopted with changes"));
      expect(mine.map((m) => (m.to as { text: string }).text).sort()).toEqual(addresses([s.participant, s.otherParticipant, formerProposer]));
      const toPat = mine.find((m) => (m.to as { text: string }).text === s.participant.email)!;
      expect(toPat.subject).toBe("A decision on a proposal: Adopted with changes");
      expect(toPat.text).toContain("The proposal “Move the circle to 18:30” for Circle");
      expect(mine.find((m) => (m.to as { text: string }).text === s.otherParticipant.email)!.subject).toBe("Decision on “Move the circle to 18:30”: Adopted with changes");
      expect(toPat.text).toContain(`Hello ${s.participant.name},`);
      expect(toPat.text).toContain("It was adopted with changes.");
      expect(toPat.text).toContain("Most members wanted an earlier start");
      const html = String(toPat.html);
      expect(html).toContain("We move to 18:30 &lt;from May&gt; &amp; keep a 19:00 option online.");
      expect(html).not.toContain("<from May>");
      expect(html).toContain(`href="${BASE_URL}/proposals/${proposalId}"`);
    } finally {
      await smtp.close();
    }
  });

  it("members see the decision on their home page; a member of another group and another organisation do not", async () => {
    type HomeData = { voice: { decisions: { id: string; outcome: string; decisionText: string }[] } };
    const mine = (await callRoute(home, { path: "/home", cookie: s.otherParticipant.cookie })).data as HomeData;
    expect(mine.voice.decisions.find((d) => d.id === proposalId)).toMatchObject({ outcome: "adopted_with_changes", decisionText: expect.stringContaining("18:30") });
    const other = (await callRoute(home, { path: "/home", cookie: neighbour.cookie })).data as HomeData;
    expect(other.voice.decisions.map((d) => d.id)).not.toContain(proposalId);
    const abroad = (await callRoute(home, { path: "/home", cookie: foreign.participant.cookie })).data as HomeData;
    expect(abroad.voice.decisions).toEqual([]);
    // It stays on the home page for RECENT_DECISION_DAYS after the decision.
    const later = new Date(Date.now() + (RECENT_DECISION_DAYS + 1) * DAY);
    expect((await recentDecisions(s.otherParticipant, later)).map((d) => d.id)).not.toContain(proposalId);
  });
});

describe("telling people the decision on a program proposal", () => {
  it("queues one email per member of every group of the program and the proposer; a rules failure queues nothing", async () => {
    const proposalId = await closedProposal(s.participant, { scope: "program", id: s.program.id }, "Programme-wide check-in round", {
      votes: [[neighbour, "agree"]],
    });
    const decision = { outcome: "adopted", decisionText: "Every circle starts with a check-in round.", rationale: "It helped in the pilot." };
    // A facilitator may record the decision but not publish a program's rules: the whole decision is refused.
    const refused = await decide(s.facilitator, proposalId, { ...decision, rulesBody: "1. Check-in round.", changeSummary: "Added rule 1." });
    expect(refused.status).toBe(400);
    expect(await notices(proposalId)).toHaveLength(0);
    expect((await db.select().from(proposals).where(eq(proposals.id, proposalId)))[0].decidedAt).toBeNull();

    // Two submits at the same instant: one decision, one email per person.
    const [a, b] = await Promise.all([decide(s.manager, proposalId, decision), decide(s.admin, proposalId, decision)]);
    expect([a.status, b.status].sort()).toEqual([200, 400]);
    const queued = await notices(proposalId);
    expect(queued.map((m) => m.toAddress).sort()).toEqual(
      addresses([s.participant, s.otherParticipant, s.facilitator, neighbour, neighbourFacilitator]),
    );
    for (const m of queued) expect(m.subject).toBe(decisionSubject(m.toAddress, "Programme-wide check-in round", "Adopted"));
    expect(queued.filter((m) => m.subject.startsWith("Decision on “Programme-wide check-in round”")).map((m) => m.toAddress).sort()).toEqual(
      addresses([s.otherParticipant, s.facilitator, neighbourFacilitator]),
    );
    expect(queued.find((m) => m.toAddress === s.participant.email)!.textBody).toContain("Your proposal “Programme-wide check-in round” for the whole program Program");
    const outsiders = [s.manager, s.admin, s.otherFacilitator, withdrawn, formerProposer, foreign.participant, foreign.facilitator, foreign.manager];
    expect(queued.filter((m) => addresses(outsiders).includes(m.toAddress))).toEqual([]);
  });

  it("never queues a decision email for another organisation's people", async () => {
    const foreignEmails = addresses([foreign.admin, foreign.manager, foreign.facilitator, foreign.otherFacilitator, foreign.participant, foreign.otherParticipant]);
    expect(await db.select().from(emailOutbox).where(and(like(emailOutbox.dedupeKey, "voice:proposal-decided:%"), inArray(emailOutbox.toAddress, foreignEmails)))).toEqual(
      [],
    );
    expect((await allNotices()).every((m) => m.organizationId === s.org.id)).toBe(true);
  });
});
