import { and, eq } from "drizzle-orm";
import { DateTime } from "luxon";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { auditEvents, memberships } from "~/db/schema";
import { competencySupervisionEntries, competencySupervisors } from "~/db/tables/competency";
import * as supervision from "~/routes/competency.supervision";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";

let s: Scenario;
let foreign: Scenario;
let third: Person;

// Dates in the organisation's zone (America/New_York), days away from midnight either side.
const day = (offset: number) => DateTime.now().setZone("America/New_York").plus({ days: offset }).toISODate()!;
const errorsOf = (out: { data?: unknown }) => (out.data as { errors: Record<string, string[]> }).errors;
const entries = () => db.select().from(competencySupervisionEntries).where(eq(competencySupervisionEntries.organizationId, s.org.id));
const post = (cookie: string, form: Record<string, string>) => callRoute(supervision, { path: "/competency/supervision", cookie, form });
const view = async (cookie: string, query = "") => {
  const out = await callRoute(supervision, { path: `/competency/supervision${query}`, cookie });
  expect(out.status).toBe(200);
  return (out.data as { log: { entries: { peerWorkerName: string; topics: string }[]; peerWorkers: { id: string }[] } }).log;
};
const entryFor = (peerWorkerId: string, supervisorId: string, extra: Record<string, string> = {}) => ({
  heldOn: day(-3),
  peerWorkerId,
  supervisorId,
  minutes: "45",
  topics: "Sharing one's story in the circle",
  followUps: "Read the boundaries guide",
  ...extra,
});

beforeAll(async () => {
  s = await createOrgScenario();
  foreign = await createOrgScenario();
  third = await createPerson(s.org, "facilitator");
  // otherFacilitator supervises facilitator.
  await db.insert(competencySupervisors).values({ organizationId: s.org.id, facilitatorId: s.facilitator.id, supervisorId: s.otherFacilitator.id });
});

describe("supervision log (PA-CSE 2.06)", () => {
  it("a supervisor records a session with their peer worker; it is audited against the peer worker", async () => {
    const out = await post(s.otherFacilitator.cookie, entryFor(s.facilitator.id, s.otherFacilitator.id, { mentoring: "on" }));
    expect(out.status).toBe(200);
    const [entry] = await entries();
    expect(entry).toMatchObject({ peerWorkerId: s.facilitator.id, supervisorId: s.otherFacilitator.id, minutes: 45, mentoring: true, heldOn: day(-3), recordedBy: s.otherFacilitator.id });
    const events = await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, entry.id), eq(auditEvents.action, "competency.supervision.create")));
    expect(events).toHaveLength(1);
    expect(events[0].subjectUserId).toBe(s.facilitator.id);
  });

  it("the peer worker, their supervisor and managers see the entry; other staff and other organisations do not", async () => {
    for (const who of [s.facilitator, s.otherFacilitator, s.manager, s.admin]) {
      expect((await view(who.cookie)).entries.map((e) => e.peerWorkerName)).toEqual([s.facilitator.name]);
    }
    expect((await view(third.cookie)).entries).toEqual([]);
    expect((await view(third.cookie, `?person=${s.facilitator.id}`)).entries).toEqual([]);
    expect((await view(foreign.manager.cookie)).entries).toEqual([]);
    expect((await view(foreign.manager.cookie, `?person=${s.facilitator.id}`)).entries).toEqual([]);
  });

  it("refuses participants and signed-out visitors", async () => {
    expect((await callRoute(supervision, { path: "/competency/supervision", cookie: s.participant.cookie })).status).toBe(403);
    expect((await post(s.participant.cookie, entryFor(s.facilitator.id, s.otherFacilitator.id))).status).toBe(403);
    expect((await callRoute(supervision, { path: "/competency/supervision" })).status).toBe(302);
    expect(await entries()).toHaveLength(1);
  });

  it("refuses the peer worker writing their own, someone writing as another supervisor, and people who supervise nobody", async () => {
    const self = await post(s.facilitator.cookie, entryFor(s.facilitator.id, s.facilitator.id));
    expect(self.status).toBe(400);
    const asOther = await post(s.facilitator.cookie, entryFor(s.otherFacilitator.id, s.manager.id));
    expect(asOther.status).toBe(400);
    expect(errorsOf(asOther).supervisorId[0]).toMatch(/Record your own supervision sessions/);
    const notMine = await post(s.facilitator.cookie, entryFor(s.otherFacilitator.id, s.facilitator.id));
    expect(errorsOf(notMine).peerWorkerId[0]).toBe("You do not supervise this peer worker.");
    expect((await view(s.facilitator.cookie)).peerWorkers).toEqual([]);
    expect(await entries()).toHaveLength(1);
  });

  it("refuses a manager of another organisation, and people of another organisation as peer worker or supervisor", async () => {
    const foreignPeer = await post(foreign.manager.cookie, entryFor(s.facilitator.id, foreign.manager.id));
    expect(errorsOf(foreignPeer).peerWorkerId[0]).toMatch(/your organisation's staff/);
    const foreignSupervisor = await post(s.manager.cookie, entryFor(s.facilitator.id, foreign.manager.id));
    expect(errorsOf(foreignSupervisor).supervisorId[0]).toMatch(/your organisation's staff/);
    const participantPeer = await post(s.manager.cookie, entryFor(s.participant.id, s.manager.id));
    expect(errorsOf(participantPeer).peerWorkerId[0]).toMatch(/your organisation's staff/);
    expect(await entries()).toHaveLength(1);
  });

  it("a manager records for a current supervisor, not for someone who does not supervise the peer worker", async () => {
    const wrong = await post(s.manager.cookie, entryFor(s.facilitator.id, third.id));
    expect(errorsOf(wrong).supervisorId[0]).toMatch(/does not supervise the peer worker/);
    const ok = await post(s.manager.cookie, entryFor(s.facilitator.id, s.otherFacilitator.id, { heldOn: day(-2), topics: "Role clarity" }));
    expect(ok.status).toBe(200);
    expect(await entries()).toHaveLength(2);
  });

  it("explains bad input beside each field and saves nothing", async () => {
    const out = await post(s.otherFacilitator.cookie, entryFor(s.facilitator.id, s.otherFacilitator.id, { heldOn: "31/01/2026", minutes: "0", topics: " " }));
    expect(out.status).toBe(400);
    expect(Object.keys(errorsOf(out)).sort()).toEqual(["heldOn", "minutes", "topics"]);
    const future = await post(s.otherFacilitator.cookie, entryFor(s.facilitator.id, s.otherFacilitator.id, { heldOn: day(2) }));
    expect(errorsOf(future).heldOn[0]).toBe("The session cannot be in the future.");
    const ancient = await post(s.otherFacilitator.cookie, entryFor(s.facilitator.id, s.otherFacilitator.id, { heldOn: "1999-12-31" }));
    expect(errorsOf(ancient).heldOn[0]).toMatch(/from 2000/);
    const junkId = await post(s.otherFacilitator.cookie, entryFor("not-an-id", s.otherFacilitator.id));
    expect(errorsOf(junkId).peerWorkerId[0]).toBe("Choose the peer worker.");
    expect(await entries()).toHaveLength(2);
  });

  it("a former supervisor can neither add entries nor read the peer worker's log", async () => {
    await db
      .update(competencySupervisors)
      .set({ supervisorId: s.manager.id })
      .where(and(eq(competencySupervisors.organizationId, s.org.id), eq(competencySupervisors.facilitatorId, s.facilitator.id)));
    const out = await post(s.otherFacilitator.cookie, entryFor(s.facilitator.id, s.otherFacilitator.id));
    expect(errorsOf(out).peerWorkerId[0]).toBe("You do not supervise this peer worker.");
    expect((await view(s.otherFacilitator.cookie)).entries).toEqual([]);
    expect((await view(s.otherFacilitator.cookie, `?person=${s.facilitator.id}`)).entries).toEqual([]);
    expect((await view(s.facilitator.cookie)).entries).toHaveLength(2);
    expect(await entries()).toHaveLength(2);
  });
});

describe("deactivated staff (hostile review)", () => {
  it("are neither offered nor accepted as peer worker or supervisor, and their history stays readable to managers", async () => {
    const t = await createOrgScenario();
    const peer = await createPerson(t.org, "facilitator");
    await db.insert(competencySupervisors).values({ organizationId: t.org.id, facilitatorId: peer.id, supervisorId: t.otherFacilitator.id });
    const before = await callRoute(supervision, { path: "/competency/supervision", cookie: t.manager.cookie, form: entryFor(peer.id, t.otherFacilitator.id) });
    expect(before.status).toBe(200);
    await db.update(memberships).set({ deactivatedAt: new Date() }).where(and(eq(memberships.organizationId, t.org.id), eq(memberships.userId, peer.id)));
    const count = async () => (await db.select().from(competencySupervisionEntries).where(eq(competencySupervisionEntries.organizationId, t.org.id))).length;
    const asPeer = await callRoute(supervision, { path: "/competency/supervision", cookie: t.manager.cookie, form: entryFor(peer.id, t.otherFacilitator.id) });
    expect(errorsOf(asPeer).peerWorkerId[0]).toMatch(/active now/);
    await db.update(memberships).set({ deactivatedAt: null }).where(and(eq(memberships.organizationId, t.org.id), eq(memberships.userId, peer.id)));
    await db.update(memberships).set({ deactivatedAt: new Date() }).where(and(eq(memberships.organizationId, t.org.id), eq(memberships.userId, t.otherFacilitator.id)));
    const asSupervisor = await callRoute(supervision, { path: "/competency/supervision", cookie: t.manager.cookie, form: entryFor(peer.id, t.otherFacilitator.id) });
    expect(errorsOf(asSupervisor).supervisorId[0]).toMatch(/active now/);
    expect(await count()).toBe(1);
    const page = await callRoute(supervision, { path: "/competency/supervision", cookie: t.manager.cookie });
    const log = (page.data as { log: { entries: unknown[]; supervisors: { id: string }[] } }).log;
    expect(log.entries).toHaveLength(1);
    expect(log.supervisors.map((x) => x.id)).not.toContain(t.otherFacilitator.id);
  });
});
