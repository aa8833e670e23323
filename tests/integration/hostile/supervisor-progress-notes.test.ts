import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { auditEvents, enrolments, groupFacilitators } from "~/db/schema";
import { competencySupervisors } from "~/db/tables/competency";
import { saveProgressNote } from "~/modules/records/mutations.server";
import * as notesPage from "~/routes/sessions.$sessionId.notes._index";
import * as progressPage from "~/routes/sessions.$sessionId.notes.$userId";
import { createEmptyGroup } from "../../factories/registration";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";
import { createHeldSession } from "../../factories/voice";

/**
 * Hostile review (dec 5), a combination of two relationships: a facilitator who supervises the
 * recovery group's facilitator (so reads that group's notes, as supervision) and who also leads
 * an unrelated group the same person attends (a relationship to the person) must still not read
 * the person's progress notes of the recovery group (42 CFR Part 2 records) — a supervisor reads
 * the group note, not the people's progress notes, and a facilitator of another group reads no
 * notes of this one.
 */
const progress = { workedOn: "Talked about a relapse last weekend", progressRating: 2, nextStep: "", minutesOfService: 60, planLink: "" };

describe("progress notes: a supervisor who also leads another group of the person", () => {
  let s: Scenario;
  let supervisor: Person;
  let sessionId: string;
  beforeAll(async () => {
    s = await createOrgScenario();
    supervisor = await createPerson(s.org, "facilitator", { name: "Sam Supervisor" });
    await db.insert(competencySupervisors).values({ organizationId: s.org.id, facilitatorId: s.facilitator.id, supervisorId: supervisor.id });
    // The supervisor also leads a budgeting workshop that the recovery group's participant attends.
    const budgeting = await createEmptyGroup(s, 10, "Budgeting Basics");
    await db.insert(groupFacilitators).values({ groupId: budgeting.id, userId: supervisor.id, organizationId: s.org.id });
    await db.insert(enrolments).values({ groupId: budgeting.id, userId: s.participant.id, organizationId: s.org.id });
    const session = await createHeldSession(s, new Date(), 3);
    sessionId = session.id;
    await saveProgressNote(s.facilitator, session.id, s.participant.id, progress, new Date(), { sign: true });
  });

  it("is refused the person's recovery-group progress note, and nothing is disclosed", async () => {
    const out = await callRoute(progressPage, { path: `/sessions/${sessionId}/notes/${s.participant.id}`, params: { sessionId, userId: s.participant.id }, cookie: supervisor.cookie });
    expect(out.status).toBe(403);
    expect(JSON.stringify(out.data ?? "")).not.toContain("relapse");
    const disclosed = await db.select().from(auditEvents).where(and(eq(auditEvents.actorUserId, supervisor.id), eq(auditEvents.subjectUserId, s.participant.id)));
    expect(disclosed.map((d) => d.action)).toEqual([]);
  });

  it("reads the recovery group's note with the number who attended, not the person's name or progress", async () => {
    const out = await callRoute(notesPage, { path: `/sessions/${sessionId}/notes`, params: { sessionId }, cookie: supervisor.cookie });
    expect(out.status).toBe(200);
    const d = out.data as { attendees: { userId: string }[]; unnamedAttendees: number };
    expect(d.attendees).toEqual([]);
    expect(d.unnamedAttendees).toBe(2);
    expect(JSON.stringify(out.data)).not.toContain(s.participant.name);
  });

  it("the recovery group's own facilitator and a manager still read it", async () => {
    for (const reader of [s.facilitator, s.manager]) {
      const out = await callRoute(progressPage, { path: `/sessions/${sessionId}/notes/${s.participant.id}`, params: { sessionId, userId: s.participant.id }, cookie: reader.cookie });
      expect(out.status, reader.role).toBe(200);
      expect(JSON.stringify(out.data)).toContain("relapse");
    }
  });
});
