import { and, eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { auditEvents, emailOutbox, series } from "~/db/schema";
import { roundInvitees, schedulingRounds } from "~/db/tables/scheduling";
import { remindRound } from "~/modules/scheduling/mutations.server";
import * as availability from "~/routes/availability";
import * as roundPage from "~/routes/rounds.$roundId._index";
import { addParticipant, createRoundAs } from "../../factories/scheduling";
import { createOrgScenario, type Person, type Scenario } from "../../factories/scenario";
import { callRoute } from "../../factories/requests";

let s: Scenario;
let foreign: Scenario;
let cara: Person;
let roundId: string;

const post = (who: Person, form: Record<string, string>, id = roundId) =>
  callRoute(roundPage, { path: `/rounds/${id}`, params: { roundId: id }, cookie: who.cookie, form });
const reminders = () => db.select().from(emailOutbox).where(like(emailOutbox.dedupeKey, `round-reminder:${roundId}:%`));
const errorsOf = (out: { data?: unknown }) => (out.data as { errors: Record<string, string[]> }).errors;

beforeAll(async () => {
  [s, foreign] = await Promise.all([createOrgScenario(), createOrgScenario()]);
  cara = await addParticipant(s, { name: "Cara NY", timezone: "America/New_York" });
  roundId = await createRoundAs(s.manager, s.group.id);
  // Cara answers; s.participant and s.otherParticipant do not.
  const confirm = await callRoute(availability, { path: "/availability", cookie: cara.cookie, form: { intent: "confirm", roundId } });
  expect(confirm.status).toBe(302);
});

describe("reminding people who have not answered a round", () => {
  it("only staff of the group may remind; others are refused and nothing is sent", async () => {
    for (const [who, status] of [[s.participant, 403], [s.otherFacilitator, 404], [foreign.manager, 404]] as const) {
      expect((await post(who, { intent: "remind" })).status).toBe(status);
    }
    expect(await reminders()).toHaveLength(0);
  });

  it("emails each person who has not answered once, with their link, and records it", async () => {
    const out = await post(s.facilitator, { intent: "remind" });
    expect(out.status).toBe(302);
    expect(out.location).toContain("reminded=2");
    const mails = await reminders();
    expect(mails.map((m) => m.toAddress).sort()).toEqual([s.participant.email, s.otherParticipant.email].sort());
    expect(mails[0].subject).toContain("Reminder");
    expect(mails[0].textBody).toContain(`/availability?round=${roundId}`);
    const rows = await db.select().from(roundInvitees).where(eq(roundInvitees.roundId, roundId));
    expect(rows.find((r) => r.userId === cara.id)).toMatchObject({ reminders: 0, remindedAt: null });
    expect(rows.filter((r) => r.reminders === 1).map((r) => r.userId).sort()).toEqual([s.participant.id, s.otherParticipant.id].sort());
    const audit = await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, roundId), eq(auditEvents.action, "scheduling_round.remind")));
    expect(audit).toHaveLength(1);
    expect(audit[0].actorUserId).toBe(s.facilitator.id);
  });

  it("a second press within a day sends nothing and says when the next reminder is possible", async () => {
    const out = await post(s.manager, { intent: "remind" });
    expect(out.status).toBe(400);
    expect(errorsOf(out)._form[0]).toMatch(/reminded less than 24 hours ago\. You can send the next reminder in about 2[34] hours/);
    expect(await reminders()).toHaveLength(2);
  });

  it("two presses at once a day later send one reminder each, and a fourth is never sent", async () => {
    const later = (hours: number) => new Date(Date.now() + hours * 3_600_000);
    const both = await Promise.allSettled([
      remindRound(s.manager, roundId, { baseUrl: "http://app.test", now: later(25) }),
      remindRound(s.facilitator, roundId, { baseUrl: "http://app.test", now: later(25) }),
    ]);
    expect(both.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(both.find((r) => r.status === "rejected")!.reason.message).toMatch(/reminded less than 24 hours ago/);
    expect(await reminders()).toHaveLength(4);
    await remindRound(s.manager, roundId, { baseUrl: "http://app.test", now: later(50) });
    expect(await reminders()).toHaveLength(6);
    await expect(remindRound(s.manager, roundId, { baseUrl: "http://app.test", now: later(80) })).rejects.toThrow(/already had 3 reminders/);
    expect(await reminders()).toHaveLength(6);
  });

  it("the round page lists who was reminded (staff only)", async () => {
    const out = await callRoute(roundPage, { path: `/rounds/${roundId}`, params: { roundId }, cookie: s.manager.cookie });
    const staff = (out.data as Awaited<ReturnType<typeof roundPage.loader>>).staff!;
    expect(staff.invitees.find((i) => i.id === s.participant.id)).toMatchObject({ reminders: 3 });
    expect(staff.reminders.exhausted.sort()).toEqual([s.participant.id, s.otherParticipant.id].sort());
  });
});

describe("closing a round without publishing", () => {
  it("needs a reason, beside the field, and changes nothing without one", async () => {
    const out = await post(s.manager, { intent: "close", closeReason: " " });
    expect(out.status).toBe(400);
    expect(Object.keys(errorsOf(out))).toEqual(["closeReason"]);
    const [round] = await db.select().from(schedulingRounds).where(eq(schedulingRounds.id, roundId));
    expect(round.status).toBe("open");
  });

  it("is refused to participants, other groups' staff and other organisations", async () => {
    for (const [who, status] of [[s.participant, 403], [s.otherFacilitator, 404], [foreign.manager, 404]] as const) {
      expect((await post(who, { intent: "close", closeReason: "not needed" })).status).toBe(status);
    }
    const [round] = await db.select().from(schedulingRounds).where(eq(schedulingRounds.id, roundId));
    expect(round.status).toBe("open");
  });

  it("closes the round with its reason, audited, creating no series; afterwards it cannot be changed or published", async () => {
    const seriesBefore = await db.select().from(series).where(eq(series.groupId, s.group.id));
    const out = await post(s.manager, { intent: "close", closeReason: "The group will meet at its old time." });
    expect(out.status).toBe(302);
    const [round] = await db.select().from(schedulingRounds).where(eq(schedulingRounds.id, roundId));
    expect(round).toMatchObject({ status: "closed", closedBy: s.manager.id, closeReason: "The group will meet at its old time.", publishedAt: null });
    expect(await db.select().from(series).where(eq(series.groupId, s.group.id))).toHaveLength(seriesBefore.length);
    const audit = await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, roundId), eq(auditEvents.action, "scheduling_round.close")));
    expect(audit).toHaveLength(1);
    for (const form of [{ intent: "publish" }, { intent: "remind" }, { intent: "close", closeReason: "again" }, { intent: "reset" }] as Record<string, string>[]) {
      const refused = await post(s.manager, form);
      expect(refused.status).toBe(400);
      expect(errorsOf(refused)._form[0]).toContain("closed without publishing");
    }
    const page = await callRoute(roundPage, { path: `/rounds/${roundId}`, params: { roundId }, cookie: s.manager.cookie });
    expect((page.data as Awaited<ReturnType<typeof roundPage.loader>>).staff!.closeReason).toBe("The group will meet at its old time.");
  });

  it("an invitee's old link explains the round has closed instead of asking, and confirming it is refused", async () => {
    const out = await callRoute(availability, { path: `/availability?round=${roundId}`, cookie: s.participant.cookie });
    expect(out.status).toBe(200);
    expect((out.data as Awaited<ReturnType<typeof availability.loader>>).finishedRound).toEqual({ groupName: s.group.name, status: "closed" });
    expect((out.data as Awaited<ReturnType<typeof availability.loader>>).rounds.map((r) => r.id)).not.toContain(roundId);
    const confirm = await callRoute(availability, { path: "/availability", cookie: s.participant.cookie, form: { intent: "confirm", roundId } });
    expect(confirm.status).toBe(404);
    // Someone never invited still gets a 404 for the link.
    const stranger = await callRoute(availability, { path: `/availability?round=${roundId}`, cookie: foreign.participant.cookie });
    expect(stranger.status).toBe(404);
  });
});
