import { and, asc, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { appUrl } from "~/config.server";
import { db } from "~/db/client.server";
import { enrolments, sessions } from "~/db/schema";
import { smsOutbox } from "~/db/tables/sms";
import { addPhone, confirmPhone, setSmsChoices, textSessionChange } from "~/modules/notifications/sms/mutations.server";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";

/**
 * Hostile review (dec 6b): quiet hours (no text 21:00–08:00 in the person's zone unless waiting
 * would bring it too late) were skipped for every session change: a facilitator cancelling next
 * week's session at 23:30 texted every member at 23:30. A change is urgent only when the session
 * (its old or new start) is close enough that 08:00 could be too late to read it before setting off.
 */
describe("a session change texted in the person's quiet hours", () => {
  let s: Scenario;
  let person: Person;
  beforeAll(async () => {
    s = await createOrgScenario();
    person = await createPerson(s.org, "participant", { timezone: "America/New_York" });
    await db.insert(enrolments).values({ groupId: s.group.id, userId: person.id, organizationId: s.org.id });
    await addPhone(person, "+14155550401");
    const [codeRow] = await db.select().from(smsOutbox).where(and(eq(smsOutbox.userId, person.id), eq(smsOutbox.kind, "code"))).orderBy(desc(smsOutbox.id)).limit(1);
    expect(await confirmPhone(person, /\b(\d{6})\b/.exec(codeRow.body)![1])).toEqual({ ok: true });
    await setSmsChoices(person, ["sms_session_changes"]);
  });

  it("waits until 08:00 for a session days away, and goes at once for one that starts soon", async () => {
    const [first, second] = await db.select().from(sessions).where(eq(sessions.groupId, s.group.id)).orderBy(asc(sessions.startsAt)).limit(2);
    // The second session (19:00 New York) cancelled at 23:30 a week before.
    const elevenThirtyPm = new Date(second.startsAt.getTime() - 7 * 86_400_000 + 4.5 * 3_600_000); // 23:30 a week before
    await db.transaction((tx) => textSessionChange(tx, { organizationId: s.org.id, person, sessionId: second.id, change: "cancelled", oldStart: second.startsAt, url: appUrl(), now: elevenThirtyPm }));
    const [weekAhead] = await db.select().from(smsOutbox).where(and(eq(smsOutbox.userId, person.id), eq(smsOutbox.kind, "session_change"))).orderBy(desc(smsOutbox.id)).limit(1);
    expect(weekAhead.nextAttemptAt).toEqual(new Date(second.startsAt.getTime() - 6 * 86_400_000 - 11 * 3_600_000)); // 08:00 the next morning
    // A session at 07:00 moved at 05:00 (to 19:00): the person may set off before 08:00, so at once.
    const early = new Date(first.startsAt.getTime() - 12 * 3_600_000); // 07:00 the same day
    const fiveAm = new Date(early.getTime() - 2 * 3_600_000);
    await db.transaction((tx) => textSessionChange(tx, { organizationId: s.org.id, person, sessionId: first.id, change: "moved", oldStart: early, newStart: first.startsAt, url: appUrl(), now: fiveAm }));
    const [soon] = await db.select().from(smsOutbox).where(and(eq(smsOutbox.userId, person.id), eq(smsOutbox.kind, "session_change"))).orderBy(desc(smsOutbox.id)).limit(1);
    expect(soon.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
  });
});
