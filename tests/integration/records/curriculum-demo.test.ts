import { and, asc, eq, isNotNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { groups, sessions, users } from "~/db/schema";
import { curriculumMaterials, curriculumUnits, sessionUnits } from "~/db/tables/curriculum";
import { groupNotes, individualContacts, recordAddenda } from "~/db/tables/records";
import { seedDemo } from "~/demo/seed.server";

describe("curriculum and one-to-one contacts demo data", () => {
  it("gives Budgeting Basics a twelve-unit curriculum with materials; noted sessions carry the unit their note names, and sessions still to come have units", async () => {
    const now = new Date();
    await seedDemo(now);
    const [group] = await db.select({ id: groups.id }).from(groups).where(eq(groups.name, "Budgeting Basics")).orderBy(asc(groups.createdAt)).limit(1);
    const units = await db.select().from(curriculumUnits).where(eq(curriculumUnits.groupId, group.id)).orderBy(asc(curriculumUnits.position));
    expect(units).toHaveLength(12);
    const materials = await db.select({ audience: curriculumMaterials.audience }).from(curriculumMaterials).innerJoin(curriculumUnits, eq(curriculumUnits.id, curriculumMaterials.unitId)).where(eq(curriculumUnits.groupId, group.id));
    expect(new Set(materials.map((m) => m.audience))).toEqual(new Set(["participants", "facilitators"]));

    const noted = await db
      .select({ topic: groupNotes.topic, unit: curriculumUnits.title, position: curriculumUnits.position })
      .from(groupNotes)
      .innerJoin(sessionUnits, eq(sessionUnits.sessionId, groupNotes.sessionId))
      .innerJoin(curriculumUnits, eq(curriculumUnits.id, sessionUnits.unitId))
      .where(eq(groupNotes.groupId, group.id));
    expect(noted.length).toBeGreaterThanOrEqual(3);
    for (const n of noted) expect(n.topic).toBe(`Unit ${n.position}: ${n.unit}`);

    const upcoming = await db
      .select({ id: sessions.id })
      .from(sessions)
      .innerJoin(sessionUnits, eq(sessionUnits.sessionId, sessions.id))
      .where(and(eq(sessions.groupId, group.id), isNotNull(sessionUnits.unitId), eq(sessions.status, "scheduled")));
    expect(upcoming.length).toBeGreaterThan(0);

    // Pat: two signed one-to-one contacts with Fran (one with an addendum) and a draft.
    const [pat] = await db.select({ id: users.id }).from(users).where(eq(users.email, "pat@riverside.example"));
    const contacts = await db.select().from(individualContacts).where(eq(individualContacts.participantId, pat.id));
    expect(contacts.map((c) => c.signedAt !== null).sort()).toEqual([false, true, true]);
    const addenda = await db.select().from(recordAddenda).where(eq(recordAddenda.noteKind, "contact"));
    expect(addenda.filter((a) => contacts.some((c) => c.id === a.noteId))).toHaveLength(1);
  });
});
