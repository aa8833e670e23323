import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { auditEvents, enrolments, memberships } from "~/db/schema";
import { intakes } from "~/db/tables/registration";
import { audit as recordEvent } from "~/modules/audit/mutations.server";
import * as auditCsv from "~/routes/admin.audit[.]csv";
import * as auditPage from "~/routes/admin.audit";
import * as intakeRecord from "~/routes/intake.$enrolmentId";
import * as myGoals from "~/routes/my.goals";
import * as myPrivacy from "~/routes/my.privacy";
import * as goalsRoute from "~/routes/participants.$userId.goals";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

/**
 * Issue 13, "Accounting of disclosures": audit_events can be read back — by administrators at
 * /admin/audit (filters, pages, CSV) and by each person at /my/privacy ("Who has seen my records").
 */
let s: Scenario;
let foreign: Scenario;
let enrolmentId: string;

type Privacy = Awaited<ReturnType<typeof myPrivacy.loader>>;
type Audit = Awaited<ReturnType<typeof auditPage.loader>>;
const privacyOf = async (cookie: string) => (await callRoute(myPrivacy, { path: "/my/privacy", cookie })).data as Privacy;
const audit = async (query: string, cookie = s.admin.cookie) => callRoute(auditPage, { path: `/admin/audit${query}`, cookie });

beforeAll(async () => {
  s = await createOrgScenario();
  foreign = await createOrgScenario();
  const [enrolment] = await db.select().from(enrolments).where(and(eq(enrolments.groupId, s.group.id), eq(enrolments.userId, s.participant.id)));
  enrolmentId = enrolment.id;
  await db.insert(intakes).values({
    organizationId: s.org.id,
    enrolmentId,
    groupId: s.group.id,
    userId: s.participant.id,
    preferredContact: "email",
    consentParticipation: true,
    consentRosterSharing: true,
  } as never);
  // Staff read the participant's plan and intake; the participant reads their own goals.
  await callRoute(goalsRoute, { path: `/participants/${s.participant.id}/goals`, params: { userId: s.participant.id }, cookie: s.facilitator.cookie });
  await callRoute(intakeRecord, { path: `/intake/${enrolmentId}`, params: { enrolmentId }, cookie: s.manager.cookie });
  await callRoute(myGoals, { path: "/my/goals", cookie: s.participant.cookie });
  await callRoute(goalsRoute, { path: `/participants/${s.participant.id}/goals`, params: { userId: s.participant.id }, cookie: s.participant.cookie });
});

describe("Who has seen my records (/my/privacy)", () => {
  it("lists the facilitator's view of the plan and the manager's view of the intake, with role, organisation, date and purpose", async () => {
    const data = await privacyOf(s.participant.cookie);
    const plan = data.entries.find((e) => e.what === "Your goals and service plan");
    expect(plan).toMatchObject({ kind: "viewed", who: s.facilitator.name, role: "Facilitator", organization: s.org.name, purpose: "Your service plan (treatment)" });
    expect(Number.isNaN(Date.parse(plan!.at))).toBe(false);
    const intake = data.entries.find((e) => e.what === "Your intake answers");
    expect(intake).toMatchObject({ kind: "viewed", who: s.manager.name, role: "Program manager", purpose: "Screening and intake" });
  });

  it("keeps the role the actor had at the time, after it changes", async () => {
    await db.update(memberships).set({ role: "manager" }).where(and(eq(memberships.userId, s.facilitator.id), eq(memberships.organizationId, s.org.id)));
    try {
      const data = await privacyOf(s.participant.cookie);
      expect(data.entries.find((e) => e.what === "Your goals and service plan")?.role).toBe("Facilitator");
    } finally {
      await db.update(memberships).set({ role: "facilitator" }).where(and(eq(memberships.userId, s.facilitator.id), eq(memberships.organizationId, s.org.id)));
    }
  });

  it("leaves out the person's own actions and everyone else's records", async () => {
    const mine = await privacyOf(s.participant.cookie);
    expect(mine.entries.every((e) => e.who !== s.participant.name)).toBe(true);
    const other = await privacyOf(s.otherParticipant.cookie);
    expect(other.entries.find((e) => e.what === "Your intake answers" || e.what === "Your goals and service plan")).toBeUndefined();
  });

  it("needs a sign-in", async () => {
    const out = await callRoute(myPrivacy, { path: "/my/privacy" });
    expect(out.status).toBe(302);
  });
});

describe("the audit viewer (/admin/audit)", () => {
  it("is for the organisation's administrators only", async () => {
    expect((await audit("")).status).toBe(200);
    for (const cookie of [s.manager.cookie, s.facilitator.cookie, s.participant.cookie]) expect((await audit("", cookie)).status).toBe(403);
    expect((await callRoute(auditCsv, { path: "/admin/audit.csv", cookie: s.manager.cookie })).status).toBe(403);
  });

  it("filters by person, actor, action and date, and never shows another organisation's events", async () => {
    const byPerson = (await audit(`?person=${encodeURIComponent(s.participant.email)}`)).data as Audit;
    expect(byPerson.events.length).toBeGreaterThan(0);
    expect(byPerson.events.every((e) => e.person_id === s.participant.id)).toBe(true);
    const byActor = (await audit(`?actor=${s.facilitator.id}&action=goal.plan_viewed`)).data as Audit;
    expect(byActor.events.length).toBeGreaterThan(0);
    expect(byActor.events.every((e) => e.action === "goal.plan_viewed" && e.actor_name === s.facilitator.name)).toBe(true);
    const future = (await audit("?from=2099-01-01")).data as Audit;
    expect(future.events).toEqual([]);
    const past = (await audit("?to=2000-01-01")).data as Audit;
    expect(past.events).toEqual([]);
    // another organisation's admin sees none of it
    const theirs = (await audit(`?person=${s.participant.id}`, foreign.admin.cookie)).data as Audit;
    expect(theirs.events).toEqual([]);
  });

  it("pages through 50 events at a time", async () => {
    for (let i = 0; i < 55; i++) {
      await recordEvent(db, { organizationId: s.org.id, actorId: s.manager.id, action: "calendar_feed.revoke", subjectType: "user", subjectId: s.otherParticipant.id, reason: `event ${i}` });
    }
    const first = (await audit("?action=calendar_feed.revoke")).data as Audit;
    expect(first.events).toHaveLength(50);
    expect(first.next).toBe("action=calendar_feed.revoke&page=2");
    const second = (await audit(`?${first.next}`)).data as Audit;
    expect(second.events).toHaveLength(5);
    expect(second.next).toBeNull();
    // The page carries no event numbers (an anonymous concern's place among them would date it):
    // each event is told apart by its reason.
    expect(new Set([...first.events, ...second.events].map((e) => e.reason)).size).toBe(55);
  });

  it("downloads the filtered events as CSV, and the download is itself audited", async () => {
    const out = await callRoute(auditCsv, { path: `/admin/audit.csv?action=goal.plan_viewed`, cookie: s.admin.cookie });
    expect(out.status).toBe(200);
    const lines = String(out.data).trim().split("\r\n");
    // The scenario's group is a peer recovery group: the 42 CFR 2.32 notice comes first.
    expect(lines[0]).toMatch(/^"Notice \(42 CFR 2\.32\): /);
    expect(lines[1]).toBe("");
    expect(lines[2]).toBe("At (UTC),Actor,Actor email,Actor role,Action,Person,Person email,Subject type,Subject id,Reason");
    expect(lines.length).toBeGreaterThan(3);
    expect(lines.slice(3).every((l) => l.includes(",goal.plan_viewed,"))).toBe(true);
    const [exported] = await db.select().from(auditEvents).where(and(eq(auditEvents.organizationId, s.org.id), eq(auditEvents.action, "audit.exported")));
    expect(exported.actorUserId).toBe(s.admin.id);
  });

  it("treats junk filters as no filter, never an error", async () => {
    const out = await audit("?from=2027-02-30&to=tomorrow&page=-4&action=%27%3B drop&person=%25%25");
    expect(out.status).toBe(200);
  });
});
