import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { auditEvents, emailOutbox, enrolments } from "~/db/schema";
import { roundInvitees, seriesAssignments } from "~/db/tables/scheduling";
import { translateMessage } from "~/i18n/catalog";
import { registerForGroup } from "~/modules/registration/mutations.server";
import { publishRound } from "~/modules/scheduling/mutations.server";
import { createEmptyGroup, createParticipants, intake } from "../../factories/registration";
import { addParticipant, createRoundAs, postRound, ROUND_FORM, setAvailability, viewRound, w } from "../../factories/scheduling";
import { createOrgScenario, FIXED_SERIES_START, type Person, type Scenario } from "../../factories/scenario";

// Publishing a scheduling round enrolled every cohort member, whatever the group's seats: a group
// of 4 seats could end with 6 enrolled (the round's capacity per cohort × cohorts is not the
// group's seats), and registrations and withdrawals then worked against an overfilled group. Now
// publishing seats the people new to the group (interested, not yet holding a seat) only up to the
// seats nobody holds or waits for, in the order they answered the round, and puts the rest on the
// waiting list in the same transaction (audited, emailed); the round page says so beforehand.

const BASE = "http://test.local";
let s: Scenario;

beforeAll(async () => {
  s = await createOrgScenario({ seriesStart: FIXED_SERIES_START });
});

/** A group of `capacity` seats, everyone free on Thursday evenings, answers recorded in the order given. */
async function roundWith(capacity: number, people: { name: string; status: "enrolled" | "interested" }[], form: Record<string, string> = {}) {
  const group = await createEmptyGroup(s, capacity, `Seats ${Math.random().toString(36).slice(2, 7)}`);
  const out: Person[] = [];
  for (const p of people) {
    const person = await addParticipant(s, { name: p.name, timezone: "America/New_York", status: p.status, groupId: group.id });
    await setAvailability(person, [w("thu", "17:00", "21:00"), w("tue", "09:00", "21:00")]);
    out.push(person);
  }
  // Up to two cohorts of up to 4 (1 March to 4 April 2027).
  const roundId = await createRoundAs(s.manager, group.id, { ...ROUND_FORM, ...form });
  for (const [index, person] of out.entries()) {
    await db
      .update(roundInvitees)
      .set({ respondedAt: new Date(Date.UTC(2027, 0, 10, 12, index)) })
      .where(and(eq(roundInvitees.roundId, roundId), eq(roundInvitees.userId, person.id)));
  }
  return { group, people: out, roundId };
}

const statuses = async (groupId: string) =>
  new Map((await db.select({ userId: enrolments.userId, status: enrolments.status }).from(enrolments).where(eq(enrolments.groupId, groupId))).map((r) => [r.userId, r.status]));
const enrolledCount = async (groupId: string) => [...(await statuses(groupId)).values()].filter((x) => x === "enrolled").length;

describe("publishing a round never seats more people than the group has seats", () => {
  it("seats newcomers up to the seats left, in the order they answered, and puts the rest on the waiting list", async () => {
    const { group, people, roundId } = await roundWith(4, [
      { name: "Ann", status: "enrolled" },
      { name: "Bo", status: "interested" },
      { name: "Cy", status: "interested" },
      { name: "Di", status: "interested" },
      { name: "Ed", status: "interested" },
      { name: "Fay", status: "interested" },
    ]);
    const [ann, bo, cy, di, ed, fay] = people;
    // The page says it before publishing: 4 seats, 1 held, 3 left; 3 of 5 newcomers seated, 2 waiting.
    const page = (await viewRound(s.manager, roundId)).data.staff!;
    expect(page.plan.flatMap((c) => c.participants)).toHaveLength(6);
    expect(page.seats).toMatchObject({ capacity: 4, taken: 1, waiting: 0, left: 3, newcomers: 5 });
    expect(page.seats!.seated).toEqual(["Bo", "Cy", "Di"]);
    expect(page.seats!.waitlisted).toEqual(["Ed", "Fay"]);

    const out = await postRound(s.manager, roundId, { intent: "publish", overrideReason: "" });
    expect(out.status).toBe(302);
    expect(out.location).toMatch(new RegExp(`^/rounds/${roundId}\\?published=\\d&waitlisted=2$`));
    const after = await statuses(group.id);
    expect(await enrolledCount(group.id)).toBe(4);
    expect([ann, bo, cy, di].map((p) => after.get(p.id))).toEqual(["enrolled", "enrolled", "enrolled", "enrolled"]);
    expect([ed, fay].map((p) => after.get(p.id))).toEqual(["waitlisted", "waitlisted"]);
    // The waiting people are in no cohort and get no calendar invitation, but are told their place.
    const assigned = await db.select({ userId: seriesAssignments.userId }).from(seriesAssignments).where(inArray(seriesAssignments.userId, people.map((p) => p.id)));
    expect(assigned.map((a) => a.userId).sort()).toEqual([ann.id, bo.id, cy.id, di.id].sort());
    const edMail = await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, ed.email));
    expect(edMail.some((m) => m.attachments.some((a) => a.method === "REQUEST"))).toBe(false);
    expect(edMail.some((m) => m.textBody.includes("is full right now, so you are on its waitlist at number 1."))).toBe(true);
    const waitAudits = await db
      .select({ subjectId: auditEvents.subjectId, reason: auditEvents.reason, after: auditEvents.after })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "enrolment.waitlist"), eq(auditEvents.organizationId, s.org.id)));
    const ids = (await db.select({ id: enrolments.id }).from(enrolments).where(and(eq(enrolments.groupId, group.id), inArray(enrolments.userId, [ed.id, fay.id])))).map((r) => r.id);
    expect(waitAudits.filter((a) => ids.includes(a.subjectId!))).toHaveLength(2);
    // The published round keeps who went to the waiting list.
    const published = (await viewRound(s.manager, roundId)).data.staff!.published!;
    expect(published.waitlisted).toEqual(["Ed", "Fay"]);
  });

  it("a full group: nobody new can be seated, so publishing is refused with the numbers and changes nothing", async () => {
    const { group, roundId } = await roundWith(1, [
      { name: "Gil", status: "enrolled" },
      { name: "Hal", status: "interested" },
      { name: "Ida", status: "interested" },
      { name: "Jo", status: "interested" },
    ], { sections: "1" });
    // One seat, held by Gil: his cohort is published with him seated and the three newcomers waiting.
    const done = await publishRound(s.manager, roundId, { baseUrl: BASE, now: new Date() });
    expect(done.waitlisted).toBe(3);
    expect(await enrolledCount(group.id)).toBe(1);

    const full = await roundWith(2, [
      { name: "Kim", status: "interested" },
      { name: "Lou", status: "interested" },
    ], { sections: "1", minParticipants: "1" });
    for (const p of await createParticipants(s, 2)) await registerForGroup(p, full.group.id, intake(), { baseUrl: BASE });
    const before = await statuses(full.group.id);
    const refused = await postRound(s.manager, full.roundId, { intent: "publish", overrideReason: "" });
    expect(refused.status).toBe(400);
    const message = (refused.data as { errors: Record<string, string[]> }).errors._form[0];
    expect(message).toBe("No seat is left for the people new to the group in these cohorts (seats: 2; taken or offered: 2; waiting: 0). Nothing was published: raise the group's seats on its waiting-list page, then publish.");
    expect(translateMessage(message, "es-ES")).toBe(
      "No queda ningún lugar para las personas nuevas en el grupo de estas cohortes (lugares: 2; ocupados u ofrecidos: 2; en espera: 0). No se publicó nada: aumente los lugares del grupo en su página de lista de espera y luego publique.",
    );
    expect(await statuses(full.group.id)).toEqual(before);
  });

  it("a registration at the same moment as the publication: never more enrolled than seats (5 rounds)", async () => {
    for (let round = 0; round < 5; round++) {
      const { group, roundId } = await roundWith(3, [
        { name: "Max", status: "enrolled" },
        { name: "Ned", status: "interested" },
        { name: "Oli", status: "interested" },
        { name: "Pat", status: "interested" },
      ], { sections: "1" });
      const [outsider] = await createParticipants(s, 1);
      const results = await Promise.allSettled([
        publishRound(s.manager, roundId, { baseUrl: BASE, now: new Date() }),
        registerForGroup(outsider, group.id, intake(), { baseUrl: BASE }),
      ]);
      expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled"]);
      expect(await enrolledCount(group.id)).toBe(3);
    }
  }, 60_000);
});
