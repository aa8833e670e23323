import { and, eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { closeDb, db } from "~/db/client.server";
import { auditEvents, emailOutbox, sessions, users } from "~/db/schema";
import { competencySessionFlags, competencySupervisors } from "~/db/tables/competency";
import { PEER_TRAINING_TOPIC_CODES } from "~/modules/competency/framework";
import { runCompetencyExpiry } from "~/modules/competency/jobs.server";
import { applyRecordAction } from "~/modules/competency/records/mutations.server";
import { assertFacilitatorEligible, FacilitatorNotEligibleError } from "~/modules/competency/assignment/mutations.server";
import { installFramework, makeCurrent, recordOf } from "../../factories/competency";
import { createOrgScenario, FIXED_SERIES_START, type Scenario } from "../../factories/scenario";

/*
 * The facilitator's Suicide risk training (12 months) was achieved on 2026-03-20, so it expires on
 * 2027-03-20 in the organisation's zone (America/New_York). Their group meets on Tuesdays from
 * 2 March to 27 April 2027.
 */
let s: Scenario;
let recordId: string;
let itemId: string;

const reminders = () => db.select().from(emailOutbox).where(like(emailOutbox.dedupeKey, `competency-expiry:${recordId}:%`));
const expiredMail = () => db.select().from(emailOutbox).where(like(emailOutbox.dedupeKey, `competency-expired:${recordId}:%`));
const at = (iso: string) => runCompetencyExpiry(new Date(iso), "https://app.test");

beforeAll(async () => {
  // The job runs at explicit instants around the expiry, so the group's Tuesdays are pinned too.
  s = await createOrgScenario({ seriesStart: FIXED_SERIES_START });
  const items = await installFramework(s.org.id);
  itemId = items["2.03-suicide"].id;
  const ids = await makeCurrent(s.org.id, s.facilitator.id, s.manager.id, { achievedOn: "2026-03-20", except: [...PEER_TRAINING_TOPIC_CODES] });
  recordId = ids["2.03-suicide"];
});

describe("expiry reminders", () => {
  it("sends nothing more than 60 days out", async () => {
    await at("2027-01-10T15:00:00Z");
    expect(await reminders()).toHaveLength(0);
  });

  it("sends the 60-day reminder to the facilitator and, with no supervisor named, the managers — once", async () => {
    // The manager reads 24-hour style dates; the facilitator has the default US style.
    await db.update(users).set({ locale: "en-GB" }).where(eq(users.id, s.manager.id));
    expect((await at("2027-01-19T15:00:00Z")).reminders).toBe(2);
    expect((await at("2027-01-19T15:05:00Z")).reminders).toBe(0);
    const sent = await reminders();
    expect(sent.map((m) => m.toAddress).sort()).toEqual([s.facilitator.email, s.manager.email].sort());
    expect(sent.every((m) => m.dedupeKey!.endsWith(`:2027-03-20:60:${m.toAddress === s.facilitator.email ? s.facilitator.id : s.manager.id}`))).toBe(true);
    const toFacilitator = sent.find((m) => m.toAddress === s.facilitator.email)!;
    expect(toFacilitator.subject).toBe("Your Suicide risk recognition and response expires in 60 days");
    expect(toFacilitator.textBody).toContain(`https://app.test/competency/records/${recordId}`);
    expect(toFacilitator.textBody).toContain("expires on Sat, Mar 20, 2027, in 60 days");
    const toManager = sent.find((m) => m.toAddress === s.manager.email)!;
    expect(toManager.textBody).toContain("expires on Sat 20 Mar 2027, in 60 days");
    expect(toManager.subject).toBe(`${s.facilitator.name}'s Suicide risk recognition and response expires in 60 days`);
  });

  it("does not repeat a reminder across restarts or parallel workers", async () => {
    await closeDb(); // a new process: nothing remembered in memory
    expect((await at("2027-01-25T15:00:00Z")).reminders).toBe(0);
    await closeDb();
    const parallel = await Promise.all([at("2027-01-26T15:00:00Z"), at("2027-01-26T15:00:00Z"), at("2027-01-26T15:00:00Z")]);
    expect(parallel.reduce((n, r) => n + r.reminders, 0)).toBe(0);
    expect(await reminders()).toHaveLength(2);
  });

  it("sends the 30- and 7-day reminders once each, even when several workers race", async () => {
    const thirty = await Promise.all([at("2027-02-20T15:00:00Z"), at("2027-02-20T15:00:00Z")]);
    expect(thirty.reduce((n, r) => n + r.reminders, 0)).toBe(2);
    await closeDb();
    expect((await at("2027-03-01T15:00:00Z")).reminders).toBe(0);
    expect((await at("2027-03-14T15:00:00Z")).reminders).toBe(2);
    expect((await at("2027-03-19T15:00:00Z")).reminders).toBe(0);
    const keys = (await reminders()).map((m) => m.dedupeKey!.split(":")[3]);
    expect(keys.sort()).toEqual(["30", "30", "60", "60", "7", "7"]);
  });
});

describe("on the expiry date", () => {
  it("is still current late on the eve in the organisation's zone (already the 20th in UTC)", async () => {
    expect((await at("2027-03-20T03:30:00Z")).expired).toBe(0);
    expect((await recordOf(s.facilitator.id, itemId))?.status).toBe("verified");
  });

  it("turns the record expired once, flags upcoming sessions without dropping them, and tells people once", async () => {
    const now = new Date("2027-03-20T14:00:00Z");
    const runs = await Promise.all([at(now.toISOString()), at(now.toISOString())]);
    expect(runs.reduce((n, r) => n + r.expired, 0)).toBe(1);
    expect((await at("2027-03-21T14:00:00Z")).expired).toBe(0);
    expect((await recordOf(s.facilitator.id, itemId))?.status).toBe("expired");
    const flags = await db.select().from(competencySessionFlags).where(eq(competencySessionFlags.recordId, recordId));
    expect(flags).toHaveLength(6); // Tuesdays 23 Mar – 27 Apr
    const upcoming = await db.select().from(sessions).where(and(eq(sessions.groupId, s.group.id), eq(sessions.status, "scheduled")));
    expect(upcoming.length).toBeGreaterThanOrEqual(6); // still on the schedule
    const mail = await expiredMail();
    expect(mail.map((m) => m.toAddress).sort()).toEqual([s.facilitator.email, s.manager.email].sort());
    expect(mail[0].textBody).toContain("6 upcoming sessions");
    expect(mail.find((m) => m.toAddress === s.facilitator.email)!.textBody).toContain("expired on Sat, Mar 20, 2027.");
    const audit = await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, recordId), eq(auditEvents.action, "competency.record.expire")));
    expect(audit).toHaveLength(1);
  });

  it("the gate then applies to new assignments", async () => {
    const check = db.transaction((tx) =>
      assertFacilitatorEligible(tx, { organizationId: s.org.id, groupKind: "class", userId: s.facilitator.id, now: new Date("2027-03-21T14:00:00Z") }),
    );
    await expect(check).rejects.toBeInstanceOf(FacilitatorNotEligibleError);
    await expect(check).rejects.toThrow(/Suicide risk recognition and response \(PA-CSE 2\.03\): expired/);
  });

  it("a verified renewal clears the flags and earns its own reminders, to the named supervisor", async () => {
    const now = new Date("2027-03-22T15:00:00Z");
    await applyRecordAction(s.manager, recordId, { intent: "assess", status: "demonstrated", achievedOn: "2027-03-22", assessNote: "Renewed QPR." }, now);
    await applyRecordAction(s.manager, recordId, { intent: "verify" }, now);
    expect(await recordOf(s.facilitator.id, itemId)).toEqual(expect.objectContaining({ status: "verified", expiresOn: "2028-03-22" }));
    const open = (await db.select().from(competencySessionFlags).where(eq(competencySessionFlags.recordId, recordId))).filter((f) => !f.resolvedAt);
    expect(open).toHaveLength(0);
    await db.insert(competencySupervisors).values({ organizationId: s.org.id, facilitatorId: s.facilitator.id, supervisorId: s.otherFacilitator.id });
    await at("2028-01-22T15:00:00Z"); // (the 24-month records achieved with it are due their reminders too)
    const renewed = (await reminders()).filter((m) => m.dedupeKey!.includes(":2028-03-22:"));
    expect(renewed.map((m) => m.toAddress).sort()).toEqual([s.facilitator.email, s.otherFacilitator.email].sort());
  });
});
