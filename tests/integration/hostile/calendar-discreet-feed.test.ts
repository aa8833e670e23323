import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { groups, organizations, users } from "~/db/schema";
import * as feedRoute from "~/routes/calendar.$token";
import * as profile from "~/routes/profile";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Person, type Scenario } from "../../factories/scenario";

/**
 * Hostile review (dec 6): a personal calendar link is made to be added to a calendar app, and
 * calendars are shared — with a partner, a family, an employer's Outlook. Every event of the feed
 * was titled with the group's name ("Opioid Recovery Circle"), carried its description and a link
 * to the organisation's site, and the calendar was named after the organisation ("Riverside
 * Opioid Recovery sessions"): whoever sees the calendar learns the person is in treatment. The
 * organisation can already set a neutral sender name for texts for the same reason. A person can
 * now make a discreet link: events read "Session" with the time and the place only, and the
 * calendar is named "My sessions".
 */
let s: Scenario;
const ORG = "Riverside Opioid Recovery";
const GROUP = "Opioid Recovery Circle";

async function makeLink(who: Person, discreet: boolean): Promise<string> {
  const out = await callRoute(profile, { path: "/profile", cookie: who.cookie, form: { intent: "feed-create", groupId: "", ...(discreet ? { discreet: "on" } : {}) } });
  expect(out.status).toBe(200);
  const url = (out.data as { feedUrl: string }).feedUrl;
  return /\/calendar\/([A-Za-z0-9_-]+)\.ics$/.exec(url)![1];
}
async function feed(token: string): Promise<string> {
  const out = await callRoute(feedRoute, { path: `/calendar/${token}.ics`, params: { token: `${token}.ics` } });
  expect(out.status).toBe(200);
  return out.data as string;
}
/** Unfolds iCalendar lines (a long line continues on the next one, after a space). */
const unfolded = (ics: string) => ics.replace(/\r\n[ \t]/g, "");

beforeAll(async () => {
  s = await createOrgScenario();
  await db.update(organizations).set({ name: ORG }).where(eq(organizations.id, s.org.id));
  await db.update(groups).set({ name: GROUP, description: "Peer support for recovery from opioid use." }).where(eq(groups.id, s.group.id));
}, 60_000);

describe("a discreet calendar link names neither the group nor the organisation", () => {
  it("events read 'Session' at their time and place, with no description or link, in a calendar called 'My sessions'", async () => {
    const ics = unfolded(await feed(await makeLink(s.participant, true)));
    expect(ics).toContain("BEGIN:VEVENT");
    expect(ics).not.toContain("Opioid");
    expect(ics).not.toContain("Riverside");
    expect(ics).not.toContain(`/groups/${s.group.id}`);
    expect(ics).toMatch(/^SUMMARY:Session$/m);
    expect(ics).toMatch(/^LOCATION:Room 1$/m);
    expect(ics).toMatch(/^X-WR-CALNAME:My sessions$/m);
    // the times are still there, in the group's zone
    expect(ics).toMatch(/^DTSTART;TZID=America\/New_York:\d{8}T190000$/m);
  });

  it("in the person's language", async () => {
    await db.update(users).set({ locale: "es-US" }).where(eq(users.id, s.otherParticipant.id));
    const ics = unfolded(await feed(await makeLink(s.otherParticipant, true)));
    expect(ics).toMatch(/^SUMMARY:Sesión$/m);
    expect(ics).toMatch(/^X-WR-CALNAME:Mis sesiones$/m);
  });

  it("a link made without the choice keeps the group's name (the person's own calendar)", async () => {
    const ics = unfolded(await feed(await makeLink(s.participant, false)));
    expect(ics).toMatch(new RegExp(`^SUMMARY:${GROUP}$`, "m"));
  });

  it("the profile lists which of the person's links is discreet", async () => {
    await makeLink(s.participant, true);
    const page = await callRoute(profile, { path: "/profile", cookie: s.participant.cookie });
    const feeds = (page.data as { calendar: { feeds: { discreet: boolean; groupId: string | null }[] } }).calendar.feeds;
    expect(feeds.filter((f) => !f.groupId)).toEqual([expect.objectContaining({ discreet: true })]);
  });
});
