import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { enrolments, groupFacilitators, groups, memberships } from "~/db/schema";
import * as registerRoute from "~/routes/groups.$groupId.register";
import { intakeForm } from "../../factories/registration";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";

/**
 * Hostile review (dec 6): "Register someone" on a group's page lists the organisation's
 * participants to pick from. A facilitator of a budgeting workshop got every participant of the
 * agency with their full email address — people of the recovery program they have no relationship
 * with, who never agreed that facilitators may see their email ("facilitator_contact") — and people
 * whose membership had been ended. The new-referral form already gives facilitators only a hint to
 * tell namesakes apart ("j…@example.org"); the register picker must do the same, and list only
 * current members.
 */
type Picker = { participants: { id: string; name: string; email: string }[] | null };

describe("the register-someone picker shows contact details only as far as the role allows", () => {
  let s: Scenario;
  let workshopLead: Person;
  let workshopId: string;
  let departed: Person;
  const picker = async (who: Person) => {
    const out = await callRoute(registerRoute, { path: `/groups/${workshopId}/register`, params: { groupId: workshopId }, cookie: who.cookie });
    expect(out.status).toBe(200);
    return (out.data as Picker).participants!;
  };

  beforeAll(async () => {
    s = await createOrgScenario();
    workshopLead = await createPerson(s.org, "facilitator", { name: "Wes Workshop" });
    const [workshop] = await db
      .insert(groups)
      .values({ organizationId: s.org.id, programId: s.program.id, kind: "workshop", name: "Budgeting Basics", timezone: "America/New_York", capacity: 10, location: "Room 3" })
      .returning();
    workshopId = workshop.id;
    await db.insert(groupFacilitators).values({ groupId: workshop.id, userId: workshopLead.id, organizationId: s.org.id });
    departed = await createPerson(s.org, "participant", { name: "Dana Departed" });
    await db
      .update(memberships)
      .set({ deactivatedAt: new Date() })
      .where(and(eq(memberships.userId, departed.id), eq(memberships.organizationId, s.org.id)));
  }, 60_000);

  it("a facilitator sees names with an email hint, never the addresses of the recovery group's members", async () => {
    const list = await picker(workshopLead);
    const recovery = list.find((p) => p.id === s.participant.id);
    expect(recovery?.name).toBe(s.participant.name);
    expect(recovery?.email).not.toBe(s.participant.email);
    expect(recovery?.email).toBe(`${s.participant.email[0]}…@test.example`);
    expect(JSON.stringify(list)).not.toContain(s.otherParticipant.email);
  });

  it("nobody is offered a person whose membership has ended", async () => {
    expect((await picker(workshopLead)).map((p) => p.id)).not.toContain(departed.id);
    expect((await picker(s.manager)).map((p) => p.id)).not.toContain(departed.id);
  });

  it("a person whose membership has ended cannot be registered by id either", async () => {
    const out = await callRoute(registerRoute, {
      path: `/groups/${workshopId}/register`,
      params: { groupId: workshopId },
      cookie: s.manager.cookie,
      form: intakeForm({ participantId: departed.id }),
    });
    expect(out.status).toBe(400);
    expect(JSON.stringify(out.data)).toContain("Choose a participant of your organisation.");
    const rows = await db.select().from(enrolments).where(and(eq(enrolments.groupId, workshopId), eq(enrolments.userId, departed.id)));
    expect(rows).toEqual([]);
  });

  it("managers keep the full address (they may contact every participant)", async () => {
    const recovery = (await picker(s.manager)).find((p) => p.id === s.participant.id);
    expect(recovery?.email).toBe(s.participant.email);
  });
});
