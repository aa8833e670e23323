import { readFileSync } from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { organizations } from "~/db/schema";
import { competencyEvidence, competencyItems, competencyRecords, competencySettings } from "~/db/tables/competency";
import { COMBINED_PEER_TRAINING_CODE, PEER_TRAINING_TOPIC_CODES, STARTER_FRAMEWORK } from "~/modules/competency/framework";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

/** Runs migration 0028 again (it is written to be idempotent) on this test's database. */
async function runMigration0028() {
  const file = readFileSync(path.resolve("drizzle/0028_competency_starter_framework_peer_items.sql"), "utf8");
  // One connection and one transaction, as the migrator runs it (the item list is a temporary table).
  await db.transaction(async (tx) => {
    for (const statement of file.split("--> statement-breakpoint")) {
      if (statement.replace(/--.*$/gm, "").trim()) await tx.execute(statement);
    }
  });
}

const itemsOf = async (organizationId: string) =>
  db.select().from(competencyItems).where(eq(competencyItems.organizationId, organizationId));

describe("migration 0028: the starter framework for existing organisations", () => {
  let withOld: Scenario;
  let without: Scenario;
  let combinedRecordId: string;

  beforeAll(async () => {
    // An organisation with the framework as it was installed before the migration: one combined 2.07 item.
    withOld = await createOrgScenario();
    const old = STARTER_FRAMEWORK.filter((i) => !i.code.startsWith("2.07-") && !["2.06-recovery-story", "2.06-role-clarity"].includes(i.code));
    await db.insert(competencyItems).values([
      ...old.map((i) => ({ ...i, organizationId: withOld.org.id })),
      {
        organizationId: withOld.org.id,
        code: COMBINED_PEER_TRAINING_CODE,
        standard: "PA-CSE 2.07",
        name: "Peer-specific training",
        kind: "training" as const,
        requiredForGroupKinds: ["peer_recovery_group", "workshop"], // an admin's own change, kept by the topics
        validityMonths: 18,
        acceptedEvidence: ["upload", "note"],
        sortOrder: 90,
      },
    ]);
    await db.insert(competencySettings).values({ organizationId: withOld.org.id, frameworkInstalledAt: new Date("2026-01-01T00:00:00Z") });
    const [combined] = await db
      .select()
      .from(competencyItems)
      .where(and(eq(competencyItems.organizationId, withOld.org.id), eq(competencyItems.code, COMBINED_PEER_TRAINING_CODE)));
    const [record] = await db
      .insert(competencyRecords)
      .values({
        organizationId: withOld.org.id,
        userId: withOld.facilitator.id,
        itemId: combined.id,
        status: "verified",
        achievedOn: "2026-02-10",
        expiresOn: "2027-08-10",
        verifiedBy: withOld.manager.id,
        verifiedAt: new Date("2026-02-11T15:00:00Z"),
      })
      .returning();
    combinedRecordId = record.id;
    // An organisation whose competency pages were never opened: no framework at all.
    without = await createOrgScenario();
    await runMigration0028();
  });

  it("installs the whole current starter framework where there was none, and marks it installed", async () => {
    const items = await itemsOf(without.org.id);
    expect(items.map((i) => i.code).sort()).toEqual(STARTER_FRAMEWORK.map((i) => i.code).sort());
    for (const starter of STARTER_FRAMEWORK) {
      const item = items.find((i) => i.code === starter.code)!;
      expect({ ...item, id: undefined, organizationId: undefined, archivedAt: undefined, createdAt: undefined }).toEqual({
        ...starter,
        id: undefined,
        organizationId: undefined,
        archivedAt: undefined,
        createdAt: undefined,
      });
    }
    const [settings] = await db.select().from(competencySettings).where(eq(competencySettings.organizationId, without.org.id));
    expect(settings.frameworkInstalledAt).not.toBeNull();
  });

  it("adds the 2.06 items and the five 2.07 topics to an existing framework, topics following the combined item's requirements", async () => {
    const items = await itemsOf(withOld.org.id);
    const codes = items.map((i) => i.code);
    expect(codes).toEqual(expect.arrayContaining(["2.06-recovery-story", "2.06-role-clarity", ...PEER_TRAINING_TOPIC_CODES]));
    for (const code of PEER_TRAINING_TOPIC_CODES) {
      const topic = items.find((i) => i.code === code)!;
      expect(topic.requiredForGroupKinds).toEqual(["peer_recovery_group", "workshop"]);
      expect(topic.validityMonths).toBe(18);
      expect(topic.archivedAt).toBeNull();
    }
    expect(items.find((i) => i.code === COMBINED_PEER_TRAINING_CODE)!.archivedAt).not.toBeNull();
  });

  it("keeps the combined record and maps it onto each topic with the same status, dates and verifier, noting where it came from", async () => {
    const [kept] = await db.select().from(competencyRecords).where(eq(competencyRecords.id, combinedRecordId));
    expect(kept.status).toBe("verified");
    const items = await itemsOf(withOld.org.id);
    for (const code of PEER_TRAINING_TOPIC_CODES) {
      const topic = items.find((i) => i.code === code)!;
      const [mapped] = await db
        .select()
        .from(competencyRecords)
        .where(and(eq(competencyRecords.itemId, topic.id), eq(competencyRecords.userId, withOld.facilitator.id)));
      expect(mapped).toMatchObject({ status: "verified", achievedOn: "2026-02-10", expiresOn: "2027-08-10", verifiedBy: withOld.manager.id });
      const notes = await db.select().from(competencyEvidence).where(eq(competencyEvidence.recordId, mapped.id));
      expect(notes).toHaveLength(1);
      expect(notes[0].note).toContain('Carried over from the combined record "Peer-specific training" (verified, achieved 2026-02-10)');
    }
  });

  it("changes nothing when it runs again", async () => {
    const before = await db.select().from(competencyRecords).where(eq(competencyRecords.organizationId, withOld.org.id));
    const evidenceBefore = await db.select().from(competencyEvidence).where(eq(competencyEvidence.organizationId, withOld.org.id));
    await runMigration0028();
    expect(await db.select().from(competencyRecords).where(eq(competencyRecords.organizationId, withOld.org.id))).toHaveLength(before.length);
    expect(await db.select().from(competencyEvidence).where(eq(competencyEvidence.organizationId, withOld.org.id))).toHaveLength(evidenceBefore.length);
    expect(await itemsOf(without.org.id)).toHaveLength(STARTER_FRAMEWORK.length);
    const [org] = await db.select().from(organizations).where(eq(organizations.id, without.org.id));
    expect(org).toBeTruthy();
  });
});
