import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { auditEvents, enrolments, groupFacilitators } from "~/db/schema";
import { competencyCaseloadLimits, competencySettings } from "~/db/tables/competency";
import { enrolmentDetails } from "~/db/tables/registration";
import * as settings from "~/routes/competency.settings";
import { installFramework, makeCurrent } from "../../factories/competency";
import { createSessionAt } from "../../factories/attendance";
import { createEmptyGroup } from "../../factories/registration";
import { callRoute } from "../../factories/requests";
import { saveGroupEdit } from "../../factories/versioned-saves";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";

let s: Scenario;
let foreign: Scenario;
let items: Awaited<ReturnType<typeof installFramework>>;
let newcomer: Person;

const errorsOf = (out: { data?: unknown }) => (out.data as { errors: Record<string, string[]> }).errors;
const post = (cookie: string, form: Record<string, string>) => callRoute(settings, { path: "/competency/settings", cookie, form });
const limitsOf = (organizationId: string) => db.select().from(competencyCaseloadLimits).where(eq(competencyCaseloadLimits.organizationId, organizationId));
const limitsForm = (weight: string) => ({ intent: "limits", maxGroupsPerFacilitator: "", maxParticipantsPerFacilitator: "", defaultSupervisorId: "", urgentParticipantWeight: weight });
/** Adds `newcomer` to the scenario's peer recovery group, which has two enrolled participants. */
const assignNewcomer = () =>
  saveGroupEdit(s.manager.cookie, s.group.id, {
      name: "Circle",
      kind: "peer_recovery_group",
      timezone: "America/New_York",
      capacity: "10",
      location: "Room 1",
      language: "en",
      "facilitatorIds[]": [s.facilitator.id, newcomer.id],
    });

beforeAll(async () => {
  s = await createOrgScenario();
  foreign = await createOrgScenario();
  items = await installFramework(s.org.id);
  await installFramework(foreign.org.id);
  // The scenario's own facilitator is cleared to keep leading; the newcomer holds everything but the peer certification.
  await makeCurrent(s.org.id, s.facilitator.id, s.manager.id);
  newcomer = await createPerson(s.org, "facilitator");
  await makeCurrent(s.org.id, newcomer.id, s.manager.id, { except: ["2.06-peer-cert"] });
  // One of the group's two participants came through an urgent intake.
  const [enrolment] = await db.select().from(enrolments).where(and(eq(enrolments.groupId, s.group.id), eq(enrolments.userId, s.participant.id)));
  await db.insert(enrolmentDetails).values({ enrolmentId: enrolment.id, organizationId: s.org.id, groupId: s.group.id, urgent: true });
});

describe("caseload settings (PA-CSE 2.08)", () => {
  it("a manager sets how much an urgent intake counts and a limit for a role; both are audited", async () => {
    expect((await post(s.manager.cookie, limitsForm("2"))).status).toBe(200);
    const [row] = await db.select().from(competencySettings).where(eq(competencySettings.organizationId, s.org.id));
    expect(row.urgentParticipantWeight).toBe(2);
    const out = await post(s.manager.cookie, { intent: "limit", appliesTo: "role:facilitator", maxGroups: "", maxParticipants: "2" });
    expect(out.status).toBe(200);
    const [limit] = await limitsOf(s.org.id);
    expect(limit).toMatchObject({ role: "facilitator", itemId: null, maxGroups: null, maxParticipants: 2 });
    const events = await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, limit.id), eq(auditEvents.action, "competency.caseload_limit.set")));
    expect(events).toHaveLength(1);
    // Saving the same role again replaces its limit.
    await post(s.manager.cookie, { intent: "limit", appliesTo: "role:facilitator", maxGroups: "3", maxParticipants: "2" });
    expect(await limitsOf(s.org.id)).toEqual([expect.objectContaining({ id: limit.id, maxGroups: 3, maxParticipants: 2 })]);
  });

  it("shows the limits on the settings page", async () => {
    const page = await callRoute(settings, { path: "/competency/settings", cookie: s.admin.cookie });
    const data = page.data as { settings: { urgentParticipantWeight: number }; limits: { role: string | null; maxParticipants: number | null }[] };
    expect(data.settings.urgentParticipantWeight).toBe(2);
    expect(data.limits).toEqual([expect.objectContaining({ role: "facilitator", maxParticipants: 2 })]);
  });

  it("refuses facilitators, participants, another organisation's items and limits, and bad numbers — changing nothing", async () => {
    const before = await limitsOf(s.org.id);
    expect((await post(s.facilitator.cookie, { intent: "limit", appliesTo: "role:facilitator", maxGroups: "9", maxParticipants: "" })).status).toBe(403);
    expect((await post(s.participant.cookie, { intent: "remove-limit", limitId: before[0].id })).status).toBe(403);
    const foreignItem = await post(foreign.manager.cookie, { intent: "limit", appliesTo: `item:${items["2.06-peer-cert"].id}`, maxGroups: "9", maxParticipants: "" });
    expect(errorsOf(foreignItem).appliesTo[0]).toMatch(/your organisation's framework/);
    expect((await post(foreign.manager.cookie, { intent: "remove-limit", limitId: before[0].id })).status).toBe(404);
    const junk = await post(s.manager.cookie, { intent: "limit", appliesTo: "role:participant", maxGroups: "0", maxParticipants: "x" });
    expect(Object.keys(errorsOf(junk)).sort()).toEqual(["appliesTo", "maxGroups", "maxParticipants"]);
    expect(errorsOf(await post(s.manager.cookie, limitsForm("9"))).urgentParticipantWeight[0]).toMatch(/from 1 to 5/);
    expect(await limitsOf(s.org.id)).toEqual(before);
    expect(await limitsOf(foreign.org.id)).toEqual([]);
    const [row] = await db.select().from(competencySettings).where(eq(competencySettings.organizationId, s.org.id));
    expect(row.urgentParticipantWeight).toBe(2);
  });
});

describe("the caseload check uses role limits and the level of need", () => {
  it("blocks a facilitator whose weighted load passes their role's limit (an urgent intake counting 2)", async () => {
    // Participants: one urgent (counts 2) and one not: a load of 3 against the facilitators' limit of 2.
    await makeCurrent(s.org.id, newcomer.id, s.manager.id, { only: ["2.06-peer-cert"] });
    const out = await assignNewcomer();
    expect(out.status).toBe(400);
    expect(errorsOf(out).facilitatorIds[0]).toMatch(/would carry a participant load of 3, urgent intakes counting 2 each \(limit for facilitators: 2\)/);
  });

  it("lets the same assignment through when urgent intakes count 1", async () => {
    await post(s.manager.cookie, limitsForm("1"));
    const out = await assignNewcomer();
    expect(out.status).toBe(302);
  });

  it("a qualification's limit decides before the role's", async () => {
    // Take the newcomer off again, weigh urgent intakes 2, and give certified peer specialists room for 3.
    await saveGroupEdit(s.manager.cookie, s.group.id, { name: "Circle", kind: "peer_recovery_group", timezone: "America/New_York", capacity: "10", location: "Room 1", language: "en", "facilitatorIds[]": [s.facilitator.id] });
    await post(s.manager.cookie, limitsForm("2"));
    expect((await assignNewcomer()).status).toBe(400);
    await post(s.manager.cookie, { intent: "limit", appliesTo: `item:${items["2.06-peer-cert"].id}`, maxGroups: "", maxParticipants: "3" });
    expect((await assignNewcomer()).status).toBe(302);
  });
});

describe("only groups that still run count towards a caseload", () => {
  it("a finished cohort does not block a new assignment; a group with sessions to come does", async () => {
    const t = await createOrgScenario();
    await installFramework(t.org.id);
    const lead = await createPerson(t.org, "facilitator");
    await makeCurrent(t.org.id, lead.id, t.manager.id);
    await db
      .insert(competencySettings)
      .values({ organizationId: t.org.id, maxGroupsPerFacilitator: 1 })
      .onConflictDoUpdate({ target: competencySettings.organizationId, set: { maxGroupsPerFacilitator: 1 } });
    // She led an autumn cohort whose last session is over.
    const finished = await createEmptyGroup(t, 8, "Autumn cohort");
    await createSessionAt(finished.id, t.org.id, new Date(Date.now() - 30 * 86_400_000));
    await db.insert(groupFacilitators).values({ groupId: finished.id, userId: lead.id, organizationId: t.org.id });
    const assign = () =>
      saveGroupEdit(t.manager.cookie, t.group.id, { name: "Circle", kind: "peer_recovery_group", timezone: "America/New_York", capacity: "10", location: "Room 1", language: "en", "facilitatorIds[]": [t.facilitator.id, lead.id] });
    const unassign = () =>
      saveGroupEdit(t.manager.cookie, t.group.id, { name: "Circle", kind: "peer_recovery_group", timezone: "America/New_York", capacity: "10", location: "Room 1", language: "en", "facilitatorIds[]": [t.facilitator.id] });
    await makeCurrent(t.org.id, t.facilitator.id, t.manager.id);
    expect((await assign()).status).toBe(302);
    await unassign();
    // The cohort gets a session next week: it runs again, and counts.
    await createSessionAt(finished.id, t.org.id, new Date(Date.now() + 7 * 86_400_000));
    const refused = await assign();
    expect(refused.status).toBe(400);
    expect(errorsOf(refused).facilitatorIds[0]).toMatch(/group/);
  });
});
