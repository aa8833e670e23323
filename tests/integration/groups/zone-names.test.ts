import { eq } from "drizzle-orm";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { emailOutbox, enrolments, users } from "~/db/schema";
import { queueReminders } from "~/modules/calendar/mutations.server";
import { DateStyleProvider, SessionTime, When } from "~/ui/time";
import type { DateStyle } from "~/modules/time/zoned";
import { createSessionAt } from "../../factories/attendance";
import { createOrgScenario, createPerson } from "../../factories/scenario";

const text = (html: string) => html.replace(/<[^>]+>/g, "");
/** A page fragment as a viewer with this date and time style sees it (root provides the style). */
const inStyle = (style: DateStyle, element: ReturnType<typeof createElement>) => text(renderToStaticMarkup(createElement(DateStyleProvider, { value: style }, element)));

describe("zone names", () => {
  it("an email names the zone as the pages do (PST, not GMT-8)", async () => {
    const s = await createOrgScenario();
    const pat = await createPerson(s.org, "participant", { timezone: "America/Los_Angeles" });
    await db.insert(enrolments).values({ groupId: s.group.id, userId: pat.id, organizationId: s.org.id });
    const startsAt = new Date("2027-01-12T00:00:00Z"); // Mon 11 Jan 2027, 16:00 in Los Angeles
    const session = await createSessionAt(s.group.id, s.org.id, startsAt);
    await queueReminders(new Date(startsAt.getTime() - 3_600_000), "https://app.example");
    const [mail] = await db.select().from(emailOutbox).where(eq(emailOutbox.dedupeKey, `reminder:${session.id}:${pat.id}:${startsAt.getTime()}`));
    // Pat has the default US style: the page and the email both write 12-hour time.
    const page = inStyle("en-US", createElement(When, { at: startsAt, zone: pat.timezone }));
    expect(page).toBe("Mon, Jan 11, 2027, 4:00 PM PST");
    // A participant's calendar entries are discreet unless they choose names: the subject names no group.
    expect(mail.subject).toBe(`Reminder: your session, ${page}`);
    expect(mail.subject).not.toContain("GMT");
  });

  it("a reminder email is written in its recipient's style: 24-hour for one, 12-hour for another", async () => {
    const s = await createOrgScenario();
    const twentyFour = await createPerson(s.org, "participant", { timezone: "America/Los_Angeles", locale: "en-GB" });
    const twelve = await createPerson(s.org, "participant", { timezone: "America/Los_Angeles", locale: "en-US" });
    // One chose named calendar entries (Profile), the other keeps the participant's default (discreet).
    await db.update(users).set({ calendarDiscreet: false }).where(eq(users.id, twelve.id));
    await db.insert(enrolments).values([
      { groupId: s.group.id, userId: twentyFour.id, organizationId: s.org.id },
      { groupId: s.group.id, userId: twelve.id, organizationId: s.org.id },
    ]);
    const startsAt = new Date("2027-03-16T01:00:00Z"); // Mon 15 Mar 2027, 18:00 PDT (the week after the change)
    const session = await createSessionAt(s.group.id, s.org.id, startsAt);
    await queueReminders(new Date(startsAt.getTime() - 3_600_000), "https://app.example");
    const mailTo = async (userId: string) => (await db.select().from(emailOutbox).where(eq(emailOutbox.dedupeKey, `reminder:${session.id}:${userId}:${startsAt.getTime()}`)))[0];
    const gb = await mailTo(twentyFour.id);
    const us = await mailTo(twelve.id);
    expect(gb.subject).toBe("Reminder: your session, Mon 15 Mar 2027, 18:00 PDT");
    expect(gb.textBody).toContain("Mon 15 Mar 2027, 18:00 PDT");
    expect(us.subject).toBe(`Reminder: ${s.group.name}, Mon, Mar 15, 2027, 6:00 PM PDT`);
    expect(us.textBody).toContain("Mon, Mar 15, 2027, 6:00 PM PDT");
    expect(us.textBody).not.toContain("18:00");
  });

  it("pages and emails write one spelling for zones across the year and in several zones", () => {
    const cases: [string, string, string][] = [
      ["2027-07-01T17:00:00Z", "America/New_York", "Thu 1 Jul 2027, 13:00 EDT"],
      ["2027-01-01T17:00:00Z", "America/Chicago", "Fri 1 Jan 2027, 11:00 CST"],
      ["2027-01-01T17:00:00Z", "America/Phoenix", "Fri 1 Jan 2027, 10:00 MST"],
      ["2027-01-01T17:00:00Z", "Pacific/Honolulu", "Fri 1 Jan 2027, 07:00 HST"],
      ["2027-01-01T17:00:00Z", "Europe/London", "Fri 1 Jan 2027, 17:00 GMT"],
      ["2027-01-01T17:00:00Z", "Asia/Kolkata", "Fri 1 Jan 2027, 22:30 GMT+5:30"],
    ];
    for (const [at, zone, expected] of cases) {
      expect(inStyle("en-GB", createElement(When, { at: new Date(at), zone }))).toBe(expected);
    }
    const range = inStyle("en-GB", createElement(SessionTime, { start: new Date("2027-01-12T00:00:00Z"), end: new Date("2027-01-12T01:30:00Z"), zone: "America/Los_Angeles" }));
    expect(range).toBe("Mon 11 Jan 2027, 16:00–17:30 PST");
    // The US style names the same zones the same way.
    expect(inStyle("en-US", createElement(When, { at: new Date("2027-01-01T17:00:00Z"), zone: "Asia/Kolkata" }))).toBe("Fri, Jan 1, 2027, 10:30 PM GMT+5:30");
    expect(inStyle("en-US", createElement(SessionTime, { start: new Date("2027-01-12T00:00:00Z"), end: new Date("2027-01-12T01:30:00Z"), zone: "America/Los_Angeles" }))).toBe(
      "Mon, Jan 11, 2027, 4:00–5:30 PM PST",
    );
  });
});
