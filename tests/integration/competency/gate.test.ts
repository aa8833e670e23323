import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { auditEvents, groupFacilitators, groups, sessions } from "~/db/schema";
import { competencyOverrides, competencyProposals, competencyRecords, competencySettings } from "~/db/tables/competency";
import { assertFacilitatorEligible, FacilitatorNotEligibleError } from "~/modules/competency/assignment/mutations.server";
import { listOverridesForReport } from "~/modules/competency/assignment/queries.server";
import * as programGroupsNew from "~/routes/programs.$programId.groups.new";
import { installFramework, makeCurrent } from "../../factories/competency";
import { callRoute } from "../../factories/requests";
import { saveGroupEdit } from "../../factories/versioned-saves";
import { createOrgScenario, createPerson, type Scenario } from "../../factories/scenario";

let s: Scenario;
let items: Awaited<ReturnType<typeof installFramework>>;

const newGroupForm = (name: string, facilitatorIds: string[], extra: Record<string, string> = {}) => ({
  name,
  kind: "workshop",
  timezone: "America/New_York",
  capacity: "8",
  location: "Room 3",
  language: "en",
  "facilitatorIds[]": facilitatorIds,
  ...extra,
});

const editForm = (facilitatorIds: string[], extra: Record<string, string> = {}) => ({
  name: "Circle",
  kind: "peer_recovery_group",
  timezone: "America/New_York",
  capacity: "10",
  location: "Room 1",
  language: "en",
  "facilitatorIds[]": facilitatorIds,
  ...extra,
});

const createAs = (cookie: string, form: Record<string, string | string[]>) =>
  callRoute(programGroupsNew, { path: `/programs/${s.program.id}/groups/new`, params: { programId: s.program.id }, cookie, form });
const editAs = (cookie: string, form: Record<string, string | string[]>) =>
  saveGroupEdit(cookie, s.group.id, form);
const errorsOf = (out: { data?: unknown }) => (out.data as { errors: Record<string, string[]> }).errors;
const facilitatorsOf = async (groupId: string) =>
  (await db.select({ id: groupFacilitators.userId }).from(groupFacilitators).where(eq(groupFacilitators.groupId, groupId))).map((r) => r.id).sort();

beforeAll(async () => {
  s = await createOrgScenario();
});

describe("assignment gate", () => {
  it("an organisation's first assignment installs the starter framework and applies it (never an empty gate)", async () => {
    expect(await db.select().from(competencySettings).where(eq(competencySettings.organizationId, s.org.id))).toHaveLength(0);
    const newcomer = await createPerson(s.org, "facilitator", { name: "New Facilitator" });
    const out = await createAs(s.manager.cookie, newGroupForm("Before framework", [newcomer.id]));
    expect(out.status).toBe(400);
    expect(errorsOf(out).facilitatorIds[0]).toMatch(/New Facilitator cannot lead this workshop: missing .*PA-CSE 2\.04/);
    expect(await db.select().from(groups).where(eq(groups.name, "Before framework"))).toHaveLength(0);
  });

  it("blocks a facilitator missing a 2.04 competency, creates nothing, and shows them the proposal", async () => {
    items = await installFramework(s.org.id);
    await makeCurrent(s.org.id, s.otherFacilitator.id, s.manager.id, { except: ["2.04-dynamics"] });
    const out = await createAs(s.manager.cookie, newGroupForm("Evening Skills", [s.otherFacilitator.id]));
    expect(out.status).toBe(400);
    expect(errorsOf(out).facilitatorIds[0]).toMatch(/cannot lead this workshop: missing Managing group dynamics \(PA-CSE 2\.04\): no record/);
    expect(errorsOf(out).facilitatorIds[0]).toMatch(/Assign anyway/);
    expect(await db.select().from(groups).where(eq(groups.name, "Evening Skills"))).toHaveLength(0);
    const proposals = await db.select().from(competencyProposals).where(eq(competencyProposals.facilitatorId, s.otherFacilitator.id));
    expect(proposals).toEqual([expect.objectContaining({ groupName: "Evening Skills", groupKind: "workshop", groupId: null, proposedBy: s.manager.id })]);
    expect(await db.select().from(competencyOverrides).where(eq(competencyOverrides.organizationId, s.org.id))).toHaveLength(0);
  });

  it("refuses an override whose reason is too short", async () => {
    const out = await createAs(s.manager.cookie, newGroupForm("Evening Skills", [s.otherFacilitator.id], { overrideReason: "ok" }));
    expect(out.status).toBe(400);
    expect(errorsOf(out).facilitatorIds[0]).toMatch(/at least 10 characters/);
  });

  it("lets a manager override with a written reason, stored and audited", async () => {
    const reason = "Covering for two weeks; observation booked for next session.";
    const out = await createAs(s.manager.cookie, newGroupForm("Evening Skills", [s.otherFacilitator.id], { overrideReason: reason }));
    expect(out.status).toBe(302);
    const [group] = await db.select().from(groups).where(eq(groups.name, "Evening Skills"));
    expect(await facilitatorsOf(group.id)).toEqual([s.otherFacilitator.id]);
    const overrides = await db.select().from(competencyOverrides).where(eq(competencyOverrides.organizationId, s.org.id));
    expect(overrides).toEqual([
      expect.objectContaining({
        facilitatorId: s.otherFacilitator.id,
        groupId: group.id,
        groupKind: "workshop",
        rule: "competency",
        reason,
        approvedBy: s.manager.id,
        details: [expect.objectContaining({ code: "2.04-dynamics", problem: "missing" })],
      }),
    ]);
    const audit = await db.select().from(auditEvents).where(and(eq(auditEvents.organizationId, s.org.id), eq(auditEvents.action, "competency.override.competency")));
    expect(audit).toEqual([expect.objectContaining({ actorUserId: s.manager.id, subjectId: group.id, reason })]);
  });

  it("leaves existing assignments alone when other fields change, and gates people being added", async () => {
    // s.facilitator already leads the circle with no records at all: editing the description is fine.
    const keep = await editAs(s.manager.cookie, editForm([s.facilitator.id], { description: "Now with tea." }));
    expect(keep.status).toBe(302);
    const add = await editAs(s.manager.cookie, editForm([s.facilitator.id, s.otherFacilitator.id]));
    expect(add.status).toBe(400);
    expect(errorsOf(add).facilitatorIds[0]).toMatch(/Managing group dynamics/);
    expect(await facilitatorsOf(s.group.id)).toEqual([s.facilitator.id]);
  });

  it("allows the assignment once the missing competency is verified", async () => {
    await makeCurrent(s.org.id, s.otherFacilitator.id, s.manager.id, { only: ["2.04-dynamics"] });
    const add = await editAs(s.manager.cookie, editForm([s.facilitator.id, s.otherFacilitator.id]));
    expect(add.status).toBe(302);
    expect(await facilitatorsOf(s.group.id)).toEqual([s.facilitator.id, s.otherFacilitator.id].sort());
  });

  it("checks everyone when the group's kind changes", async () => {
    const out = await editAs(s.manager.cookie, editForm([s.facilitator.id, s.otherFacilitator.id], { kind: "class" }));
    expect(out.status).toBe(400);
    const message = errorsOf(out).facilitatorIds[0];
    expect(message).toContain(s.facilitator.name);
    expect(message).not.toContain(s.otherFacilitator.name);
  });

  it("blocks a facilitator whose required record has expired", async () => {
    const person = await createPerson(s.org, "facilitator");
    await makeCurrent(s.org.id, person.id, s.manager.id);
    await db
      .update(competencyRecords)
      .set({ expiresOn: "2020-01-01" })
      .where(and(eq(competencyRecords.userId, person.id), eq(competencyRecords.itemId, items["2.03-suicide"].id)));
    const out = await editAs(s.manager.cookie, editForm([s.facilitator.id, s.otherFacilitator.id, person.id]));
    expect(out.status).toBe(400);
    expect(errorsOf(out).facilitatorIds[0]).toMatch(/Suicide risk recognition and response \(PA-CSE 2\.03\): expired/);
  });

  it("a demonstrated but unverified record does not pass", async () => {
    const person = await createPerson(s.org, "facilitator");
    await makeCurrent(s.org.id, person.id, s.manager.id);
    await db
      .update(competencyRecords)
      .set({ status: "demonstrated", verifiedBy: null, verifiedAt: null })
      .where(and(eq(competencyRecords.userId, person.id), eq(competencyRecords.itemId, items["2.04-engage"].id)));
    const out = await createAs(s.manager.cookie, newGroupForm("Drop-in Thursday", [person.id], { kind: "drop_in" }));
    expect(out.status).toBe(400);
    expect(errorsOf(out).facilitatorIds[0]).toMatch(/Engaging and motivating members \(PA-CSE 2\.04\): not verified yet/);
  });
});

describe("caseload limits (PA-CSE 2.08)", () => {
  it("needs an override past the group limit, and records it", async () => {
    const person = await createPerson(s.org, "facilitator");
    await makeCurrent(s.org.id, person.id, s.manager.id);
    await db.update(competencySettings).set({ maxGroupsPerFacilitator: 1 }).where(eq(competencySettings.organizationId, s.org.id));
    const first = await createAs(s.manager.cookie, newGroupForm("First of two", [person.id]));
    expect(first.status).toBe(302);
    const second = await createAs(s.manager.cookie, newGroupForm("Second of two", [person.id]));
    expect(second.status).toBe(400);
    expect(errorsOf(second).facilitatorIds[0]).toMatch(/would lead 2 groups \(limit 1\)/);
    const reason = "Short-term cover while we recruit another facilitator.";
    const ok = await createAs(s.manager.cookie, newGroupForm("Second of two", [person.id], { overrideReason: reason }));
    expect(ok.status).toBe(302);
    const rows = await db.select().from(competencyOverrides).where(and(eq(competencyOverrides.facilitatorId, person.id), eq(competencyOverrides.rule, "caseload")));
    expect(rows).toEqual([expect.objectContaining({ reason, details: [{ limit: "groups", max: 1, wouldHave: 2 }] })]);
    await db.update(competencySettings).set({ maxGroupsPerFacilitator: null }).where(eq(competencySettings.organizationId, s.org.id));
  });

  it("counts the participants of the group being joined", async () => {
    const person = await createPerson(s.org, "facilitator");
    await makeCurrent(s.org.id, person.id, s.manager.id);
    await db.update(competencySettings).set({ maxParticipantsPerFacilitator: 1 }).where(eq(competencySettings.organizationId, s.org.id));
    const out = await editAs(s.manager.cookie, editForm([s.facilitator.id, s.otherFacilitator.id, person.id]));
    expect(out.status).toBe(400);
    expect(errorsOf(out).facilitatorIds[0]).toMatch(/would serve 2 participants \(limit 1\)/);
    await db.update(competencySettings).set({ maxParticipantsPerFacilitator: null }).where(eq(competencySettings.organizationId, s.org.id));
  });
});

describe("assertFacilitatorEligible (for the scheduling publisher)", () => {
  it("passes a current facilitator, blocks a missing one, and audits an override tied to the session", async () => {
    const now = new Date();
    const [session] = await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.groupId, s.group.id)).limit(1);
    await expect(
      db.transaction((tx) => assertFacilitatorEligible(tx, { organizationId: s.org.id, groupKind: "peer_recovery_group", userId: s.otherFacilitator.id, now })),
    ).resolves.toEqual({ missing: [], overridden: false });
    const blocked = db.transaction((tx) => assertFacilitatorEligible(tx, { organizationId: s.org.id, groupKind: "class", userId: s.facilitator.id, now }));
    await expect(blocked).rejects.toBeInstanceOf(FacilitatorNotEligibleError);
    const reason = "Publishing while the renewal is processed this week.";
    const result = await db.transaction((tx) =>
      assertFacilitatorEligible(tx, {
        organizationId: s.org.id,
        groupKind: "class",
        userId: s.facilitator.id,
        now,
        override: { reason, actorUserId: s.manager.id, groupId: s.group.id, sessionId: session.id },
      }),
    );
    expect(result.overridden).toBe(true);
    expect(result.missing.length).toBe(7);
    const [row] = await db.select().from(competencyOverrides).where(eq(competencyOverrides.sessionId, session.id));
    expect(row).toEqual(expect.objectContaining({ facilitatorId: s.facilitator.id, rule: "competency", reason }));
    const audit = await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, session.id), eq(auditEvents.action, "competency.override.competency")));
    expect(audit).toHaveLength(1);
  });
});

describe("overrides in the evidence report", () => {
  it("lists every override of the period with its reason, for this organisation only", async () => {
    const day = 86_400_000;
    const rows = await listOverridesForReport(s.org.id, { from: new Date(Date.now() - day), to: new Date(Date.now() + day) });
    expect(rows.map((r) => r.rule).sort()).toEqual(["caseload", "competency", "competency"]);
    expect(rows.every((r) => r.reason.length >= 10 && r.approvedBy === s.manager.name)).toBe(true);
    expect(await listOverridesForReport(s.org.id, { from: new Date(Date.now() + day), to: new Date(Date.now() + 2 * day) })).toEqual([]);
    const other = await createOrgScenario();
    expect(await listOverridesForReport(other.org.id, { from: new Date(0), to: new Date(Date.now() + day) })).toEqual([]);
  });
});
