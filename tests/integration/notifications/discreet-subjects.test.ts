import { and, eq } from "drizzle-orm";
import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { enrolments, groupFacilitators, groups, users } from "~/db/schema";
import { flagMissingAttendance, raiseAbsenceAlerts } from "~/modules/attendance/jobs.server";
import { markAttendance } from "~/modules/attendance/roster/mutations.server";
import type { CurrentUser } from "~/modules/auth/policy";
import { enqueueSeriesInvitations } from "~/modules/calendar/mutations.server";
import { processOutbox } from "~/modules/notifications/mutations.server";
import { createTransport } from "~/modules/notifications/transport.server";
import { flagUnsignedNotes } from "~/modules/records/jobs.server";
import {
  changeCapacity,
  declineOffer,
  processWaitlists,
  registerForGroup,
  updateWaitlistSettings,
  withdrawEnrolment,
} from "~/modules/registration/mutations.server";
import { remindRound } from "~/modules/scheduling/mutations.server";
import { sendFeedbackInvitations } from "~/modules/voice/jobs.server";
import { createProposal } from "~/modules/voice/proposals/mutations.server";
import * as proposalPage from "~/routes/proposals.$proposalId";
import { createSessionAt, minutes } from "../../factories/attendance";
import { createEmptyGroup, createParticipants, intake } from "../../factories/registration";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";
import { createRoundAs, roundFormForScenario } from "../../factories/scheduling";
import { startSmtpServer } from "../../factories/smtp";
import { createHeldSession } from "../../factories/voice";

/**
 * An email's subject shows on a locked phone's notification, and a recovery group's name there
 * discloses treatment. Every email whose subject named a group (or a proposal, whose title can)
 * now follows the reader's calendar-entries choice: discreet (participants unless they chose named
 * entries; staff who chose discreet) names none — the body still does; named (staff by default, a
 * participant who unticked it) as before. Checked on the subjects as a real SMTP server receives them.
 */
let s: Scenario;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
const BASE = "http://test.local";
const GROUP = "Alcohol Recovery Circle";

/** Sends what is queued to the SMTP server (as of `at`: a seat email goes only while its seat or offer stands). */
async function deliver(at = new Date()) {
  await processOutbox({ transport: createTransport(smtp.url), now: () => at });
}
const mailTo = (who: { email: string }): ParsedMail[] => smtp.messages.filter((m) => (m.to as { text: string }).text.includes(who.email));
const subjectsTo = (who: { email: string }) => mailTo(who).map((m) => m.subject ?? "");

async function chooseNamed(who: { id: string }, named = true) {
  await db.update(users).set({ calendarDiscreet: !named }).where(eq(users.id, who.id));
}
/** Spanish from now on (the stored locale, and the signed-in person's copy of it). */
async function spanish(who: { id: string; locale: string }) {
  await db.update(users).set({ locale: "es-US" }).where(eq(users.id, who.id));
  who.locale = "es-US";
}

/** Every discreet mail to `who`: none of its subjects names the group; each body does. */
function expectDiscreet(who: { email: string }, subjects: (string | RegExp)[]) {
  const mails = mailTo(who);
  expect(mails.map((m) => m.subject)).toEqual(subjects.map((x) => (typeof x === "string" ? x : expect.stringMatching(x))));
  for (const m of mails) {
    expect(m.subject).not.toContain(GROUP);
    expect(m.text).toContain(GROUP);
  }
}

beforeAll(async () => {
  s = await createOrgScenario();
  await db.update(groups).set({ name: GROUP }).where(eq(groups.id, s.group.id));
  smtp = await startSmtpServer();
}, 60_000);
afterAll(async () => {
  await smtp?.close();
});

describe("registration, seat and lapsed-offer emails", () => {
  it("name no group for a discreet participant (English and Spanish), and do for one who chose named entries; an urgent intake's alert follows each staff member's choice", async () => {
    const group = await createEmptyGroup(s, 1, GROUP);
    const [a, named, c, es, namedLate, f] = await createParticipants(s, 6);
    await chooseNamed(named);
    await chooseNamed(namedLate);
    await spanish(es);
    const discreetManager = await createPerson(s.org, "manager");
    await chooseNamed(discreetManager, false);
    const register = async (p: CurrentUser, urgent = false) => {
      await registerForGroup(p, group.id, intake({ urgent, urgentNote: urgent ? "Needs a place soon" : "" }), { baseUrl: BASE });
      await deliver();
    };
    await register(a);
    await register(named);
    await register(c, true);
    await register(es);
    await register(namedLate);
    await register(f);
    expect(subjectsTo(named)).toEqual([`On the waitlist: ${GROUP}`]);
    expect(subjectsTo(namedLate)).toEqual([`On the waitlist: ${GROUP}`]);
    // The urgent intake's alert: a manager (named by default) and one who chose discreet.
    expect(subjectsTo(s.manager)).toEqual([`Urgent intake for ${GROUP}`]);
    expectDiscreet(discreetManager, ["Urgent new intake"]);

    // A seat frees (seats are given at once): to the named participant, then (capacity raised) to a discreet one.
    const enrolmentOf = async (p: CurrentUser) =>
      (await db.select({ id: enrolments.id }).from(enrolments).where(and(eq(enrolments.groupId, group.id), eq(enrolments.userId, p.id))))[0].id;
    await withdrawEnrolment(a, await enrolmentOf(a), { baseUrl: BASE });
    await changeCapacity(s.manager, group.id, 2, { baseUrl: BASE });
    await deliver();
    // Offers with a deadline: the Spanish participant's lapses, then the named one's, then one is declined.
    await updateWaitlistSettings(s.manager, group.id, { mode: "offer", offerHours: 48, shareNamesWithGroup: false }, { baseUrl: BASE });
    const t0 = new Date("2027-05-01T12:00:00Z");
    await withdrawEnrolment(named, await enrolmentOf(named), { baseUrl: BASE, now: t0 });
    await deliver(t0);
    const t1 = new Date("2027-05-03T12:00:00Z");
    await processWaitlists(t1, BASE);
    await deliver(t1);
    const t2 = new Date("2027-05-05T12:00:00Z");
    await processWaitlists(t2, BASE);
    await deliver(t2);
    await declineOffer(f, await enrolmentOf(f), { baseUrl: BASE, now: t2 });
    await deliver(t2);

    expectDiscreet(a, ["Your registration: you have a seat"]);
    expect(subjectsTo(named)).toEqual([`On the waitlist: ${GROUP}`, `A seat freed up: you're in ${GROUP}`]);
    expectDiscreet(c, ["Your registration: you are on the waitlist", "A seat freed up: you're in"]);
    expectDiscreet(es, ["Su inscripción: está en la lista de espera", "Le reservamos un lugar", "El lugar que le reservamos pasó a otra persona"]);
    expect(subjectsTo(namedLate)).toEqual([`On the waitlist: ${GROUP}`, `A seat is held for you in ${GROUP}`, `Your held seat in ${GROUP} has passed on`]);
    expectDiscreet(f, ["Your registration: you are on the waitlist", "A seat is held for you"]);
  });
});

describe("the feedback invitation after a session", () => {
  it("asks a discreet participant 'How was your session?' and one who chose named 'How was <group>?'", async () => {
    const now = new Date();
    await chooseNamed(s.otherParticipant);
    await createHeldSession(s, now, 2);
    await sendFeedbackInvitations(now);
    await deliver();
    expectDiscreet(s.participant, ["How was your session? Tell us in a minute"]);
    expect(subjectsTo(s.otherParticipant)).toEqual([`How was ${GROUP}? Tell us in a minute`]);
    await chooseNamed(s.otherParticipant, false);
  });
});

describe("a scheduling round's invitation and reminder", () => {
  it("name no group for a discreet participant, and do for one who chose named entries", async () => {
    await chooseNamed(s.otherParticipant);
    const before = { mine: mailTo(s.participant).length, theirs: mailTo(s.otherParticipant).length };
    const roundId = await createRoundAs(s.manager, s.group.id, roundFormForScenario(s));
    await remindRound(s.manager, roundId, { baseUrl: BASE, now: new Date(Date.now() + 2 * 86_400_000) });
    await deliver();
    expect(mailTo(s.participant).slice(before.mine).map((m) => m.subject)).toEqual(["When can you meet?", "Reminder: when can you meet?"]);
    for (const m of mailTo(s.participant).slice(before.mine)) expect(m.text).toContain(GROUP);
    expect(mailTo(s.otherParticipant).slice(before.theirs).map((m) => m.subject)).toEqual([`When can you meet? ${GROUP}`, `Reminder: when can you meet? ${GROUP}`]);
    await chooseNamed(s.otherParticipant, false);
  });
});

describe("a proposal's decision notice", () => {
  it("names no proposal (its title can name the group) for a discreet participant; named for a participant who chose it", async () => {
    const title = `Longer check-in for the ${GROUP}`;
    const start = new Date(Date.now() - 10 * 86_400_000);
    const member = await createPerson(s.org, "participant");
    const namedMember = await createPerson(s.org, "participant");
    await db.insert(enrolments).values([member, namedMember].map((p) => ({ groupId: s.group.id, userId: p.id, organizationId: s.org.id })));
    await chooseNamed(namedMember);
    const { id } = await createProposal(
      member,
      { target: { scope: "group", id: s.group.id }, topic: "rules", title, description: "d", voting: "agree", options: [], anonymousVotes: false, closesAt: new Date(start.getTime() + 86_400_000) },
      start,
    );
    const out = await callRoute(proposalPage, { path: `/proposals/${id}`, params: { proposalId: id }, cookie: s.facilitator.cookie, form: { intent: "decide", outcome: "adopted", decisionText: "Yes.", rationale: "Most agreed." } });
    expect(out.status).toBeLessThan(400);
    await deliver();
    const decision = (who: Person) => mailTo(who).filter((m) => /^(A )?[Dd]ecision/.test(m.subject ?? ""));
    expect(decision(member).map((m) => m.subject)).toEqual(["A decision on a proposal: Adopted"]);
    expect(decision(member)[0].text).toContain(title);
    expect(decision(namedMember).map((m) => m.subject)).toEqual([`Decision on “${title}”: Adopted`]);
  });
});

describe("staff emails about a group", () => {
  it("'attendance not recorded', an absence alert and an unsigned group note name the group for staff, and not for a staff member who chose discreet", async () => {
    const group = (await db.insert(groups).values({ organizationId: s.org.id, programId: s.program.id, kind: "peer_recovery_group", name: GROUP, timezone: "America/New_York", capacity: 10, location: "Room 3" }).returning())[0];
    const discreetFacilitator = await createPerson(s.org, "facilitator");
    await chooseNamed(discreetFacilitator, false);
    await db.insert(groupFacilitators).values([s.otherFacilitator, discreetFacilitator].map((f) => ({ groupId: group.id, userId: f.id, organizationId: s.org.id })));
    const person = await createPerson(s.org, "participant");
    await db.insert(enrolments).values({ groupId: group.id, userId: person.id, organizationId: s.org.id });
    const week = 7 * 24 * 60;
    const base = new Date("2033-03-01T23:00:00Z");
    const [first, second, third] = [0, 1, 2].map((i) => minutes(base, i * week));
    const sessionsHeld = [];
    for (const at of [first, second, third]) sessionsHeld.push(await createSessionAt(group.id, s.org.id, at, { status: "held" }));
    // Two absences in a row: an absence alert.
    for (const session of sessionsHeld.slice(0, 2)) await markAttendance(s.otherFacilitator, session.id, { userId: person.id, status: "absent" }, minutes(session.startsAt, 20));
    await raiseAbsenceAlerts(minutes(sessionsHeld[1].endsAt, 10));
    // The third: no attendance a day later, then (marked) no group note 72 hours later.
    await flagMissingAttendance(minutes(sessionsHeld[2].endsAt, 25 * 60));
    await markAttendance(s.otherFacilitator, sessionsHeld[2].id, { userId: person.id, status: "present" }, minutes(sessionsHeld[2].startsAt, 20));
    await flagUnsignedNotes(minutes(sessionsHeld[2].endsAt, 73 * 60));
    await deliver(minutes(sessionsHeld[2].endsAt, 73 * 60));

    const named = subjectsTo(s.otherFacilitator);
    expect(named).toContainEqual(expect.stringMatching(new RegExp(`^Check in with .+: 2 missed sessions of ${GROUP}$`)));
    expect(named).toContainEqual(expect.stringMatching(new RegExp(`^Attendance not recorded: ${GROUP}, `)));
    expect(named).toContainEqual(expect.stringMatching(new RegExp(`^Group note not signed: ${GROUP}, `)));
    expectDiscreet(discreetFacilitator, [/^Check in with .+: 2 missed sessions$/, /^Attendance not recorded: session on /, /^Group note not signed: session on /]);
  });
});

describe("staff who never chose", () => {
  it("get named subjects (and calendar files): a series invitation to a new facilitator names the group, a new participant's does not", async () => {
    const facilitator = await createPerson(s.org, "facilitator");
    const participant = await createPerson(s.org, "participant");
    await db.transaction((tx) =>
      enqueueSeriesInvitations(tx, { organizationId: s.org.id, seriesId: s.seriesId, userIds: [facilitator.id, participant.id], baseUrl: BASE, now: new Date() }),
    );
    await deliver();
    expect(subjectsTo(facilitator)).toEqual([`You're in: ${GROUP}`]);
    const ics = mailTo(facilitator)[0].attachments.find((a) => a.filename === "invite.ics")!.content.toString("utf8");
    expect(ics).toContain(`SUMMARY:${GROUP}`);
    expectDiscreet(participant, ["Your sessions are scheduled"]);
  });
});
