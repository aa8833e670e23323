import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { groups, organizations, sessions, users } from "~/db/schema";
import { enqueueSeriesInvitations, queueReminders } from "~/modules/calendar/mutations.server";
import { processOutbox } from "~/modules/notifications/mutations.server";
import { createTransport } from "~/modules/notifications/transport.server";
import * as profile from "~/routes/profile";
import * as sessionIcs from "~/routes/sessions.$sessionId.calendar[.]ics";
import * as sessionPage from "~/routes/sessions.$sessionId._index";
import { parseIcs } from "../../factories/ical";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";
import { startSmtpServer } from "../../factories/smtp";

/**
 * A recovery group's name on a shared family or work calendar discloses treatment. Discreet
 * personal feeds already left it out, but a session's .ics download and the invitations, moves and
 * cancellations emailed as .ics (which Gmail adds to the calendar by itself) carried the group's
 * name, its description, a link to the organisation's site and the organisation as organiser, and
 * the emails' subjects (shown on a locked phone) named the group. A person's calendar entries now
 * follow their choice on Profile: discreet by default for participants, named for staff.
 */
let s: Scenario;
const ORG = "Riverside Opioid Recovery";
const GROUP = "Opioid Recovery Circle";
const DESCRIPTION = "Peer support for recovery from opioid use.";
const ORG_ADDRESS = "intake@riverside-opioid.example";

/** Unfolds iCalendar lines (a long line continues on the next one after a space). */
const unfolded = (ics: string) => ics.replace(/\r\n[ \t]/g, "");

/** Nothing in a discreet file names the group or the organisation, describes the group or links to it. */
function expectDiscreet(ics: string) {
  const text = unfolded(ics);
  expect(text).toContain("BEGIN:VEVENT");
  for (const word of ["Opioid", "Riverside", "riverside", "Peer support", "/groups/"]) expect(text).not.toContain(word);
  expect(text).not.toMatch(/^(DESCRIPTION|URL)[:;]/m);
}

async function groupSessions() {
  return db.select().from(sessions).where(eq(sessions.groupId, s.group.id)).orderBy(asc(sessions.startsAt));
}

async function download(who: Person, sessionId: string) {
  const out = await callRoute(sessionIcs, { path: `/sessions/${sessionId}/calendar.ics`, params: { sessionId }, cookie: who.cookie });
  expect(out.status).toBe(200);
  return out.data as string;
}

async function chooseDiscreet(who: Person, discreet: boolean) {
  const out = await callRoute(profile, { path: "/profile", cookie: who.cookie, form: { intent: "calendar-entries", ...(discreet ? { discreet: "on" } : {}) } });
  expect(out.status).toBe(200);
  expect(out.data).toMatchObject({ ok: true, saved: "calendar-entries" });
}

async function shownOnProfile(who: Person): Promise<boolean> {
  const page = await callRoute(profile, { path: "/profile", cookie: who.cookie });
  return (page.data as { calendar: { entries: { discreet: boolean } } }).calendar.entries.discreet;
}

beforeAll(async () => {
  s = await createOrgScenario();
  await db.update(organizations).set({ name: ORG, contactEmail: ORG_ADDRESS }).where(eq(organizations.id, s.org.id));
  await db.update(groups).set({ name: GROUP, description: DESCRIPTION }).where(eq(groups.id, s.group.id));
}, 60_000);

describe("a session's .ics download follows the person's calendar-entries choice", () => {
  it("is discreet for a participant who never chose (the default), named for staff, and changes with the choice", async () => {
    const [first] = await groupSessions();
    expect(await shownOnProfile(s.participant)).toBe(true);
    expect(await shownOnProfile(s.facilitator)).toBe(false);

    const discreet = await download(s.participant, first.id);
    expectDiscreet(discreet);
    const parsed = parseIcs(discreet);
    expect(parsed.events).toHaveLength(1);
    expect(parsed.events[0]).toMatchObject({
      uid: `session-${first.id}@group-sessions`,
      sequence: 0,
      start: first.startsAt.toISOString(),
      end: first.endsAt.toISOString(),
      tzid: "America/New_York",
      summary: "Session",
    });
    expect(unfolded(discreet)).toMatch(/^LOCATION:Room 1$/m);
    expect(unfolded(discreet)).toMatch(/^X-WR-CALNAME:My sessions$/m);

    const named = unfolded(await download(s.facilitator, first.id));
    expect(named).toMatch(new RegExp(`^SUMMARY:${GROUP}$`, "m"));
    expect(named).toContain(`DESCRIPTION:${DESCRIPTION}`);
    expect(named).toContain(`/groups/${s.group.id}`);
    expect(named).toMatch(new RegExp(`^X-WR-CALNAME:${GROUP}$`, "m"));

    // The participant unticks it: the next file names the group; ticks it again: discreet again.
    await chooseDiscreet(s.participant, false);
    expect(await shownOnProfile(s.participant)).toBe(false);
    expect(unfolded(await download(s.participant, first.id))).toMatch(new RegExp(`^SUMMARY:${GROUP}$`, "m"));
    await chooseDiscreet(s.participant, true);
    expectDiscreet(await download(s.participant, first.id));
    // Staff may choose discreet too.
    await chooseDiscreet(s.facilitator, true);
    expectDiscreet(await download(s.facilitator, first.id));
    await chooseDiscreet(s.facilitator, false);
  });

  it("is written in the person's language", async () => {
    const [first] = await groupSessions();
    await db.update(users).set({ locale: "es-US" }).where(eq(users.id, s.otherParticipant.id));
    const spanish = await download(s.otherParticipant, first.id);
    expectDiscreet(spanish);
    expect(parseIcs(spanish).events[0].summary).toBe("Sesión");
    expect(unfolded(spanish)).toMatch(/^X-WR-CALNAME:Mis sesiones$/m);
    await db.update(users).set({ locale: s.otherParticipant.locale }).where(eq(users.id, s.otherParticipant.id));
  });
});

describe("emailed calendar files and their subjects, through a real SMTP server", () => {
  it("a cancellation and a move: discreet for a participant (file and subject), named for staff, same UID and rising SEQUENCE", async () => {
    const [, , third, fourth] = await groupSessions();
    await callRoute(sessionPage, { path: `/sessions/${third.id}`, params: { sessionId: third.id }, cookie: s.manager.cookie, form: { intent: "cancel", reason: "Holiday" } });
    const moved = new Date(fourth.startsAt.getTime() + 86_400_000);
    const moveDate = moved.toLocaleDateString("en-CA", { timeZone: "America/New_York" });
    const out = await callRoute(sessionPage, {
      path: `/sessions/${fourth.id}`, params: { sessionId: fourth.id }, cookie: s.manager.cookie,
      form: { intent: "move", date: moveDate, startTime: "19:00", durationMinutes: "60", locationOverride: "", note: "" },
    });
    expect(out.status).toBeLessThan(400);
    const smtp = await startSmtpServer();
    try {
      await processOutbox({ transport: createTransport(smtp.url) });
      const to = (who: Person) => smtp.messages.filter((m) => (m.to as { text: string }).text.includes(who.email));
      const ics = (m: (typeof smtp.messages)[number]) => m.attachments.find((a) => a.contentType.startsWith("text/calendar"))!.content.toString("utf8");

      const mine = to(s.participant);
      expect(mine).toHaveLength(2);
      const cancel = mine.find((m) => m.subject?.startsWith("Cancelled"))!;
      const move = mine.find((m) => m.subject?.startsWith("Moved"))!;
      for (const m of [cancel, move]) {
        expect(m.subject).not.toContain(GROUP);
        expect(m.subject).toMatch(/your session/);
        // The body is private to the inbox: it still says which group.
        expect(m.text).toContain(GROUP);
        expectDiscreet(ics(m));
        // A REQUEST/CANCEL needs an organiser: a plain name and the address the mail came from, not the organisation's.
        expect(unfolded(ics(m))).toMatch(/^ORGANIZER;CN="?Sessions"?:mailto:no-reply@/m);
      }
      const parsedCancel = parseIcs(ics(cancel));
      expect(parsedCancel.method).toBe("CANCEL");
      expect(parsedCancel.events[0]).toMatchObject({ uid: `session-${third.id}@group-sessions`, sequence: 1, status: "CANCELLED", summary: "Cancelled: Session", tzid: "America/New_York" });
      const parsedMove = parseIcs(ics(move));
      expect(parsedMove.method).toBe("REQUEST");
      expect(parsedMove.events[0]).toMatchObject({ uid: `session-${fourth.id}@group-sessions`, sequence: 1, summary: "Session", start: moved.toISOString(), tzid: "America/New_York" });

      const staff = to(s.facilitator);
      const staffCancel = staff.find((m) => m.subject?.startsWith("Cancelled"))!;
      expect(staffCancel.subject).toContain(GROUP);
      const named = unfolded(ics(staffCancel));
      expect(parseIcs(named).events[0]).toMatchObject({ uid: `session-${third.id}@group-sessions`, summary: `Cancelled: ${GROUP}` });
      expect(named).toMatch(new RegExp(`^ORGANIZER;CN="?${ORG}"?:mailto:${ORG_ADDRESS}$`, "m"));
      expect(to(s.facilitator).find((m) => m.subject?.startsWith("Moved"))!.subject).toContain(GROUP);
    } finally {
      await smtp.close();
    }
  });

  it("an invitation (publishing a series): discreet for a participant, named for one who chose names and for staff; Spanish discreet subject", async () => {
    await chooseDiscreet(s.otherParticipant, false);
    const spanish = s.participant;
    await db.update(users).set({ locale: "es-US" }).where(eq(users.id, spanish.id));
    const discreetEnglish = await createPerson(s.org, "participant");
    const rows = await groupSessions();
    await db.transaction((tx) =>
      enqueueSeriesInvitations(tx, {
        organizationId: s.org.id,
        seriesId: s.seriesId,
        userIds: [spanish.id, discreetEnglish.id, s.otherParticipant.id, s.facilitator.id],
        baseUrl: "http://test.local",
        now: new Date(),
      }),
    );
    const smtp = await startSmtpServer();
    try {
      await processOutbox({ transport: createTransport(smtp.url) });
      const invitation = (who: Person) => {
        const m = smtp.messages.find((x) => (x.to as { text: string }).text.includes(who.email) && x.attachments.some((a) => a.filename === "invite.ics"))!;
        return { mail: m, ics: m.attachments.find((a) => a.filename === "invite.ics")!.content.toString("utf8") };
      };
      const uids = rows.map((r) => `session-${r.id}@group-sessions`);

      const english = invitation(discreetEnglish);
      expect(english.mail.subject).toBe("Your sessions are scheduled");
      expect(english.mail.text).toContain(GROUP);
      expectDiscreet(english.ics);
      const parsed = parseIcs(english.ics);
      expect(parsed.method).toBe("REQUEST");
      expect(parsed.events.map((e) => [e.uid, e.sequence, e.start, e.summary])).toEqual(
        rows.map((r) => [`session-${r.id}@group-sessions`, r.sequence, r.startsAt.toISOString(), r.status === "cancelled" ? "Cancelled: Session" : "Session"]),
      );
      expect(parsed.timezones).toEqual(["America/New_York"]);

      const es = invitation(spanish);
      expect(es.mail.subject).toBe("Sus sesiones están programadas");
      expectDiscreet(es.ics);
      expect(parseIcs(es.ics).events.map((e) => e.summary)).toContain("Sesión");
      expect(unfolded(es.ics)).toMatch(/^X-WR-CALNAME:Mis sesiones$/m);

      for (const who of [s.otherParticipant, s.facilitator]) {
        const named = invitation(who);
        expect(named.mail.subject).toBe(`You're in: ${GROUP}`);
        const text = unfolded(named.ics);
        expect(text).toMatch(new RegExp(`^SUMMARY:${GROUP}$`, "m"));
        expect(text).toContain(`DESCRIPTION:${DESCRIPTION}`);
        expect(text).toMatch(new RegExp(`^ORGANIZER;CN="?${ORG}"?:mailto:${ORG_ADDRESS}$`, "m"));
        expect(parseIcs(named.ics).events.map((e) => e.uid)).toEqual(uids);
      }
    } finally {
      await smtp.close();
      await db.update(users).set({ locale: s.participant.locale }).where(eq(users.id, spanish.id));
    }
  });

  it("a reminder's subject names no group for a discreet reader (its body still does)", async () => {
    const rows = await groupSessions();
    const next = rows.find((r) => r.status === "scheduled")!;
    await chooseDiscreet(s.otherParticipant, false);
    await queueReminders(new Date(next.startsAt.getTime() - 3_600_000));
    const smtp = await startSmtpServer();
    try {
      await processOutbox({ transport: createTransport(smtp.url), now: () => new Date(next.startsAt.getTime() - 3_600_000) });
      const reminder = (who: Person) => smtp.messages.find((m) => (m.to as { text: string }).text.includes(who.email) && m.subject?.startsWith("Reminder"))!;
      expect(reminder(s.participant).subject).toMatch(/^Reminder: your session, /);
      expect(reminder(s.participant).subject).not.toContain(GROUP);
      expect(reminder(s.participant).text).toContain(GROUP);
      expect(reminder(s.otherParticipant).subject).toMatch(new RegExp(`^Reminder: ${GROUP}, `));
    } finally {
      await smtp.close();
    }
  });
});

describe("the choice on Profile", () => {
  it("junk in the checkbox reads as unticked and changes nothing else; another person's choice is untouched", async () => {
    await chooseDiscreet(s.participant, true);
    const out = await callRoute(profile, { path: "/profile", cookie: s.otherFacilitator.cookie, form: { intent: "calendar-entries", discreet: "yes please" } });
    expect(out.status).toBe(200);
    const stored = await db.select({ id: users.id, choice: users.calendarDiscreet }).from(users).where(and(eq(users.id, s.otherFacilitator.id)));
    expect(stored[0].choice).toBe(false);
    expect(await shownOnProfile(s.participant)).toBe(true);
  });
});
