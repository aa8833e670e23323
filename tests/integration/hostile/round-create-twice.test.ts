import { eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { emailOutbox } from "~/db/schema";
import { schedulingRounds } from "~/db/tables/scheduling";
import * as roundsNew from "~/routes/groups.$groupId.rounds.new";
import { createEmptyGroup } from "../../factories/registration";
import { callRoute } from "../../factories/requests";
import { addParticipant, ROUND_FORM } from "../../factories/scheduling";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

// "Ask for availability" (a new scheduling round) emails everyone enrolled in the group. Sent twice
// — a double tap on a phone with JavaScript off sends two POSTs — it made two open rounds and every
// participant got two invitations with two different links. The form now carries a one-time token
// (as the walk-in, concern and contact forms): the same form sent twice makes one round.

let s: Scenario;
beforeAll(async () => {
  s = await createOrgScenario();
});

async function newRoundPage(groupId: string) {
  const out = await callRoute(roundsNew, { path: `/groups/${groupId}/rounds/new`, params: { groupId }, cookie: s.manager.cookie });
  expect(out.status).toBe(200);
  return out.data as { formToken: string };
}

const send = (groupId: string, form: Record<string, string | string[]>) =>
  callRoute(roundsNew, { path: `/groups/${groupId}/rounds/new`, params: { groupId }, cookie: s.manager.cookie, form });

describe("the new-round form sent twice", () => {
  it("makes one round and sends each participant one invitation; both answers lead to that round (5 rounds)", async () => {
    for (let round = 0; round < 5; round++) {
      const group = await createEmptyGroup(s, 10, `Twice ${round}`);
      const people = [];
      for (let i = 0; i < 3; i++) people.push(await addParticipant(s, { name: `Person ${round}-${i}`, timezone: "America/New_York", groupId: group.id }));
      const { formToken } = await newRoundPage(group.id);
      const form = { ...ROUND_FORM, formToken };
      const answers = await Promise.all([send(group.id, form), send(group.id, form)]);
      expect(answers.map((a) => a.status)).toEqual([302, 302]);
      expect(answers[0].location).toBe(answers[1].location);
      const rounds = await db.select({ id: schedulingRounds.id }).from(schedulingRounds).where(eq(schedulingRounds.groupId, group.id));
      expect(rounds).toHaveLength(1);
      const invitations = await db.select({ to: emailOutbox.toAddress }).from(emailOutbox).where(like(emailOutbox.dedupeKey, `round-invitation:${rounds[0].id}:%`));
      expect(invitations.map((m) => m.to).sort()).toEqual(people.map((p) => p.email).sort());
      const anyOther = await db.select({ id: emailOutbox.id }).from(emailOutbox).where(like(emailOutbox.toAddress, people[0].email));
      expect(anyOther).toHaveLength(1);

      // Sent again later (the back button), it still opens the same round and invites nobody again.
      const later = await send(group.id, form);
      expect(later.location).toBe(answers[0].location);
      expect(await db.select({ id: schedulingRounds.id }).from(schedulingRounds).where(eq(schedulingRounds.groupId, group.id))).toHaveLength(1);
    }
  }, 60_000);

  it("a fresh form makes a new round; a junk token is refused with a message and makes none", async () => {
    const group = await createEmptyGroup(s, 10, "Fresh");
    await addParticipant(s, { name: "Fresh Person", timezone: "America/New_York", groupId: group.id });
    const first = await send(group.id, { ...ROUND_FORM, formToken: (await newRoundPage(group.id)).formToken });
    const second = await send(group.id, { ...ROUND_FORM, formToken: (await newRoundPage(group.id)).formToken });
    expect(first.location).not.toBe(second.location);
    const junk = await send(group.id, { ...ROUND_FORM, formToken: "not a token" });
    expect(junk.status).toBe(400);
    expect(JSON.stringify(junk.data)).toContain("This form is out of date");
    expect(await db.select({ id: schedulingRounds.id }).from(schedulingRounds).where(eq(schedulingRounds.groupId, group.id))).toHaveLength(2);
  });
});
