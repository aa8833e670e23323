import { and, asc, eq, inArray, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { auditEvents, emailOutbox, enrolments, series, sessions } from "~/db/schema";
import { roundInvitees, schedulingRounds, seriesAssignments } from "~/db/tables/scheduling";
import * as availability from "~/routes/availability";
import * as roundsNew from "~/routes/groups.$groupId.rounds.new";
import { addParticipant, createRoundAs, postRound, ROUND_FORM, setAvailability, viewRound, w } from "../../factories/scheduling";
import { createOrgScenario, FIXED_SERIES_START, type Person, type Scenario } from "../../factories/scenario";
import { makeCurrent } from "../../factories/competency";
import { callRoute } from "../../factories/requests";

let s: Scenario;
let cara: Person;
let ana: Person;
let ben: Person;
let dev: Person;
let roundId: string;

const page = (who: Person) => viewRound(who, roundId);
const post = (who: Person, form: Record<string, string | string[]>) => postRound(who, roundId, form);

beforeAll(async () => {
  // Group in New York; its facilitator already leads Tuesdays 19:00–20:00 from 2 March 2027, inside
  // the fixed round (ROUND_FORM, 1 March to 4 April 2027) whose exact instants this file checks.
  s = await createOrgScenario({ seriesStart: FIXED_SERIES_START });
  cara = await addParticipant(s, { name: "Cara NY", timezone: "America/New_York" });
  ana = await addParticipant(s, { name: "Ana Chicago", timezone: "America/Chicago" });
  ben = await addParticipant(s, { name: "Ben LA", timezone: "America/Los_Angeles", status: "interested" });
  dev = await addParticipant(s, { name: "Dev London", timezone: "Europe/London" });
  // Thursday evening in New York, each in their own zone.
  await setAvailability(cara, [w("thu", "17:00", "21:00")]);
  await setAvailability(ana, [w("thu", "16:00", "20:00")]);
  await setAvailability(ben, [w("thu", "14:00", "18:00")]);
  // Tuesday late morning in New York: London afternoons and a Kolkata night window.
  await setAvailability(s.participant, [w("tue", "14:00", "18:00")]); // Europe/London
  await setAvailability(dev, [w("tue", "15:00", "19:00")]);
  await setAvailability(s.otherParticipant, [w("tue", "20:30", "24:00")]); // Asia/Kolkata
  await setAvailability(s.facilitator, [w("tue", "09:00", "21:00"), w("thu", "09:00", "21:00")]);
  // The facilitator is qualified to lead (the publish gate checks it).
  await makeCurrent(s.org.id, s.facilitator.id, s.manager.id);
});

describe("a scheduling round from invitation to publication", () => {
  it("creates the round and emails every enrolled or interested participant a link, exactly once", async () => {
    roundId = await createRoundAs(s.manager, s.group.id);
    const invitees = await db.select().from(roundInvitees).where(eq(roundInvitees.roundId, roundId));
    expect(invitees.map((i) => i.userId).sort()).toEqual([s.participant.id, s.otherParticipant.id, cara.id, ana.id, ben.id, dev.id].sort());
    expect(invitees.every((i) => i.invitedAt && !i.respondedAt)).toBe(true);
    const mails = await db.select().from(emailOutbox).where(like(emailOutbox.dedupeKey, `round-invitation:${roundId}:%`));
    expect(mails).toHaveLength(6);
    expect(mails.find((m) => m.toAddress === ben.email)!.textBody).toContain(`/availability?round=${roundId}`);
  });

  it("refuses bad round parameters beside the fields and creates nothing", async () => {
    const before = await db.select().from(schedulingRounds).where(eq(schedulingRounds.groupId, s.group.id));
    const out = await callRoute(roundsNew, {
      path: `/groups/${s.group.id}/rounds/new`,
      params: { groupId: s.group.id },
      cookie: s.manager.cookie,
      form: { ...ROUND_FORM, endDate: "2027-02-01", dayStart: "20:00", dayEnd: "19:00", minParticipants: "9", skipDates: "2027-13-01", "weekdays[]": [] },
    });
    expect(out.status).toBe(400);
    const errors = (out.data as { errors: Record<string, string[]> }).errors;
    expect(Object.keys(errors).sort()).toEqual(["dayEnd", "endDate", "minParticipants", "skipDates", "weekdays"]);
    expect(await db.select().from(schedulingRounds).where(eq(schedulingRounds.groupId, s.group.id))).toHaveLength(before.length);
  });

  it("records who answered: confirming, or saving availability", async () => {
    const confirm = await callRoute(availability, { path: "/availability", cookie: ana.cookie, form: { intent: "confirm", roundId } });
    expect(confirm.status).toBe(302);
    const save = await callRoute(availability, { path: "/availability", cookie: cara.cookie, form: { intent: "weekly", "day[]": ["thu"], "from[]": ["17:00"], "to[]": ["21:00"] } });
    expect(save.status).toBe(302);
    const answered = await db.select({ userId: roundInvitees.userId }).from(roundInvitees).where(and(eq(roundInvitees.roundId, roundId)));
    const rows = await db.select().from(roundInvitees).where(eq(roundInvitees.roundId, roundId));
    expect(rows.filter((r) => r.respondedAt).map((r) => r.userId).sort()).toEqual([ana.id, cara.id].sort());
    expect(answered).toHaveLength(6);
    // Confirming a round one was not invited to is a 404 and records nothing.
    const stranger = await callRoute(availability, { path: "/availability", cookie: s.otherFacilitator.cookie, form: { intent: "confirm", roundId } });
    expect(stranger.status).toBe(404);
  });

  it("suggests two cohorts that place everyone, with the facilitator's other group as busy time", async () => {
    const { status, data } = await page(s.manager);
    expect(status).toBe(200);
    const staff = data.staff!;
    expect(staff.plan).toHaveLength(2);
    expect(staff.plan.flatMap((c) => c.participants).length).toBe(6);
    expect(staff.unassigned).toEqual([]);
    expect(new Set(staff.plan.map((c) => c.day))).toEqual(new Set(["tue", "thu"]));
    const busy = data.slots.find((x) => x.day === "tue" && x.start === "18:00")!;
    type Named = { names: { available: string[]; facilitators: string[] } };
    expect((busy as unknown as Named).names.facilitators).toEqual([]); // 18:00–19:30 meets her 19:00 group
    const thu = data.slots.find((x) => x.day === "thu" && x.start === "18:00")!;
    expect(thu).toMatchObject({ available: 3, occurrences: 4 }); // 18 March is skipped
    expect((thu as unknown as Named).names.available).toEqual(["Ana Chicago", "Ben LA", "Cara NY"]);
  });

  it("a participant of the group sees counts only, never names", async () => {
    const { status, data } = await page(cara);
    expect(status).toBe(200);
    expect(data.staff).toBeNull();
    const text = JSON.stringify(data);
    for (const p of [ana, ben, dev, s.participant, s.otherParticipant, s.facilitator]) {
      expect(text).not.toContain(p.name);
      expect(text).not.toContain(p.id);
    }
    expect(data.slots.find((x) => x.day === "thu" && x.start === "18:00")).toEqual({ day: "thu", start: "18:00", occurrences: 4, available: 3, partial: 0 });
  });

  it("shows the effect of an adjustment at once and keeps it in the round", async () => {
    const form = (caraCohort: string) => ({
      intent: "adjust",
      "slot-1": "thu@18:00",
      "facilitator-1": s.facilitator.id,
      "slot-2": "tue@11:00",
      "facilitator-2": s.facilitator.id,
      [`cohort-${cara.id}`]: caraCohort,
      [`cohort-${ana.id}`]: "1",
      [`cohort-${ben.id}`]: "1",
      [`cohort-${s.participant.id}`]: "2",
      [`cohort-${dev.id}`]: "2",
      [`cohort-${s.otherParticipant.id}`]: "2",
    });
    const moved = await post(s.manager, form("2"));
    expect(moved.status).toBe(302);
    const after = (await page(s.manager)).data.staff!;
    expect(after.adjusted).toBe(true);
    expect(after.plan[1].participants.find((p) => p.id === cara.id)).toMatchObject({ status: "unavailable" });
    expect(after.plan[1].warnings).toContain("Cohort 2: 1 participant is not available for every session.");
    const [stored] = await db.select({ plan: schedulingRounds.plan }).from(schedulingRounds).where(eq(schedulingRounds.id, roundId));
    expect(stored.plan!.cohorts[1].participantIds).toContain(cara.id);
    // A time that is not a candidate is refused beside its field, and the kept plan is unchanged.
    const bad = await post(s.manager, { ...form("1"), "slot-2": "tue@07:00" });
    expect(bad.status).toBe(400);
    expect((bad.data as { errors: Record<string, string[]> }).errors["slot-2"]).toBeTruthy();
    expect((await post(s.manager, form("1"))).status).toBe(302);
    const final = (await page(s.manager)).data.staff!;
    expect(final.blocking).toEqual([]);
    expect(final.plan.map((c) => [c.day, c.start, c.participants.length])).toEqual([["thu", "18:00", 3], ["tue", "11:00", 3]]);
    expect(final.plan.every((c) => c.participants.every((p) => p.status === "available"))).toBe(true);
  });

  it("a participant cannot adjust or publish", async () => {
    expect((await post(cara, { intent: "publish" })).status).toBe(403);
    expect((await post(s.otherFacilitator, { intent: "publish" })).status).toBe(404);
  });

  it("publishes: series at the right instants across the DST change, members assigned and enrolled, invitations queued", async () => {
    const out = await post(s.facilitator, { intent: "publish", overrideReason: "" });
    expect(out.status).toBe(302);
    expect(out.location).toBe(`/rounds/${roundId}?published=2`);
    const [round] = await db.select().from(schedulingRounds).where(eq(schedulingRounds.id, roundId));
    expect(round.status).toBe("published");
    const created = await db
      .select()
      .from(series)
      .where(and(eq(series.groupId, s.group.id), inArray(series.id, db.select({ id: seriesAssignments.seriesId }).from(seriesAssignments))));
    expect(created).toHaveLength(2);
    const thursday = created.find((x) => x.weekdays[0] === "thu")!;
    const tuesday = created.find((x) => x.weekdays[0] === "tue")!;
    expect(thursday).toMatchObject({ startTime: "18:00", durationMinutes: 90, timezone: "America/New_York", startDate: "2027-03-01", endDate: "2027-04-04", skipDates: ["2027-03-18"] });
    const instants = async (seriesId: string) =>
      (await db.select().from(sessions).where(eq(sessions.seriesId, seriesId)).orderBy(asc(sessions.startsAt))).map((r) => r.startsAt.toISOString());
    // 18:00 EST is 23:00Z; after 14 March 18:00 EDT is 22:00Z; 18 March is a skipped holiday.
    expect(await instants(thursday.id)).toEqual(["2027-03-04T23:00:00.000Z", "2027-03-11T23:00:00.000Z", "2027-03-25T22:00:00.000Z", "2027-04-01T22:00:00.000Z"]);
    expect(await instants(tuesday.id)).toEqual([
      "2027-03-02T16:00:00.000Z",
      "2027-03-09T16:00:00.000Z",
      "2027-03-16T15:00:00.000Z",
      "2027-03-23T15:00:00.000Z",
      "2027-03-30T15:00:00.000Z",
    ]);
    const members = await db.select().from(seriesAssignments).where(inArray(seriesAssignments.seriesId, [thursday.id, tuesday.id]));
    const of = (seriesId: string, role: string) => members.filter((m) => m.seriesId === seriesId && m.role === role).map((m) => m.userId).sort();
    expect(of(thursday.id, "participant")).toEqual([cara.id, ana.id, ben.id].sort());
    expect(of(tuesday.id, "participant")).toEqual([s.participant.id, dev.id, s.otherParticipant.id].sort());
    expect(of(thursday.id, "facilitator")).toEqual([s.facilitator.id]);
    const [benEnrolment] = await db.select().from(enrolments).where(and(eq(enrolments.groupId, s.group.id), eq(enrolments.userId, ben.id)));
    expect(benEnrolment.status).toBe("enrolled"); // was "interested"
    const invitations = await db.select().from(emailOutbox).where(inArray(emailOutbox.toAddress, [ben.email, s.facilitator.email]));
    const withIcs = invitations.filter((m) => m.attachments.some((a) => a.method === "REQUEST"));
    expect(withIcs.map((m) => m.toAddress).sort()).toEqual([ben.email, s.facilitator.email, s.facilitator.email].sort());
    const benIcs = withIcs.find((m) => m.toAddress === ben.email)!.attachments[0].content;
    expect(benIcs.match(/BEGIN:VEVENT/g)).toHaveLength(4);
    const [audit] = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "scheduling_round.publish"), eq(auditEvents.subjectId, roundId)));
    expect(audit.actorUserId).toBe(s.facilitator.id);
  });

  it("cannot publish twice, and the published round is no longer shown to participants", async () => {
    const again = await post(s.manager, { intent: "publish" });
    expect(again.status).toBe(400);
    expect(JSON.stringify(again.data)).toContain("already published");
    expect((await page(cara)).status).toBe(404);
    expect((await page(s.manager)).status).toBe(200);
  });
});
