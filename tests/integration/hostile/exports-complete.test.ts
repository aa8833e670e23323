import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { enrolments } from "~/db/schema";
import { intakes } from "~/db/tables/registration";
import { referrals, resources } from "~/db/tables/referrals";
import { concerns } from "~/db/tables/voice";
import * as concernsCsv from "~/routes/concerns.export[.]csv";
import * as intakeCsv from "~/routes/intake.export[.]csv";
import * as referralsCsv from "~/routes/referrals.export[.]csv";
import { createParticipants } from "../../factories/registration";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

/**
 * Hostile review (dec 6): three CSV downloads were built from the page's list, which stops at
 * 200 or 300 rows — so the file handed to an auditor or funder silently left out the rest: the
 * intake queue (200), referrals (300) and concerns (300). A download holds every row its page
 * stands for.
 */
let s: Scenario;
const N = 320;
const dataRows = (csv: string, marker: string) => csv.split("\r\n").filter((line) => line.includes(marker)).length;

beforeAll(async () => {
  s = await createOrgScenario();
  const people = await createParticipants(s, N);
  const joined = await db
    .insert(enrolments)
    .values(people.map((p) => ({ organizationId: s.org.id, groupId: s.group.id, userId: p.id })))
    .returning({ id: enrolments.id, userId: enrolments.userId });
  await db.insert(intakes).values(
    joined.map((e) => ({ organizationId: s.org.id, enrolmentId: e.id, groupId: s.group.id, userId: e.userId, preferredContact: "email", consentParticipation: true, consentRosterSharing: true, otherNeed: "needs-row-marker" })),
  );
  const [resource] = await db.insert(resources).values({ organizationId: s.org.id, name: "Marker Food Bank" }).returning();
  await db.insert(referrals).values(
    people.map((p) => ({ organizationId: s.org.id, participantId: p.id, resourceId: resource.id, needArea: "housing", reason: "x", referredOn: "2026-11-02", createdBy: s.manager.id })),
  );
  await db.insert(concerns).values(
    people.map((p, i) => ({ organizationId: s.org.id, subject: "program" as const, programId: s.program.id, submitterId: p.id, anonymous: false, summary: `Concern-marker ${i}`, body: "x", receivedAt: new Date(Date.now() - i * 60_000) })),
  );
}, 120_000);

describe("a CSV download holds every row, not the first page's worth", () => {
  it(`the intake queue: all ${N}`, async () => {
    const out = await callRoute(intakeCsv, { path: "/intake/export.csv?show=all", cookie: s.manager.cookie });
    expect(out.status).toBe(200);
    expect(dataRows(out.data as string, s.group.name)).toBe(N);
  });

  it(`referrals: all ${N}`, async () => {
    const out = await callRoute(referralsCsv, { path: "/referrals/export.csv?view=all", cookie: s.manager.cookie });
    expect(out.status).toBe(200);
    expect(dataRows(out.data as string, "Marker Food Bank")).toBe(N);
  });

  it(`concerns: all ${N}`, async () => {
    const out = await callRoute(concernsCsv, { path: "/concerns/export.csv", cookie: s.manager.cookie });
    expect(out.status).toBe(200);
    expect(dataRows(out.data as string, "Concern-marker")).toBe(N);
  });
});
