import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { enrolments, groupFacilitators } from "~/db/schema";
import * as register from "~/routes/groups.$groupId.register";
import * as intakeRecord from "~/routes/intake.$enrolmentId";
import * as goalsRoute from "~/routes/participants.$userId.goals";
import { createEmptyGroup, intakeForm } from "../../factories/registration";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";

/**
 * Issue 13, "Access only through a real relationship": a facilitator sees a person's goals and
 * intake only while that person is enrolled in a group they lead — registering someone into one's
 * own group as waitlisted or interested opens nothing.
 */
let s: Scenario;
let applicant: Person;
let fullGroupId: string;

const goals = (person: Person, cookie: string) => callRoute(goalsRoute, { path: `/participants/${person.id}/goals`, params: { userId: person.id }, cookie });
const intakeOf = (enrolmentId: string, cookie: string) => callRoute(intakeRecord, { path: `/intake/${enrolmentId}`, params: { enrolmentId }, cookie });
const setStatus = (groupId: string, userId: string, status: "enrolled" | "waitlisted" | "interested" | "withdrawn" | "offered") =>
  db.update(enrolments).set({ status }).where(and(eq(enrolments.groupId, groupId), eq(enrolments.userId, userId)));

beforeAll(async () => {
  s = await createOrgScenario();
  applicant = await createPerson(s.org, "participant");
  // A group with no seats, led by the scenario's facilitator: everyone they register waits.
  const full = await createEmptyGroup(s, 0, "Full circle");
  fullGroupId = full.id;
  await db.insert(groupFacilitators).values({ groupId: full.id, userId: s.facilitator.id, organizationId: s.org.id });
});

describe("service plans: facilitators only through a current enrolment", () => {
  it("a facilitator who registers someone onto their own group's waitlist cannot open that person's plan", async () => {
    const out = await callRoute(register, {
      path: `/groups/${fullGroupId}/register`,
      params: { groupId: fullGroupId },
      cookie: s.facilitator.cookie,
      form: intakeForm({ participantId: applicant.id }),
    });
    expect(out.status).toBeLessThan(400);
    const [row] = await db.select().from(enrolments).where(and(eq(enrolments.groupId, fullGroupId), eq(enrolments.userId, applicant.id)));
    expect(row.status).toBe("waitlisted");
    expect((await goals(applicant, s.facilitator.cookie)).status).toBe(403);
  });

  it("nor for someone only 'interested', offered or withdrawn", async () => {
    for (const status of ["interested", "offered", "withdrawn"] as const) {
      await setStatus(fullGroupId, applicant.id, status);
      expect((await goals(applicant, s.facilitator.cookie)).status, status).toBe(403);
    }
  });

  it("the plan opens while the person is enrolled in a group they lead, and closes again when that ends", async () => {
    await setStatus(fullGroupId, applicant.id, "enrolled");
    expect((await goals(applicant, s.facilitator.cookie)).status).toBe(200);
    // and the writes follow the same rule
    const post = (cookie: string) =>
      callRoute(goalsRoute, { path: `/participants/${applicant.id}/goals`, params: { userId: applicant.id }, cookie, form: { intent: "create-goal", title: "Find housing" } });
    expect((await post(s.facilitator.cookie)).status).toBe(200);
    await setStatus(fullGroupId, applicant.id, "withdrawn");
    expect((await goals(applicant, s.facilitator.cookie)).status).toBe(403);
    expect((await post(s.facilitator.cookie)).status).toBe(403);
  });

  it("a facilitator who stops leading the group loses access to its members' plans", async () => {
    expect((await goals(s.participant, s.facilitator.cookie)).status).toBe(200);
    await db.delete(groupFacilitators).where(and(eq(groupFacilitators.groupId, s.group.id), eq(groupFacilitators.userId, s.facilitator.id)));
    try {
      expect((await goals(s.participant, s.facilitator.cookie)).status).toBe(403);
    } finally {
      await db.insert(groupFacilitators).values({ groupId: s.group.id, userId: s.facilitator.id, organizationId: s.org.id });
    }
  });

  it("managers keep access through the organisation; a facilitator of other groups never had it", async () => {
    expect((await goals(applicant, s.manager.cookie)).status).toBe(200);
    expect((await goals(s.participant, s.otherFacilitator.cookie)).status).toBe(403);
  });
});

describe("intake answers: the same rule", () => {
  it("the facilitator cannot open the intake of someone waiting for their group; the manager can", async () => {
    await setStatus(fullGroupId, applicant.id, "waitlisted");
    const [row] = await db.select().from(enrolments).where(and(eq(enrolments.groupId, fullGroupId), eq(enrolments.userId, applicant.id)));
    expect((await intakeOf(row.id, s.facilitator.cookie)).status).toBe(404);
    expect((await intakeOf(row.id, s.manager.cookie)).status).toBe(200);
    await setStatus(fullGroupId, applicant.id, "enrolled");
    expect((await intakeOf(row.id, s.facilitator.cookie)).status).toBe(200);
  });
});
