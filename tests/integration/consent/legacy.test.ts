import { readFileSync } from "node:fs";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { consents } from "~/db/tables/consent";
import { intakes } from "~/db/tables/registration";
import { registerForGroup } from "~/modules/registration/mutations.server";
import { intake } from "../../factories/registration";
import { createOrgScenario, createPerson } from "../../factories/scenario";

/** The data step of migration 0017, run again on intakes answered before consent records existed. */
describe("migration of the intake booleans", () => {
  it("turns each intake's answers into v1-legacy records given by the person at the intake's time, and asks nothing about classmates", async () => {
    const s = await createOrgScenario();
    const [yes, no] = await Promise.all([createPerson(s.org, "participant"), createPerson(s.org, "participant")]);
    await registerForGroup(yes, s.group.id, intake({ consentRosterSharing: true, consentClassmates: true }), { baseUrl: "http://test.local" });
    await registerForGroup(no, s.group.id, intake({ consentRosterSharing: false }), { baseUrl: "http://test.local" });
    // As before the migration: intakes, no consent records.
    await db.delete(consents).where(eq(consents.organizationId, s.org.id));
    const migration = readFileSync(new URL("../../../drizzle/0017_consent_records.sql", import.meta.url), "utf8");
    const inserts = migration.split("--> statement-breakpoint").filter((part) => /INSERT INTO "consents"/.test(part));
    expect(inserts).toHaveLength(2);
    await db.transaction(async (tx) => {
      // Only this organisation's intakes: other test files share nothing with this one, but keep it scoped anyway.
      for (const statement of inserts) await tx.execute(sql.raw(statement.replace(/FROM "intakes" i;/, `FROM "intakes" i WHERE i."organization_id" = '${s.org.id}';`)));
    });
    const rows = await db.select().from(consents).where(eq(consents.organizationId, s.org.id));
    const byPerson = (id: string) => Object.fromEntries(rows.filter((r) => r.userId === id).map((r) => [r.kind, r.status]));
    expect(byPerson(yes.id)).toEqual({ participation: "given", facilitator_contact: "given" });
    expect(byPerson(no.id)).toEqual({ participation: "given", facilitator_contact: "refused" });
    const [noIntake] = await db.select().from(intakes).where(eq(intakes.userId, no.id));
    for (const r of rows) {
      expect(r).toMatchObject({ wordingVersion: "v1-legacy", source: "legacy_intake", groupId: s.group.id, revokedAt: null, expiresAt: null });
      expect(r.recordedBy).toBe(r.userId);
    }
    expect(rows.find((r) => r.userId === no.id)!.givenAt.getTime()).toBe(noIntake.createdAt.getTime());
  });
});
