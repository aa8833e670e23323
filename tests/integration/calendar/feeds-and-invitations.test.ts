import { describe, expect, it } from "vitest";
import { and, asc, eq, inArray, isNull, like } from "drizzle-orm";
import { DateTime } from "luxon";
import { db } from "~/db/client.server";
import { emailOutbox, enrolments, sessions } from "~/db/schema";
import { calendarFeeds, notificationPreferences, seriesAssignments } from "~/db/tables/scheduling";
import { queueReminders } from "~/modules/calendar/mutations.server";
import { createSeries } from "~/modules/groups/mutations.server";
import { processOutbox } from "~/modules/notifications/mutations.server";
import { createTransport } from "~/modules/notifications/transport.server";
import * as feedRoute from "~/routes/calendar.$token";
import * as profile from "~/routes/profile";
import * as sessionIcs from "~/routes/sessions.$sessionId.calendar[.]ics";
import * as sessionPage from "~/routes/sessions.$sessionId._index";
import { parseIcs } from "../../factories/ical";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, createPerson, type Scenario } from "../../factories/scenario";
import { startSmtpServer } from "../../factories/smtp";

async function makeFeed(person: { cookie: string }, groupId = ""): Promise<string> {
  const out = await callRoute(profile, { path: "/profile", cookie: person.cookie, form: { intent: "feed-create", groupId } });
  expect(out.status).toBe(200);
  return (out.data as { feedUrl: string }).feedUrl;
}

async function fetchFeed(feedUrl: string) {
  const token = feedUrl.split("/calendar/")[1];
  const out = await callRoute(feedRoute, { path: `/calendar/${token}`, params: { token } });
  return out;
}

/** 19:00 New York time on a date: the scenario's weekly start. */
const sevenPmInNewYork = (date: string) => DateTime.fromISO(`${date}T19:00`, { zone: "America/New_York" });

/**
 * Makes sure the group meets on both sides of a daylight-saving change in New York: finds the
 * first Tuesday from the scenario's first whose UTC offset at 19:00 differs from the week before,
 * adds those two Tuesdays if the scenario's series ends before them, and returns both starts.
 * (For a series from 2 March 2027: Tue 9 March 00:00Z and Tue 16 March 23:00Z, across 14 March.)
 */
async function tuesdaysAcrossAClockChange(s: Scenario) {
  let after = sevenPmInNewYork(s.firstSessionDate).plus({ weeks: 1 });
  while (after.offset === after.minus({ weeks: 1 }).offset) after = after.plus({ weeks: 1 });
  const before = after.minus({ weeks: 1 });
  if (after.toISODate()! > s.lastSessionDate) {
    const startDate = before.toISODate()! > s.lastSessionDate ? before.toISODate()! : after.toISODate()!;
    await createSeries(s.manager, s.group.id, {
      weekdays: ["tue"], startTime: "19:00", durationMinutes: 60, startDate, endDate: after.toISODate()!, count: null, skipDates: [],
    });
  }
  expect(after.weekday).toBe(2);
  expect(after.toMillis() - before.toMillis()).not.toBe(7 * 86_400_000);
  return [before, after].map((d) => d.toUTC().toISO()!);
}

async function groupSessions(s: Scenario) {
  return db.select().from(sessions).where(eq(sessions.groupId, s.group.id)).orderBy(asc(sessions.startsAt));
}

describe("personal iCal feed", () => {
  it("holds the person's sessions with the same instants (ical.js), a VTIMEZONE, and nobody else's data", async () => {
    const s = await createOrgScenario();
    const acrossChange = await tuesdaysAcrossAClockChange(s);
    const url = await makeFeed(s.participant);
    const token = url.split("/calendar/")[1].replace(/\.ics$/, "");
    expect(Buffer.from(token, "base64url").length).toBeGreaterThanOrEqual(16);
    const stored = await db.select().from(calendarFeeds);
    expect(stored.map((f) => f.tokenHash)).not.toContain(token);

    const out = await fetchFeed(url);
    expect(out.status).toBe(200);
    expect(out.headers!.get("content-type")).toMatch(/text\/calendar/);
    const body = out.data as string;
    const parsed = parseIcs(body);
    const rows = await groupSessions(s);
    expect(parsed.timezones).toEqual(["America/New_York"]);
    expect(parsed.events.map((e) => [e.uid, e.start, e.end])).toEqual(
      rows.map((r) => [`session-${r.id}@group-sessions`, r.startsAt.toISOString(), r.endsAt.toISOString()]),
    );
    // Across the daylight-saving change the local time stays 19:00 in New York.
    expect(parsed.events.map((e) => e.start)).toContain(acrossChange[0]);
    expect(parsed.events.map((e) => e.start)).toContain(acrossChange[1]);
    for (const other of [s.otherParticipant, s.facilitator, s.manager]) {
      expect(body).not.toContain(other.name);
      expect(body).not.toContain(other.email);
    }
    expect(body).not.toContain(s.participant.email);
  });

  it("keeps a cancelled session with STATUS:CANCELLED and a higher SEQUENCE", async () => {
    const s = await createOrgScenario();
    const url = await makeFeed(s.participant);
    const [first] = await groupSessions(s);
    await callRoute(sessionPage, { path: `/sessions/${first.id}`, params: { sessionId: first.id }, cookie: s.manager.cookie, form: { intent: "cancel", reason: "Snow" } });
    const parsed = parseIcs((await fetchFeed(url)).data as string);
    const event = parsed.events.find((e) => e.uid === `session-${first.id}@group-sessions`)!;
    expect(event.status).toBe("CANCELLED");
    expect(event.sequence).toBe(1);
  });

  it("regenerating replaces the old link, and a turned-off link is a 404", async () => {
    const s = await createOrgScenario();
    const first = await makeFeed(s.participant);
    const second = await makeFeed(s.participant);
    expect((await fetchFeed(first)).status).toBe(404);
    expect((await fetchFeed(second)).status).toBe(200);
    const [feed] = await db.select().from(calendarFeeds).where(and(eq(calendarFeeds.userId, s.participant.id), isNull(calendarFeeds.revokedAt)));
    const revoke = await callRoute(profile, { path: "/profile", cookie: s.participant.cookie, form: { intent: "feed-revoke", feedId: feed.id } });
    expect(revoke.status).toBe(200);
    expect((await fetchFeed(second)).status).toBe(404);
    expect((await fetchFeed("https://x/calendar/not-a-token.ics")).status).toBe(404);
  });

  it("gives a group feed only to the group's staff", async () => {
    const s = await createOrgScenario();
    const url = await makeFeed(s.facilitator, s.group.id);
    expect(parseIcs((await fetchFeed(url)).data as string).events.length).toBe((await groupSessions(s)).length);
    const other = await callRoute(profile, { path: "/profile", cookie: s.otherFacilitator.cookie, form: { intent: "feed-create", groupId: s.group.id } });
    expect(other.status).toBe(404);
    const foreign = await createOrgScenario();
    const cross = await callRoute(profile, { path: "/profile", cookie: foreign.manager.cookie, form: { intent: "feed-create", groupId: s.group.id } });
    expect(cross.status).toBe(404);
  });

  it("shows a cohort's sessions only to its members", async () => {
    const s = await createOrgScenario();
    const { seriesId } = await createSeries(s.manager, s.group.id, {
      weekdays: ["fri"], startTime: "10:00", durationMinutes: 60, startDate: DateTime.fromISO(s.lastSessionDate).plus({ days: 10 }).toISODate()!, endDate: null, count: 2, skipDates: [],
    });
    await db.insert(seriesAssignments).values({ seriesId, userId: s.otherParticipant.id, organizationId: s.org.id, role: "participant" });
    const mine = parseIcs((await fetchFeed(await makeFeed(s.participant))).data as string);
    const theirs = parseIcs((await fetchFeed(await makeFeed(s.otherParticipant))).data as string);
    expect(theirs.events.length - mine.events.length).toBe(2);
  });
});

describe("single-session download", () => {
  it("is for people who may see the session, 404 for others", async () => {
    const s = await createOrgScenario();
    const [first] = await groupSessions(s);
    const ok = await callRoute(sessionIcs, { path: `/sessions/${first.id}/calendar.ics`, params: { sessionId: first.id }, cookie: s.participant.cookie });
    expect(ok.status).toBe(200);
    expect(parseIcs(ok.data as string).events[0].start).toBe(first.startsAt.toISOString());
    const outsider = await createPerson(s.org, "participant");
    const denied = await callRoute(sessionIcs, { path: `/sessions/${first.id}/calendar.ics`, params: { sessionId: first.id }, cookie: outsider.cookie });
    expect(denied.status).toBe(404);
    const otherFac = await callRoute(sessionIcs, { path: `/sessions/${first.id}/calendar.ics`, params: { sessionId: first.id }, cookie: s.otherFacilitator.cookie });
    expect(otherFac.status).toBe(404);
    const foreign = await createOrgScenario();
    const cross = await callRoute(sessionIcs, { path: `/sessions/${first.id}/calendar.ics`, params: { sessionId: first.id }, cookie: foreign.manager.cookie });
    expect(cross.status).toBe(404);
  });
});

describe("emails with calendar files, through a real SMTP server", () => {
  it("a cancellation carries METHOD:CANCEL for the same UID; a move carries METHOD:REQUEST with a higher SEQUENCE", async () => {
    const s = await createOrgScenario();
    const [first, second] = await groupSessions(s);
    // The second Tuesday's session moves to the next day, 18:00 in New York.
    const moveDate = DateTime.fromJSDate(second.startsAt, { zone: "America/New_York" }).plus({ days: 1 }).toISODate()!;
    const movedTo = DateTime.fromISO(`${moveDate}T18:00`, { zone: "America/New_York" });
    // Dates and zone names are written in English (en-US words) in the 24-hour layout: "GMT", "GMT+1".
    const inLondon = movedTo.setZone("Europe/London").setLocale("en-US");
    expect(inLondon.toFormat("ccc")).toBe("Wed");
    await callRoute(sessionPage, { path: `/sessions/${first.id}`, params: { sessionId: first.id }, cookie: s.manager.cookie, form: { intent: "cancel", reason: "Holiday" } });
    await callRoute(sessionPage, {
      path: `/sessions/${second.id}`, params: { sessionId: second.id }, cookie: s.manager.cookie,
      form: { intent: "move", date: moveDate, startTime: "18:00", durationMinutes: "60", locationOverride: "", note: "" },
    });
    const smtp = await startSmtpServer();
    try {
      await processOutbox({ transport: createTransport(smtp.url) });
      const toParticipant = smtp.messages.filter((m) => (m.to as { text: string }).text.includes(s.participant.email));
      expect(toParticipant).toHaveLength(2);
      const cancel = toParticipant.find((m) => m.subject?.startsWith("Cancelled"))!;
      const cancelIcs = cancel.attachments.find((a) => a.contentType.startsWith("text/calendar"))!;
      const parsedCancel = parseIcs(cancelIcs.content.toString("utf8"));
      expect(parsedCancel.method).toBe("CANCEL");
      expect(parsedCancel.events[0].uid).toBe(`session-${first.id}@group-sessions`);
      expect(parsedCancel.events[0].status).toBe("CANCELLED");
      expect(parsedCancel.events[0].attendees.map((a) => a.toLowerCase())).toEqual([`mailto:${s.participant.email}`]);
      const move = toParticipant.find((m) => m.subject?.startsWith("Moved"))!;
      const parsedMove = parseIcs(move.attachments.find((a) => a.contentType.startsWith("text/calendar"))!.content.toString("utf8"));
      expect(parsedMove.method).toBe("REQUEST");
      expect(parsedMove.events[0].sequence).toBe(1);
      expect(parsedMove.events[0].start).toBe(movedTo.toUTC().toISO());
      // The text part speaks the recipient's zone (London), e.g. "Wed 10 Mar 2027, 23:00 GMT".
      expect(move.text).toContain(inLondon.toFormat("ccc d LLL yyyy, HH:mm ZZZZ"));
    } finally {
      await smtp.close();
    }
  });
});

describe("reminders", () => {
  it("sends exactly one reminder per person per session, across repeated runs and a worker restart, and honours opt-out", async () => {
    const s = await createOrgScenario();
    const [first] = await groupSessions(s);
    await db.insert(notificationPreferences).values({ userId: s.otherParticipant.id, remindersEnabled: false, reminderHours: 24 });
    const dayBefore = new Date(first.startsAt.getTime() - 20 * 3_600_000);
    // Other organisations in this database have sessions at the same instants: count this one's.
    const mine = () =>
      db.select().from(emailOutbox).where(and(like(emailOutbox.dedupeKey, `reminder:${first.id}:%`)));
    await queueReminders(new Date(first.startsAt.getTime() - 30 * 3_600_000));
    expect(await mine()).toHaveLength(0);
    await queueReminders(dayBefore);
    expect((await mine()).map((r) => r.toAddress)).toEqual([s.participant.email]);
    await queueReminders(new Date(dayBefore.getTime() + 60_000));
    expect(await mine()).toHaveLength(1);
    const smtp = await startSmtpServer();
    try {
      await processOutbox({ transport: createTransport(smtp.url), now: () => dayBefore });
      // "Restart": a new transport and another pass of the job and the worker.
      await queueReminders(new Date(dayBefore.getTime() + 120_000));
      await processOutbox({ transport: createTransport(smtp.url), now: () => dayBefore });
      const reminders = smtp.messages.filter(
        (m) => m.subject?.startsWith("Reminder") && [s.participant.email, s.otherParticipant.email].some((e) => (m.to as { text: string }).text.includes(e)),
      );
      expect(reminders).toHaveLength(1);
      expect((reminders[0].to as { text: string }).text).toContain(s.participant.email);
    } finally {
      await smtp.close();
    }
    const rows = await db.select().from(emailOutbox).where(eq(emailOutbox.dedupeKey, `reminder:${first.id}:${s.participant.id}:${first.startsAt.getTime()}`));
    expect(rows).toHaveLength(1);
  });

  it("does not remind for cancelled sessions or people no longer enrolled", async () => {
    const s = await createOrgScenario();
    const [first] = await groupSessions(s);
    await db.update(enrolments).set({ status: "withdrawn" }).where(eq(enrolments.userId, s.otherParticipant.id));
    await db.update(sessions).set({ status: "cancelled" }).where(eq(sessions.id, first.id));
    await queueReminders(new Date(first.startsAt.getTime() - 3_600_000));
    const queued = await db.select().from(emailOutbox).where(inArray(emailOutbox.toAddress, [s.participant.email, s.otherParticipant.email]));
    expect(queued.filter((m) => m.subject.startsWith("Reminder"))).toHaveLength(0);
  });
});
