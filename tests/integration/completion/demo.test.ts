import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { enrolments, groups, users } from "~/db/schema";
import { completionCertificates, enrolmentOutcomes } from "~/db/tables/completion";
import { DEMO_COMPLETED_GROUP } from "~/demo/completion.server";
import { seedDemo } from "~/demo/seed.server";
import { certificateCode, verifyCertificate } from "~/modules/completion/queries.server";

describe("completion demo data", () => {
  it("has Lee Anderson's completed enrolment with a certificate that verifies, and Kai still enrolled", async () => {
    await seedDemo(new Date());
    const [group] = await db.select({ id: groups.id }).from(groups).where(eq(groups.name, DEMO_COMPLETED_GROUP));
    const rows = await db
      .select({ email: users.email, status: enrolments.status })
      .from(enrolments)
      .innerJoin(users, eq(users.id, enrolments.userId))
      .where(eq(enrolments.groupId, group.id));
    expect(Object.fromEntries(rows.map((r) => [r.email, r.status]))).toEqual({ "lee@riverside.example": "completed", "kai@riverside.example": "enrolled" });
    const [cert] = await db
      .select({ id: completionCertificates.id, hours: completionCertificates.hoursAttended, startedOn: completionCertificates.startedOn, completedOn: completionCertificates.completedOn })
      .from(completionCertificates)
      .innerJoin(enrolmentOutcomes, eq(enrolmentOutcomes.id, completionCertificates.outcomeId))
      .where(eq(enrolmentOutcomes.groupId, group.id));
    expect(cert.hours).toBe("9.0");
    expect(cert.startedOn < cert.completedOn).toBe(true);
    expect(await verifyCertificate(certificateCode(cert.id))).toMatchObject({ verified: true, certificate: { participantName: "Lee Anderson", programName: expect.any(String) } });
  });
});
