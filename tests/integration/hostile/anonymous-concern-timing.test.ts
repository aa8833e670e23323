import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { auditEvents, emailOutbox, sessions } from "~/db/schema";
import { concerns } from "~/db/tables/voice";
import { giveApology } from "~/modules/attendance/check-in/mutations.server";
import { raiseConcern } from "~/modules/voice/concerns/mutations.server";
import * as auditPage from "~/routes/admin.audit";
import * as mailPage from "~/routes/admin.mail";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

/**
 * Hostile review (dec 6): an anonymous concern keeps no submitter and its received time is rounded
 * down to the hour — but its creation was audited at the exact millisecond, next in sequence to
 * whatever the person had just done under their name (an apology, a check-in, a consent), on the
 * administrators' audit page and CSV; and the managers' "a concern arrived" email left at once, so
 * its arrival time named the minute. Either one, beside who was in the building or signed in at
 * that minute, points at the person.
 */
const HOUR = 3_600_000;
let s: Scenario;
let concernId: string;
let raisedAt: Date;

beforeAll(async () => {
  s = await createOrgScenario();
  // Something the person does under their name just before: an apology for the next session.
  const [next] = await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.groupId, s.group.id)).orderBy(sessions.startsAt).limit(1);
  await giveApology(s.participant, next.id, "Doctor's appointment");
  raisedAt = new Date();
  const created = await raiseConcern(
    s.participant,
    { subject: "group", sessionId: null, groupId: s.group.id, facilitatorId: null, programId: null, summary: "Someone shares what we say outside", body: "It happened twice.", anonymous: true },
    raisedAt,
    "https://app.example",
  );
  concernId = created.id;
}, 60_000);

describe("an anonymous concern leaves no finer time than the hour anywhere staff can look", () => {
  it("its creation is audited at the start of the hour, like its received time", async () => {
    const [created] = await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, concernId), eq(auditEvents.action, "concern.create")));
    expect(created.actorUserId).toBeNull();
    expect(created.at.getTime() % HOUR).toBe(0);
    const [row] = await db.select().from(concerns).where(eq(concerns.id, concernId));
    expect(created.at.getTime()).toBe(row.receivedAt.getTime());
  });

  it("the audit page gives no event numbers, which would put it next to the person's own apology", async () => {
    const page = await callRoute(auditPage, { path: "/admin/audit", cookie: s.admin.cookie });
    expect(page.status).toBe(200);
    const events = (page.data as { events: Record<string, unknown>[] }).events;
    expect(events.some((e) => e.subject_id === concernId)).toBe(true);
    for (const e of events) expect(e).not.toHaveProperty("id");
  });

  it("the mail page lists the alert at that hour, without message numbers", async () => {
    const page = await callRoute(mailPage, { path: "/admin/mail", cookie: s.admin.cookie });
    expect(page.status).toBe(200);
    const messages = (page.data as { messages: { createdAt: string }[] }).messages;
    expect(messages.length).toBeGreaterThan(0);
    for (const m of messages) expect(m).not.toHaveProperty("id");
    const [alert] = await db.select().from(emailOutbox).where(sql`${emailOutbox.dedupeKey} like ${`voice:concern-new:${concernId}:%`}`);
    expect(alert.createdAt.getTime() % HOUR).toBe(0);
  });

  it("the managers' alert waits for the end of that hour", async () => {
    const alerts = await db.select().from(emailOutbox).where(sql`${emailOutbox.dedupeKey} like ${`voice:concern-new:${concernId}:%`}`);
    expect(alerts.length).toBeGreaterThan(0);
    const hourEnds = Math.floor(raisedAt.getTime() / HOUR) * HOUR + HOUR;
    for (const alert of alerts) expect(alert.nextAttemptAt.getTime()).toBe(hourEnds);
  });
});
