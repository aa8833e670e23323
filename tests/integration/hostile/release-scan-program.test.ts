import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { enrolments, groupFacilitators, groups, programs } from "~/db/schema";
import { informationReleases } from "~/db/tables/releases";
import * as scanRoute from "~/routes/releases.$releaseId.scan";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";

/**
 * Hostile review (dec 5): a release of information covers one program (42 CFR 2.31) and its text
 * names it, and says when it is a Part 2 program. The letters page lists a program's releases only
 * to staff of that program's enrolment; the scan of a paper release must follow the same scope —
 * a facilitator who leads only another program's group the person attends (a budgeting workshop)
 * must not open the scan of the release for the recovery program.
 */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");

describe("the scan of a paper release is for staff of the release's program", () => {
  let s: Scenario;
  let budgetingLead: Person;
  let releaseId: string;
  const scan = async (who: Person) => (await callRoute(scanRoute, { path: `/releases/${releaseId}/scan`, params: { releaseId }, cookie: who.cookie })).status;

  beforeAll(async () => {
    s = await createOrgScenario();
    // The person is in the scenario's recovery group (program s.program) and in a budgeting
    // workshop of another program, led by someone else.
    budgetingLead = await createPerson(s.org, "facilitator", { name: "Bea Budget" });
    const [otherProgram] = await db.insert(programs).values({ organizationId: s.org.id, name: "Financial skills" }).returning();
    const [budgeting] = await db
      .insert(groups)
      .values({ organizationId: s.org.id, programId: otherProgram.id, kind: "workshop", name: "Budgeting Basics", timezone: "America/New_York", capacity: 10, location: "Room 3" })
      .returning();
    await db.insert(groupFacilitators).values({ groupId: budgeting.id, userId: budgetingLead.id, organizationId: s.org.id });
    await db.insert(enrolments).values({ groupId: budgeting.id, userId: s.participant.id, organizationId: s.org.id });
    const today = new Date().toISOString().slice(0, 10);
    const [release] = await db
      .insert(informationReleases)
      .values({
        organizationId: s.org.id,
        userId: s.participant.id,
        programId: s.program.id,
        part2: true,
        recipientName: "Officer Dana Reyes",
        recipientContact: "dana@probation.example",
        purpose: "Court",
        shares: ["attendance_totals"],
        expiresOn: "2099-01-01",
        expiresAt: new Date("2099-01-02T00:00:00Z"),
        method: "paper",
        statement: "Paper release for the recovery program (42 CFR Part 2)",
        statementHash: "x".repeat(64),
        signedOn: today,
        recordedBy: s.manager.id,
        paperFileName: "signed.png",
        paperContentType: "image/png",
        paperContent: PNG,
        paperSizeBytes: PNG.byteLength,
      })
      .returning();
    releaseId = release.id;
  });

  it("refuses the facilitator of another program's group, and admits the person, a manager and the program's own facilitator", async () => {
    expect({ other: await scan(budgetingLead), own: await scan(s.facilitator), manager: await scan(s.manager), person: await scan(s.participant) }).toEqual({
      other: 403,
      own: 200,
      manager: 200,
      person: 200,
    });
  });
});
