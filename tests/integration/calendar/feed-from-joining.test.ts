import { and, eq } from "drizzle-orm";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { enrolments } from "~/db/schema";
import { enrolmentDetails } from "~/db/tables/registration";
import { createSeries } from "~/modules/groups/mutations.server";
import * as feedRoute from "~/routes/calendar.$token";
import * as profile from "~/routes/profile";
import { callRoute } from "../../factories/requests";
import { createOrgScenario } from "../../factories/scenario";

async function feedOf(person: { cookie: string }) {
  const made = await callRoute(profile, { path: "/profile", cookie: person.cookie, form: { intent: "feed-create", groupId: "" } });
  const token = (made.data as { feedUrl: string }).feedUrl.split("/calendar/")[1];
  const out = await callRoute(feedRoute, { path: `/calendar/${token}`, params: { token } });
  const body = out.data instanceof Response ? await out.data.text() : String(out.data);
  // The start date of each event (the VTIMEZONE's own DTSTARTs are not events).
  return body
    .split("BEGIN:VEVENT")
    .slice(1)
    .map((event) => /DTSTART[^:]*:(\d{8})/.exec(event)![1]);
}

describe("a participant's calendar feed", () => {
  it("holds no sessions that were over before the person joined the group; staff who lead it keep them", async () => {
    const s = await createOrgScenario();
    const today = DateTime.now().setZone("America/New_York").startOf("day");
    // A daily series from three weeks ago to three weeks ahead, at noon New York time.
    await createSeries(s.manager, s.group.id, {
      weekdays: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
      startTime: "12:00",
      durationMinutes: 60,
      startDate: today.minus({ days: 21 }).toISODate()!,
      endDate: today.plus({ days: 21 }).toISODate()!,
      count: null,
      skipDates: [],
    });
    // The participant joined the group two days ago (enrolment two days old).
    const joinedAt = today.minus({ days: 2 }).set({ hour: 15 }).toJSDate();
    await db.update(enrolments).set({ createdAt: joinedAt }).where(and(eq(enrolments.groupId, s.group.id), eq(enrolments.userId, s.participant.id)));
    // The daily series' days (the scenario's own Tuesdays start three or more weeks ahead).
    const beforeScenario = (d: string) => d < s.firstSessionDate.replaceAll("-", "");
    const days = await feedOf(s.participant);
    const firstDay = today.minus({ days: 1 }).toFormat("yyyyLLdd");
    expect(days.length).toBeGreaterThan(0);
    expect(days.filter(beforeScenario).every((d) => d >= firstDay)).toBe(true);
    expect(days).toContain(today.plus({ days: 1 }).toFormat("yyyyLLdd"));
    // Someone who waited and was given a seat yesterday evening: from then on.
    const [other] = await db.select({ id: enrolments.id }).from(enrolments).where(and(eq(enrolments.groupId, s.group.id), eq(enrolments.userId, s.otherParticipant.id)));
    await db.update(enrolments).set({ createdAt: today.minus({ days: 20 }).toJSDate() }).where(eq(enrolments.id, other.id));
    await db.insert(enrolmentDetails).values({ enrolmentId: other.id, organizationId: s.org.id, groupId: s.group.id, promotedAt: today.minus({ days: 1 }).set({ hour: 18 }).toJSDate() });
    const promoted = (await feedOf(s.otherParticipant)).filter(beforeScenario);
    expect(promoted.length).toBeGreaterThan(0);
    expect(promoted.every((d) => d >= today.toFormat("yyyyLLdd"))).toBe(true);
    // The facilitator leads the group: every session of the last 90 days stays in their feed.
    expect(await feedOf(s.facilitator)).toContain(today.minus({ days: 10 }).toFormat("yyyyLLdd"));
  });
});
