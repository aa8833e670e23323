import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { auditEvents } from "~/db/schema";
import { groupNotes, incidentActions, incidents } from "~/db/tables/records";
import { addIncidentAction, closeIncident, completeIncidentAction, recordIncident, saveGroupNote } from "~/modules/records/mutations.server";
import { getIncident, incidentLog } from "~/modules/records/queries.server";
import * as incidentPage from "~/routes/incidents.$incidentId";
import * as logPage from "~/routes/incidents._index";
import * as notesPage from "~/routes/sessions.$sessionId.notes._index";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";
import { createHeldSession } from "../../factories/voice";

let s: Scenario;
let foreign: Scenario;
let sessionId: string;
const entry = { whatHappened: "A member disclosed thoughts of self-harm during check-in.", whoWasNotified: "Program manager by phone; 988 called with the member", actionDescription: "", actionOwnerId: null, actionDueDate: "" };

beforeAll(async () => {
  [s, foreign] = await Promise.all([createOrgScenario(), createOrgScenario()]);
  sessionId = (await createHeldSession(s, new Date(), 2)).id;
});

describe("incidents from group notes (PA-CSE 6.03)", () => {
  it("an incident entry on the group note creates the incident (and the draft note), with its first follow-up action, audited", async () => {
    const out = await callRoute(notesPage, {
      path: `/sessions/${sessionId}/notes`,
      params: { sessionId },
      cookie: s.facilitator.cookie,
      form: { intent: "incident", whatHappened: entry.whatHappened, whoWasNotified: entry.whoWasNotified, actionDescription: "Check in with the member by phone", actionOwnerId: s.facilitator.id, actionDueDate: "2030-01-10" },
    });
    expect(out.status).toBe(302);
    const [incident] = await db.select().from(incidents).where(eq(incidents.sessionId, sessionId));
    expect(incident).toMatchObject({ whatHappened: entry.whatHappened, whoWasNotified: entry.whoWasNotified, status: "open", reportedBy: s.facilitator.id });
    const [note] = await db.select().from(groupNotes).where(eq(groupNotes.sessionId, sessionId));
    expect(incident.groupNoteId).toBe(note.id);
    expect(note.signedAt).toBeNull();
    const actions = await db.select().from(incidentActions).where(eq(incidentActions.incidentId, incident.id));
    expect(actions).toMatchObject([{ description: "Check in with the member by phone", ownerId: s.facilitator.id, dueDate: "2030-01-10", doneAt: null }]);
    const audited = (await db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.subjectId, incident.id)).orderBy(auditEvents.id)).map((r) => r.action);
    expect(audited).toEqual(["incident.create", "incident.action_add"]);
  });

  it("refuses an incomplete follow-up action or an owner who is not staff, and writes nothing", async () => {
    const other = (await createHeldSession(s, new Date(), 3)).id;
    const half = await callRoute(notesPage, { path: `/sessions/${other}/notes`, params: { sessionId: other }, cookie: s.facilitator.cookie, form: { intent: "incident", whatHappened: "x", actionDescription: "Call" } });
    expect(half.status).toBe(400);
    await expect(recordIncident(s.facilitator, other, { ...entry, actionDescription: "Call", actionOwnerId: s.participant.id, actionDueDate: "2030-01-01" }, new Date())).rejects.toMatchObject({ field: "actionOwnerId" });
    expect(await db.select().from(incidents).where(eq(incidents.sessionId, other))).toHaveLength(0);
    expect(await db.select().from(groupNotes).where(eq(groupNotes.sessionId, other))).toHaveLength(0);
  });

  it("can be entered after the note is signed, without touching the signed note", async () => {
    const other = (await createHeldSession(s, new Date(), 4)).id;
    await saveGroupNote(s.facilitator, other, { topic: "t", activities: "a", groupDynamics: "", followUps: "" }, new Date(), { sign: true });
    await recordIncident(s.facilitator, other, entry, new Date());
    expect(await db.select().from(incidents).where(eq(incidents.sessionId, other))).toHaveLength(1);
  });

  it("managers follow it up: actions done, then closed; it cannot close with an open action or take actions once closed", async () => {
    const [incident] = await db.select().from(incidents).where(eq(incidents.sessionId, sessionId));
    await expect(closeIncident(s.manager, incident.id, "All done", new Date())).rejects.toThrow(/open follow-up action/);
    await addIncidentAction(s.manager, incident.id, { description: "Review the safety plan", ownerId: s.manager.id, dueDate: "2030-01-12" }, new Date());
    const page = await getIncident(s.manager, incident.id);
    expect(page.actions.map((a) => a.description)).toEqual(["Check in with the member by phone", "Review the safety plan"]);
    for (const a of page.actions) await completeIncidentAction(s.manager, incident.id, a.id, new Date());
    await expect(completeIncidentAction(s.manager, incident.id, page.actions[0].id, new Date())).rejects.toThrow(/already done/);
    expect((await incidentLog(s.manager, { status: "open" })).rows.map((i) => i.id)).toContain(incident.id);
    await closeIncident(s.admin, incident.id, "Member safe; plan reviewed", new Date());
    expect((await incidentLog(s.manager, { status: "open" })).rows.map((i) => i.id)).not.toContain(incident.id);
    expect((await incidentLog(s.manager, { status: "closed" })).rows.map((i) => i.id)).toContain(incident.id);
    await expect(addIncidentAction(s.manager, incident.id, { description: "More", ownerId: s.manager.id, dueDate: "2030-01-12" }, new Date())).rejects.toThrow(/closed/);
    const audited = (await db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.subjectId, incident.id)).orderBy(auditEvents.id)).map((r) => r.action);
    expect(audited.slice(-4)).toEqual(["incident.action_add", "incident.action_done", "incident.action_done", "incident.close"]);
  });

  it("the log and an incident are for the organisation's managers only", async () => {
    const [incident] = await db.select().from(incidents).where(eq(incidents.sessionId, sessionId));
    const expectations = [
      [s.participant, 403],
      [s.facilitator, 403],
      [s.otherFacilitator, 403],
      [s.manager, 200],
      [s.admin, 200],
      [foreign.manager, 404],
    ] as const;
    for (const [who, status] of expectations) {
      const out = await callRoute(incidentPage, { path: `/incidents/${incident.id}`, params: { incidentId: incident.id }, cookie: who.cookie });
      expect(out.status, who.email).toBe(status);
      const post = await callRoute(incidentPage, { path: `/incidents/${incident.id}`, params: { incidentId: incident.id }, cookie: who.cookie, form: { intent: "close", closingNote: "x" } });
      expect(post.status, who.email).toBe(status === 200 ? 400 : status); // already closed: told so, nothing changes
    }
    const foreignLog = await callRoute(logPage, { path: "/incidents?status=all", cookie: foreign.manager.cookie });
    expect(JSON.stringify(foreignLog.data)).not.toContain(incident.id);
    await expect(getIncident(foreign.manager, incident.id)).rejects.toMatchObject({ status: 404 });
  });
});
