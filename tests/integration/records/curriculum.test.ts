import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { auditEvents, enrolments, groupFacilitators, groups, sessions } from "~/db/schema";
import { curriculumMaterials, curriculumUnits, sessionUnits } from "~/db/tables/curriculum";
import { cancelSession, createSeries } from "~/modules/groups/mutations.server";
import { addFileMaterial, addLinkMaterial, addUnit, assignInOrderNow, copyCurriculum, moveUnit, removeMaterial, setSessionUnit, setUnitArchived, updateUnit } from "~/modules/records/curriculum/mutations.server";
import { getCurriculum, getSessionPlan, materialForDownload, myGroupPlan, rosterUnit } from "~/modules/records/curriculum/queries.server";
import { getSessionNotes } from "~/modules/records/queries.server";
import * as curriculumPage from "~/routes/groups.$groupId.curriculum._index";
import * as unitPage from "~/routes/groups.$groupId.curriculum.$unitId";
import * as planPage from "~/routes/sessions.$sessionId.plan";
import * as materialRoute from "~/routes/curriculum.materials.$materialId";
import * as myGroupPage from "~/routes/my.groups_.$groupId";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";
import { createHeldSession } from "../../factories/voice";

const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n");
const unitForm = (title: string) => ({ title, objectives: "Know where the money goes", durationMinutes: "90", guidance: "Start with a round of check-ins" });
const unit = (title: string) => ({ ...unitForm(title), durationMinutes: 90 });

let s: Scenario;
let foreign: Scenario;
let otherGroupId: string;
let otherGroupParticipant: Person;

async function sessionsOf(groupId: string) {
  return db
    .select({ id: sessions.id, startsAt: sessions.startsAt, status: sessions.status, unitId: sessionUnits.unitId, assignment: sessionUnits.assignment })
    .from(sessions)
    .leftJoin(sessionUnits, eq(sessionUnits.sessionId, sessions.id))
    .where(eq(sessions.groupId, groupId))
    .orderBy(asc(sessions.startsAt));
}

async function unitsOf(groupId: string) {
  return db.select().from(curriculumUnits).where(eq(curriculumUnits.groupId, groupId)).orderBy(asc(curriculumUnits.position));
}

/** A multipart post of a material file to a unit's page, the way a browser sends it. */
function uploadRequest(groupId: string, unitId: string, cookie: string, file: { name: string; bytes: Uint8Array }, fields: Record<string, string>) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  body.append("material", new File([file.bytes as BlobPart], file.name, { type: "application/pdf" }));
  return new Request(`http://test.local/groups/${groupId}/curriculum/${unitId}`, { method: "POST", headers: { cookie, origin: "http://test.local" }, body });
}

beforeAll(async () => {
  [s, foreign] = await Promise.all([createOrgScenario(), createOrgScenario()]);
  // A second group of the same organisation, led by the other facilitator, with its own participant.
  const [other] = await db
    .insert(groups)
    .values({ organizationId: s.org.id, programId: s.program.id, kind: "class", name: "Cooking on a budget", timezone: "America/New_York", capacity: 10 })
    .returning();
  otherGroupId = other.id;
  await db.insert(groupFacilitators).values({ groupId: other.id, userId: s.otherFacilitator.id, organizationId: s.org.id });
  otherGroupParticipant = await createPerson(s.org, "participant");
  await db.insert(enrolments).values({ groupId: other.id, userId: otherGroupParticipant.id, organizationId: s.org.id });
  await createSeries(s.manager, other.id, { weekdays: ["wed"], startTime: "10:00", durationMinutes: 60, startDate: s.firstSessionDate, endDate: null, count: 3, skipDates: [] });
});

describe("units are given to sessions in order", () => {
  it("gives the sessions still to come the units in order as they are added, re-gives them when reordered, and leaves sessions without a unit once the units run out", async () => {
    const now = new Date();
    const before = await sessionsOf(s.group.id);
    expect(before.every((r) => r.unitId === null)).toBe(true);
    const out = await callRoute(curriculumPage, { path: `/groups/${s.group.id}/curriculum`, params: { groupId: s.group.id }, cookie: s.manager.cookie, form: { intent: "addUnit", ...unitForm("Where the money goes") } });
    expect(out.status).toBe(302);
    await addUnit(s.manager, s.group.id, { ...unitForm("Needs and wants"), durationMinutes: 60 }, now);
    const [u1, u2] = await unitsOf(s.group.id);
    expect([u1.title, u2.title, u1.durationMinutes]).toEqual(["Where the money goes", "Needs and wants", 90]);
    let rows = await sessionsOf(s.group.id);
    expect(rows.map((r) => r.unitId)).toEqual([u1.id, u2.id, ...Array(rows.length - 2).fill(null)]);
    expect(rows.slice(0, 2).map((r) => r.assignment)).toEqual(["auto", "auto"]);

    await moveUnit(s.manager, s.group.id, u2.id, "up", now);
    rows = await sessionsOf(s.group.id);
    expect(rows.slice(0, 3).map((r) => r.unitId)).toEqual([u2.id, u1.id, null]);
    await moveUnit(s.manager, s.group.id, u2.id, "down", now);
    rows = await sessionsOf(s.group.id);
    expect(rows.slice(0, 2).map((r) => r.unitId)).toEqual([u1.id, u2.id]);
    const trail = await db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.subjectId, u2.id)).orderBy(auditEvents.id);
    expect(trail.map((t) => t.action)).toEqual(["curriculum.unit_add", "curriculum.unit_move", "curriculum.unit_move"]);
  });

  it("new sessions take the next units, a cancelled session gives its unit to the next one, and the managers' 'assign in order' also fills earlier sessions", async () => {
    const now = new Date();
    const [u1, u2] = await unitsOf(s.group.id);
    await addUnit(s.manager, s.group.id, unit("Tracking spending"), now);
    const [, , u3] = await unitsOf(s.group.id);
    let rows = await sessionsOf(s.group.id);
    expect(rows.slice(0, 4).map((r) => r.unitId)).toEqual([u1.id, u2.id, u3.id, null]);

    await cancelSession(s.manager, rows[1].id, { reason: "Holiday", baseUrl: "http://test.local" });
    rows = await sessionsOf(s.group.id);
    expect(rows.slice(0, 4).map((r) => [r.status, r.unitId])).toEqual([
      ["scheduled", u1.id],
      ["cancelled", null],
      ["scheduled", u2.id],
      ["scheduled", u3.id],
    ]);

    // A session held before the curriculum existed has no unit; only the explicit action fills it.
    const held = await createHeldSession(s, now, 2);
    expect((await sessionsOf(s.group.id)).find((r) => r.id === held.id)?.unitId).toBeNull();
    const out = await callRoute(curriculumPage, { path: `/groups/${s.group.id}/curriculum`, params: { groupId: s.group.id }, cookie: s.manager.cookie, form: { intent: "assignInOrder" } });
    expect(out.status).toBe(302);
    rows = await sessionsOf(s.group.id);
    const live = rows.filter((r) => r.status !== "cancelled");
    expect(live.slice(0, 4).map((r) => r.unitId)).toEqual([u1.id, u2.id, u3.id, null]);
    expect(live[0].id).toBe(held.id);
  });
});

describe("sessions created after the curriculum", () => {
  it("a new series' sessions take the units in order when it is created", async () => {
    const now = new Date();
    const [fresh] = await db
      .insert(groups)
      .values({ organizationId: s.org.id, programId: s.program.id, kind: "workshop", name: "Saving for a goal", timezone: "America/New_York", capacity: 10 })
      .returning();
    await addUnit(s.manager, fresh.id, unit("Why save"), now);
    await addUnit(s.manager, fresh.id, unit("A savings plan"), now);
    const [a, b] = await unitsOf(fresh.id);
    await createSeries(s.manager, fresh.id, { weekdays: ["thu"], startTime: "18:00", durationMinutes: 90, startDate: s.firstSessionDate, endDate: null, count: 3, skipDates: [] });
    expect((await sessionsOf(fresh.id)).map((r) => [r.unitId, r.assignment])).toEqual([
      [a.id, "auto"],
      [b.id, "auto"],
      [null, null],
    ]);
  });
});

describe("a session's unit can be changed", () => {
  it("by the group's facilitator, kept when the units are given in order again; the group note's topic is pre-filled from it", async () => {
    const now = new Date();
    const [u1, , u3] = await unitsOf(s.group.id);
    const target = (await sessionsOf(s.group.id)).filter((r) => r.status !== "cancelled")[1];
    const out = await callRoute(planPage, { path: `/sessions/${target.id}/plan`, params: { sessionId: target.id }, cookie: s.facilitator.cookie, form: { unitId: u3.id } });
    expect(out.status).toBe(302);
    await assignInOrderNow(s.manager, s.group.id, now);
    const [row] = (await sessionsOf(s.group.id)).filter((r) => r.id === target.id);
    expect([row.unitId, row.assignment]).toEqual([u3.id, "manual"]);
    const [change] = await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, target.id), eq(auditEvents.action, "session.unit_change")));
    expect(change.actorUserId).toBe(s.facilitator.id);

    // "No unit" chosen by hand stays too.
    await setSessionUnit(s.manager, target.id, null, now);
    await assignInOrderNow(s.manager, s.group.id, now);
    expect((await sessionsOf(s.group.id)).find((r) => r.id === target.id)).toMatchObject({ unitId: null, assignment: "manual" });

    const held = (await sessionsOf(s.group.id))[0];
    expect(held.unitId).toBe(u1.id);
    expect((await getSessionNotes(s.facilitator, held.id, now)).unitTitle).toBe(u1.title);
  });

  it("the roster and the session plan show the unit and every material to the group's staff", async () => {
    const [u1] = await unitsOf(s.group.id);
    await addLinkMaterial(s.manager, s.group.id, u1.id, { title: "Budget worksheet", url: "https://example.org/worksheet", audience: "participants" });
    await addFileMaterial(s.manager, s.group.id, u1.id, { title: "Facilitator script", audience: "facilitators", file: { name: "script.pdf", bytes: PDF } });
    const first = (await sessionsOf(s.group.id))[0];
    const roster = await rosterUnit(s.facilitator, first.id);
    expect(roster?.unit?.title).toBe(u1.title);
    expect(roster?.unit?.materials.map((m) => [m.title, m.audience])).toEqual([
      ["Budget worksheet", "participants"],
      ["Facilitator script", "facilitators"],
    ]);
    expect(await rosterUnit(s.otherFacilitator, first.id)).toBeNull();
    const plan = await getSessionPlan(s.facilitator, first.id);
    expect(plan.unit?.guidance).toBe("Start with a round of check-ins");
    expect(JSON.stringify(plan)).not.toContain("%PDF");
  });
});

describe("who sees what", () => {
  it("an enrolled participant sees unit titles and participants' materials only, and downloads those; a facilitators-only material is refused", async () => {
    const now = new Date();
    const page = await myGroupPlan(s.participant, s.group.id, now);
    const withUnit = page.sessions.find((x) => x.unitTitle === "Where the money goes")!;
    expect(withUnit.materials.map((m) => m.title)).toEqual(["Budget worksheet"]);
    expect(JSON.stringify(page)).not.toContain("Facilitator script");
    expect(JSON.stringify(page)).not.toContain("Start with a round of check-ins");
    const [link, file] = await db.select().from(curriculumMaterials).orderBy(asc(curriculumMaterials.createdAt)).where(eq(curriculumMaterials.organizationId, s.org.id));
    const open = await callRoute(materialRoute, { path: `/curriculum/materials/${link.id}`, params: { materialId: link.id }, cookie: s.participant.cookie });
    expect([open.status, open.location]).toEqual([302, "https://example.org/worksheet"]);
    const refused = await callRoute(materialRoute, { path: `/curriculum/materials/${file.id}`, params: { materialId: file.id }, cookie: s.participant.cookie });
    expect(refused.status).toBe(403);
    const staff = await callRoute(materialRoute, { path: `/curriculum/materials/${file.id}`, params: { materialId: file.id }, cookie: s.facilitator.cookie });
    expect(staff.status).toBe(200);
    expect(staff.headers?.get("content-type")).toBe("application/pdf");
    expect(staff.headers?.get("content-disposition")).toBe('attachment; filename="script.pdf"');
  });

  it("another organisation, another group's facilitator and participant, and a former participant are refused", async () => {
    const now = new Date();
    const [link, file] = await db.select().from(curriculumMaterials).orderBy(asc(curriculumMaterials.createdAt)).where(eq(curriculumMaterials.organizationId, s.org.id));
    const first = (await sessionsOf(s.group.id))[0];
    const status = async (who: Person, materialId: string) => (await callRoute(materialRoute, { path: `/curriculum/materials/${materialId}`, params: { materialId }, cookie: who.cookie })).status;
    expect(await status(foreign.manager, link.id)).toBe(404);
    expect(await status(foreign.participant, link.id)).toBe(404);
    expect(await status(s.otherFacilitator, file.id)).toBe(404);
    expect(await status(otherGroupParticipant, link.id)).toBe(404);
    await expect(getCurriculum(foreign.manager, s.group.id)).rejects.toMatchObject({ status: 404 });
    await expect(getCurriculum(s.otherFacilitator, s.group.id)).rejects.toMatchObject({ status: 403 });
    await expect(getSessionPlan(s.otherFacilitator, first.id)).rejects.toMatchObject({ status: 403 });
    await expect(setSessionUnit(s.otherFacilitator, first.id, null, now)).rejects.toMatchObject({ status: 403 });
    await expect(addUnit(s.facilitator, s.group.id, { ...unitForm("Sneaky"), durationMinutes: 30 }, now)).rejects.toMatchObject({ status: 403 });
    await expect(myGroupPlan(otherGroupParticipant, s.group.id, now)).rejects.toMatchObject({ status: 404 });
    const mine = await callRoute(myGroupPage, { path: `/my/groups/${s.group.id}`, params: { groupId: s.group.id }, cookie: s.participant.cookie });
    expect(mine.status).toBe(200);

    // A former participant (withdrawn) sees nothing more.
    await db.update(enrolments).set({ status: "withdrawn" }).where(and(eq(enrolments.groupId, s.group.id), eq(enrolments.userId, s.participant.id)));
    expect(await status(s.participant, link.id)).toBe(404);
    const gone = await callRoute(myGroupPage, { path: `/my/groups/${s.group.id}`, params: { groupId: s.group.id }, cookie: s.participant.cookie });
    expect(gone.status).toBe(404);
    await db.update(enrolments).set({ status: "enrolled" }).where(and(eq(enrolments.groupId, s.group.id), eq(enrolments.userId, s.participant.id)));

    // An archived unit's materials are no longer the participants'.
    await setUnitArchived(s.manager, s.group.id, link.unitId, true, now);
    expect(await status(s.participant, link.id)).toBe(403);
    await setUnitArchived(s.manager, s.group.id, link.unitId, false, now);
    expect(await status(s.participant, link.id)).toBe(302);
  });
});

describe("bad input changes nothing", () => {
  it("refuses a bad unit, a bad link, a file that is not a PDF/PNG/JPEG, and another group's unit, with a message and no row changed", async () => {
    const now = new Date();
    const [u1, u2] = await unitsOf(s.group.id);
    const unitsBefore = await unitsOf(s.group.id);
    const materialsBefore = await db.select({ id: curriculumMaterials.id }).from(curriculumMaterials).where(eq(curriculumMaterials.organizationId, s.org.id));
    const sessionsBefore = await sessionsOf(s.group.id);

    const post = (form: Record<string, string>) => callRoute(curriculumPage, { path: `/groups/${s.group.id}/curriculum`, params: { groupId: s.group.id }, cookie: s.manager.cookie, form });
    const badDuration = await post({ intent: "addUnit", ...unitForm("Too long"), durationMinutes: "2000" });
    expect(badDuration.status).toBe(400);
    expect(JSON.stringify(badDuration.data)).toContain("between 1 and 1440");
    expect((await post({ intent: "addUnit", ...unitForm(""), title: "" })).status).toBe(400);
    expect((await post({ intent: "move", unitId: u1.id, direction: "up" })).status).toBe(400); // already first
    expect((await post({ intent: "move", unitId: "not-a-uuid", direction: "up" })).status).toBe(400);
    expect((await post({ intent: "delete" })).status).toBe(400);

    const unitPost = (form: Record<string, string>) => callRoute(unitPage, { path: `/groups/${s.group.id}/curriculum/${u2.id}`, params: { groupId: s.group.id, unitId: u2.id }, cookie: s.manager.cookie, form });
    const script = await unitPost({ intent: "addLink", linkTitle: "Click me", linkAudience: "participants", url: "javascript:alert(1)" });
    expect(script.status).toBe(400);
    expect(JSON.stringify(script.data)).toContain("https://");
    expect((await unitPost({ intent: "addLink", linkTitle: "x", linkAudience: "everyone", url: "https://example.org" })).status).toBe(400);

    const notPdf = await unitPage.action({ request: uploadRequest(s.group.id, u2.id, s.manager.cookie, { name: "evil.pdf", bytes: new TextEncoder().encode("<script>alert(1)</script>") }, { fileTitle: "Handout", fileAudience: "participants" }), params: { groupId: s.group.id, unitId: u2.id }, context: {} });
    expect((notPdf as Response).status).toBe(400);
    expect(JSON.stringify(await (notPdf as Response).json())).toContain("not one of those");

    // A unit of another group cannot be chosen for this group's session.
    const [otherUnit] = await db
      .insert(curriculumUnits)
      .values({ organizationId: s.org.id, groupId: otherGroupId, position: 1, title: "Knife skills", durationMinutes: 60 })
      .returning();
    const target = sessionsBefore.find((r) => r.status === "scheduled")!;
    const wrong = await callRoute(planPage, { path: `/sessions/${target.id}/plan`, params: { sessionId: target.id }, cookie: s.facilitator.cookie, form: { unitId: otherUnit.id } });
    expect(wrong.status).toBe(400);
    expect((await callRoute(planPage, { path: `/sessions/${target.id}/plan`, params: { sessionId: target.id }, cookie: s.facilitator.cookie, form: { unitId: "junk" } })).status).toBe(400);

    expect(await unitsOf(s.group.id)).toEqual(unitsBefore);
    expect(await db.select({ id: curriculumMaterials.id }).from(curriculumMaterials).where(eq(curriculumMaterials.organizationId, s.org.id))).toEqual(materialsBefore);
    expect(await sessionsOf(s.group.id)).toEqual(sessionsBefore);
    void now;
  });

  it("a real PDF uploaded through the page is stored with its checked type and a safe name", async () => {
    const [, u2] = await unitsOf(s.group.id);
    const ok = await unitPage.action({ request: uploadRequest(s.group.id, u2.id, s.manager.cookie, { name: "../../Needs & wants.pdf", bytes: PDF }, { fileTitle: "Handout", fileAudience: "participants" }), params: { groupId: s.group.id, unitId: u2.id }, context: {} });
    expect((ok as Response).status).toBe(302);
    const [row] = await db.select().from(curriculumMaterials).where(and(eq(curriculumMaterials.unitId, u2.id), eq(curriculumMaterials.title, "Handout")));
    expect([row.kind, row.contentType, row.fileName, row.audience, row.sizeBytes]).toEqual(["file", "application/pdf", "Needs-wants.pdf", "participants", PDF.byteLength]);
    const material = await materialForDownload(s.participant, row.id);
    expect(Buffer.compare(material.content!, Buffer.from(PDF))).toBe(0);
  });
});

describe("editing the curriculum", () => {
  it("edits a unit, archives it (sessions still to come move on to the next unit) and restores it, and removes a material — each audited", async () => {
    const now = new Date();
    const [fresh] = await db
      .insert(groups)
      .values({ organizationId: s.org.id, programId: s.program.id, kind: "workshop", name: "Money and family", timezone: "America/New_York", capacity: 10 })
      .returning();
    await createSeries(s.manager, fresh.id, { weekdays: ["fri"], startTime: "18:00", durationMinutes: 90, startDate: s.firstSessionDate, endDate: null, count: 2, skipDates: [] });
    const a = await addUnit(s.manager, fresh.id, unit("Talking about money"), now);
    const b = await addUnit(s.manager, fresh.id, unit("Shared goals"), now);
    await updateUnit(s.manager, fresh.id, a.id, { ...unit("Talking about money at home"), durationMinutes: 75 }, now);
    expect((await unitsOf(fresh.id))[0]).toMatchObject({ title: "Talking about money at home", durationMinutes: 75 });

    await setUnitArchived(s.manager, fresh.id, a.id, true, now);
    expect((await sessionsOf(fresh.id)).map((r) => r.unitId)).toEqual([b.id, null]);
    await expect(setUnitArchived(s.manager, fresh.id, a.id, true, now)).rejects.toThrow(/already archived/);
    await setUnitArchived(s.manager, fresh.id, a.id, false, now);
    expect((await sessionsOf(fresh.id)).map((r) => r.unitId)).toEqual([a.id, b.id]);

    const link = await addLinkMaterial(s.manager, fresh.id, a.id, { title: "Conversation starters", url: "https://example.org/starters", audience: "participants" });
    await removeMaterial(s.manager, fresh.id, a.id, link.id);
    expect(await db.select().from(curriculumMaterials).where(eq(curriculumMaterials.id, link.id))).toEqual([]);
    await expect(removeMaterial(s.manager, fresh.id, a.id, link.id)).rejects.toThrow(/not in this unit/);
    const trail = await db.select({ action: auditEvents.action, before: auditEvents.before }).from(auditEvents).where(eq(auditEvents.subjectId, a.id)).orderBy(auditEvents.id);
    expect(trail.map((t) => t.action)).toEqual(["curriculum.unit_add", "curriculum.unit_update", "curriculum.unit_archive", "curriculum.unit_restore", "curriculum.material_add", "curriculum.material_remove"]);
    expect(trail[1].before).toMatchObject({ title: "Talking about money", durationMinutes: 90 });
    expect(trail[5].before).toMatchObject({ title: "Conversation starters", url: "https://example.org/starters" });
  });
});

describe("copying a curriculum", () => {
  it("copies another group's units in use and their materials into an empty curriculum of the same program, and refuses anything else without a change", async () => {
    const now = new Date();
    const [cohort] = await db
      .insert(groups)
      .values({ organizationId: s.org.id, programId: s.program.id, kind: "class", name: "Budgeting, spring cohort", timezone: "America/New_York", capacity: 10 })
      .returning();
    await createSeries(s.manager, cohort.id, { weekdays: ["mon"], startTime: "18:00", durationMinutes: 90, startDate: s.firstSessionDate, endDate: null, count: 2, skipDates: [] });
    const page = await getCurriculum(s.manager, cohort.id);
    expect(page.copySources.map((g) => g.id)).toContain(s.group.id);
    await expect(copyCurriculum(s.manager, cohort.id, foreign.group.id, now)).rejects.toMatchObject({ field: "sourceGroupId" });
    await expect(copyCurriculum(s.facilitator, cohort.id, s.group.id, now)).rejects.toMatchObject({ status: 403 });
    expect(await unitsOf(cohort.id)).toEqual([]);

    const out = await callRoute(curriculumPage, { path: `/groups/${cohort.id}/curriculum`, params: { groupId: cohort.id }, cookie: s.manager.cookie, form: { intent: "copy", sourceGroupId: s.group.id } });
    expect(out.status).toBe(302);
    const source = (await unitsOf(s.group.id)).filter((u) => !u.archivedAt);
    const copied = await unitsOf(cohort.id);
    expect(copied.map((u) => [u.title, u.durationMinutes, u.guidance])).toEqual(source.map((u) => [u.title, u.durationMinutes, u.guidance]));
    const materialsOf = async (unitIds: string[]) =>
      (await db.select({ unitId: curriculumMaterials.unitId, title: curriculumMaterials.title, audience: curriculumMaterials.audience, content: curriculumMaterials.content }).from(curriculumMaterials)).filter((m) => unitIds.includes(m.unitId));
    const from = await materialsOf(source.map((u) => u.id));
    const to = await materialsOf(copied.map((u) => u.id));
    expect(to.map((m) => [m.title, m.audience, m.content?.byteLength ?? null]).sort()).toEqual(from.map((m) => [m.title, m.audience, m.content?.byteLength ?? null]).sort());
    expect((await sessionsOf(cohort.id)).map((r) => r.unitId)).toEqual(copied.slice(0, 2).map((u) => u.id));
    // Only into an empty curriculum.
    await expect(copyCurriculum(s.manager, cohort.id, s.group.id, now)).rejects.toThrow(/already has units/);
    expect(await unitsOf(cohort.id)).toHaveLength(copied.length);
  });
});
