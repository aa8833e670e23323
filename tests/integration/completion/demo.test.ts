import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { enrolments, groups, users } from "~/db/schema";
import { completionCertificates, enrolmentOutcomes } from "~/db/tables/completion";
import { DEMO_COMPLETED_GROUP } from "~/demo/completion.server";
import { seedDemo } from "~/demo/seed.server";
import { disclosureLetters, informationReleases } from "~/db/tables/releases";
import { pdfText } from "../../factories/pdf";
import { renderLetterPdf, type LetterFacts } from "~/modules/completion/releases/letter";
import { pdfFonts } from "~/modules/completion/pdf-fonts.server";
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

  it("has Pat's release to their probation officer with one letter about the recovery circle (with the 42 CFR 2.32 notice), and a revoked release", async () => {
    await seedDemo(new Date());
    const [pat] = await db.select({ id: users.id }).from(users).where(eq(users.email, "pat@riverside.example"));
    const releases = await db.select().from(informationReleases).where(eq(informationReleases.userId, pat.id));
    expect(releases.map((r) => [r.recipientName, r.revokedAt === null]).sort()).toEqual([["Jess Porter", false], ["Officer Dana Reyes", true]]);
    const letters = await db.select().from(disclosureLetters).where(eq(disclosureLetters.userId, pat.id));
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ part2Notice: true, shared: ["attendance_dates", "attendance_totals", "completion_status"] });
    const text = await pdfText(await renderLetterPdf(letters[0].content as LetterFacts, await pdfFonts(), letters[0].issuedAt));
    expect(text).toContain("Officer Dana Reyes");
    expect(text).toContain("Prohibition on redisclosure (42 CFR 2.32)");
    expect(text).not.toContain("Progress summary");
  });
});
