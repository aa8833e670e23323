import { eq } from "drizzle-orm";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { emailOutbox, enrolments } from "~/db/schema";
import { queueReminders } from "~/modules/calendar/mutations.server";
import { SessionTime, When } from "~/ui/time";
import { createSessionAt } from "../../factories/attendance";
import { createOrgScenario, createPerson } from "../../factories/scenario";

const text = (html: string) => html.replace(/<[^>]+>/g, "");

describe("zone names", () => {
  it("an email names the zone as the pages do (PST, not GMT-8)", async () => {
    const s = await createOrgScenario();
    const pat = await createPerson(s.org, "participant", { timezone: "America/Los_Angeles" });
    await db.insert(enrolments).values({ groupId: s.group.id, userId: pat.id, organizationId: s.org.id });
    const startsAt = new Date("2027-01-12T00:00:00Z"); // Mon 11 Jan 2027, 16:00 in Los Angeles
    const session = await createSessionAt(s.group.id, s.org.id, startsAt);
    await queueReminders(new Date(startsAt.getTime() - 3_600_000), "https://app.example");
    const [mail] = await db.select().from(emailOutbox).where(eq(emailOutbox.dedupeKey, `reminder:${session.id}:${pat.id}`));
    const page = text(renderToStaticMarkup(createElement(When, { at: startsAt, zone: pat.timezone })));
    expect(page).toBe("Mon 11 Jan 2027, 16:00 PST");
    expect(mail.subject).toBe(`Reminder: ${s.group.name}, ${page}`);
    expect(mail.subject).not.toContain("GMT");
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
      expect(text(renderToStaticMarkup(createElement(When, { at: new Date(at), zone })))).toBe(expected);
    }
    const range = text(renderToStaticMarkup(createElement(SessionTime, { start: new Date("2027-01-12T00:00:00Z"), end: new Date("2027-01-12T01:30:00Z"), zone: "America/Los_Angeles" })));
    expect(range).toBe("Mon 11 Jan 2027, 16:00–17:30 PST");
  });
});
