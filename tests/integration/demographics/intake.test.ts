import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { enrolments } from "~/db/schema";
import { participantDemographics } from "~/db/tables/demographics";
import * as register from "~/routes/groups.$groupId.register";
import { intakeForm } from "../../factories/registration";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, createPerson, type Scenario } from "../../factories/scenario";

/** The optional demographics section of the intake form (groups/:id/register). */
let s: Scenario;
const demographicsOf = async (userId: string) => (await db.select().from(participantDemographics).where(eq(participantDemographics.userId, userId)))[0];

beforeAll(async () => {
  s = await createOrgScenario();
}, 60_000);

describe("demographics at intake", () => {
  it("a participant's registration records the answered questions in the same transaction", async () => {
    const person = await createPerson(s.org, "participant");
    const out = await callRoute(register, {
      path: `/groups/${s.group.id}/register`,
      params: { groupId: s.group.id },
      cookie: person.cookie,
      form: intakeForm({ ageBand: "25_34", gender: "", "raceEthnicity[]": ["prefer_not_to_say"], zipCode: "90210" }),
    });
    expect(out.status).toBe(302);
    expect(await demographicsOf(person.id)).toMatchObject({ ageBand: "25_34", gender: null, raceEthnicity: ["prefer_not_to_say"], zipCode: "90210", updatedBy: person.id });
  });

  it("a bad answer in the section refuses the whole registration and registers no one", async () => {
    const person = await createPerson(s.org, "participant");
    const out = await callRoute(register, { path: `/groups/${s.group.id}/register`, params: { groupId: s.group.id }, cookie: person.cookie, form: intakeForm({ zipCode: "9021" }) });
    expect(out.status).toBe(400);
    expect((out.data as { errors: Record<string, string[]> }).errors.zipCode).toBeTruthy();
    expect(await db.select().from(enrolments).where(eq(enrolments.userId, person.id))).toHaveLength(0);
    expect(await demographicsOf(person.id)).toBeUndefined();
  });

  it("staff registering someone record the answers they give; blank questions keep earlier answers", async () => {
    const person = await createPerson(s.org, "participant");
    await db.insert(participantDemographics).values({ organizationId: s.org.id, userId: person.id, veteranStatus: "veteran", birthDate: "1970-01-01" });
    const out = await callRoute(register, {
      path: `/groups/${s.group.id}/register`,
      params: { groupId: s.group.id },
      cookie: s.manager.cookie,
      form: intakeForm({ participantId: person.id, ageBand: "55_64", primaryLanguage: "tagalog" }),
    });
    expect(out.status).toBe(302);
    expect(await demographicsOf(person.id)).toMatchObject({ veteranStatus: "veteran", birthDate: null, ageBand: "55_64", primaryLanguage: "tagalog", updatedBy: s.manager.id });
  });
});
