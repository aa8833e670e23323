import { and, eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { emailOutbox, memberships } from "~/db/schema";
import { roundInvitees } from "~/db/tables/scheduling";
import { setMembershipActive } from "~/modules/auth/mutations.server";
import { remindRound } from "~/modules/scheduling/mutations.server";
import { createEmptyGroup } from "../../factories/registration";
import { addParticipant, createRoundAs } from "../../factories/scheduling";
import { createOrgScenario, type Person, type Scenario } from "../../factories/scenario";

// Deactivation gives up a person's places but leaves an "interested" entry (kept for the record),
// and publishing a round already leaves such a person out. Asking and reminding did not: a new
// round invited them by email to give their availability for a group of an organisation whose
// access had ended (a link they could not use), and reminders kept going to an invitee
// deactivated after the invitation. Now neither is sent.

const BASE = "http://test.local";
let s: Scenario;
beforeAll(async () => {
  s = await createOrgScenario();
});

const deactivate = async (person: Person) => {
  const [m] = await db.select({ id: memberships.id }).from(memberships).where(and(eq(memberships.userId, person.id), eq(memberships.organizationId, s.org.id)));
  await setMembershipActive(s.manager, { membershipId: m.id, active: false }, new Date(), BASE);
};
const mailsTo = (person: Person, prefix: string) => db.select({ id: emailOutbox.id }).from(emailOutbox).where(and(eq(emailOutbox.toAddress, person.email), like(emailOutbox.dedupeKey, `${prefix}%`)));

describe("a round does not ask people whose membership was deactivated", () => {
  it("a new round neither invites nor emails them; reminders skip someone deactivated after the invitation", async () => {
    const group = await createEmptyGroup(s, 10, "Asking only members");
    const ann = await addParticipant(s, { name: "Ann", timezone: "America/New_York", groupId: group.id, status: "interested" });
    const bo = await addParticipant(s, { name: "Bo", timezone: "America/New_York", groupId: group.id, status: "enrolled" });
    const cy = await addParticipant(s, { name: "Cy", timezone: "America/New_York", groupId: group.id, status: "interested" });
    const di = await addParticipant(s, { name: "Di", timezone: "America/New_York", groupId: group.id, status: "interested" });
    await deactivate(cy);

    const roundId = await createRoundAs(s.manager, group.id);
    const invited = await db.select({ userId: roundInvitees.userId }).from(roundInvitees).where(eq(roundInvitees.roundId, roundId));
    expect(invited.map((i) => i.userId).sort()).toEqual([ann.id, bo.id, di.id].sort());
    expect(await mailsTo(cy, "round-invitation:")).toHaveLength(0);
    expect(await mailsTo(ann, "round-invitation:")).toHaveLength(1);

    await deactivate(di);
    const out = await remindRound(s.manager, roundId, { baseUrl: BASE, now: new Date() });
    expect(out.reminded).toBe(2);
    expect(await mailsTo(di, "round-reminder:")).toHaveLength(0);
    expect(await mailsTo(ann, "round-reminder:")).toHaveLength(1);
    expect(await mailsTo(bo, "round-reminder:")).toHaveLength(1);
  });
});
