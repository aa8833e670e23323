/**
 * Who led a group when (group_facilitator_periods), kept by triggers on group_facilitators
 * (migration 0063): an insert opens a period, a delete closes it, and a group save that deletes
 * and inserts its facilitators again keeps a person it keeps in one unbroken period. The
 * migration's backfill rebuilds earlier periods from the audit trail of group saves.
 */
import { readFileSync } from "node:fs";
import { and, asc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { dataVersion } from "~/db/derived.server";
import { auditEvents, groupFacilitators } from "~/db/schema";
import { groupFacilitatorPeriods } from "~/db/tables/metrics";
import { updateGroup } from "~/modules/groups/mutations.server";
import { createGroup } from "../../factories/attendance";
import { createOrgScenario, createPerson, type Scenario } from "../../factories/scenario";

let s: Scenario;

const periodsOf = (groupId: string) =>
  db
    .select({ userId: groupFacilitatorPeriods.userId, startedAt: sql<string>`${groupFacilitatorPeriods.startedAt}::text`, endedAt: sql<string | null>`${groupFacilitatorPeriods.endedAt}::text` })
    .from(groupFacilitatorPeriods)
    .where(eq(groupFacilitatorPeriods.groupId, groupId))
    .orderBy(asc(groupFacilitatorPeriods.startedAt), asc(groupFacilitatorPeriods.userId));

/** A group save as the group form writes it: every facilitator deleted, the chosen ones inserted, in one transaction. */
const save = (groupId: string, userIds: string[]) =>
  db.transaction(async (tx) => {
    await tx.delete(groupFacilitators).where(eq(groupFacilitators.groupId, groupId));
    if (userIds.length) await tx.insert(groupFacilitators).values(userIds.map((userId) => ({ groupId, userId, organizationId: s.org.id })));
  });

beforeAll(async () => {
  s = await createOrgScenario();
});

describe("facilitator periods kept by triggers", () => {
  it("a group's first facilitators are taken to have led it from its beginning", async () => {
    expect(await periodsOf(s.group.id)).toEqual([{ userId: s.facilitator.id, startedAt: "-infinity", endedAt: null }]);
  });

  it("a save that keeps a facilitator keeps their one period; a change closes one period where the next opens", async () => {
    const group = await createGroup(s, { name: "Periods", facilitatorId: s.facilitator.id });
    await save(group.id, [s.facilitator.id]);
    await save(group.id, [s.facilitator.id]);
    expect(await periodsOf(group.id)).toEqual([{ userId: s.facilitator.id, startedAt: "-infinity", endedAt: null }]);

    // A co-facilitator added, then the first one replaced: each change at its transaction's time.
    await save(group.id, [s.facilitator.id, s.otherFacilitator.id]);
    await save(group.id, [s.otherFacilitator.id]);
    const periods = await periodsOf(group.id);
    expect(periods).toHaveLength(2);
    const [first, other] = periods;
    expect(first).toMatchObject({ userId: s.facilitator.id, startedAt: "-infinity" });
    expect(other).toMatchObject({ userId: s.otherFacilitator.id, endedAt: null });
    expect(first.endedAt).not.toBeNull();
    expect(new Date(first.endedAt!).getTime()).toBeGreaterThan(new Date(other.startedAt).getTime());

    // Removed and added again later: a second period, the first left as it was.
    await save(group.id, [s.otherFacilitator.id, s.facilitator.id]);
    const again = await periodsOf(group.id);
    expect(again).toHaveLength(3);
    expect(again.filter((p) => p.userId === s.facilitator.id).map((p) => p.endedAt === null)).toEqual([false, true]);
    expect(again.find((p) => p.userId === s.facilitator.id && p.endedAt === null)!.startedAt > first.endedAt!).toBe(true);
  });

  it("someone added and removed in one transaction leaves no period; a group left without facilitators ends every period", async () => {
    const newcomer = await createPerson(s.org, "facilitator");
    const group = await createGroup(s, { name: "Brief", facilitatorId: s.facilitator.id });
    await db.transaction(async (tx) => {
      await tx.insert(groupFacilitators).values({ groupId: group.id, userId: newcomer.id, organizationId: s.org.id });
      await tx.delete(groupFacilitators).where(and(eq(groupFacilitators.groupId, group.id), eq(groupFacilitators.userId, newcomer.id)));
    });
    expect((await periodsOf(group.id)).map((p) => p.userId)).toEqual([s.facilitator.id]);
    await save(group.id, []);
    expect((await periodsOf(group.id)).every((p) => p.endedAt !== null)).toBe(true);
  });

  it("the group form's save (updateGroup) keeps a kept facilitator's period and records a change", async () => {
    const group = await createGroup(s, { name: "Form saves", facilitatorId: s.facilitator.id });
    const input = (facilitatorIds: string[]) => ({
      name: group.name,
      kind: group.kind,
      description: group.description,
      timezone: group.timezone,
      capacity: group.capacity,
      location: group.location,
      onlineUrl: group.onlineUrl,
      language: group.language,
      facilitatorIds,
      overrideReason: "Covering while their training is booked", // the competency gate: no records in this scenario
    });
    await updateGroup(s.manager, group.id, { ...input([s.facilitator.id]), description: "Renamed nothing, kept Fran" });
    expect(await periodsOf(group.id)).toEqual([{ userId: s.facilitator.id, startedAt: "-infinity", endedAt: null }]);
    await updateGroup(s.manager, group.id, input([s.otherFacilitator.id]));
    const periods = await periodsOf(group.id);
    expect(periods.map((p) => [p.userId, p.endedAt === null])).toEqual([
      [s.facilitator.id, false],
      [s.otherFacilitator.id, true],
    ]);
    expect(periods[0].endedAt).toBe(periods[1].startedAt);
  });

  it("a change of facilitator changes the organisation's data version (stored figures are computed again)", async () => {
    const group = await createGroup(s, { name: "Versioned", facilitatorId: s.facilitator.id });
    const before = await dataVersion(db, s.org.id);
    await save(group.id, [s.otherFacilitator.id]);
    expect(await dataVersion(db, s.org.id)).not.toBe(before);
  });
});

describe("the migration's backfill from the audit trail", () => {
  it("rebuilds each person's periods from the group saves recorded, and dates facilitators the trail does not explain", async () => {
    const [a, b, c] = await Promise.all([createPerson(s.org, "facilitator"), createPerson(s.org, "facilitator"), createPerson(s.org, "facilitator")]);
    // Audited: created with A; B added on 1 Feb; A removed on 1 Mar; A back on 1 Apr (today: A and B).
    const audited = await createGroup(s, { name: "Audited" });
    await db.insert(groupFacilitators).values([a, b].map((p) => ({ groupId: audited.id, userId: p.id, organizationId: s.org.id })));
    const event = (action: string, at: string, before: string[] | null, after: string[]) => ({
      organizationId: s.org.id,
      actorUserId: s.manager.id,
      action,
      subjectType: "group",
      subjectId: audited.id,
      before: before ? { facilitatorIds: before } : null,
      after: { facilitatorIds: after },
      at: new Date(at),
    });
    await db.insert(auditEvents).values([
      event("group.create", "2026-01-05T15:00:00Z", null, [a.id]),
      event("group.update", "2026-02-01T15:00:00Z", [a.id], [a.id, b.id]),
      event("group.update", "2026-03-01T15:00:00Z", [a.id, b.id], [b.id]),
      event("group.update", "2026-04-01T15:00:00Z", [b.id], [b.id, a.id]),
    ]);
    // Saved once (an update only: created before audits named facilitators): C led before it, then B.
    const updatedOnly = await createGroup(s, { name: "Updated only" });
    await db.insert(groupFacilitators).values({ groupId: updatedOnly.id, userId: b.id, organizationId: s.org.id });
    await db.insert(auditEvents).values({ ...event("group.update", "2026-05-01T15:00:00Z", [c.id], [b.id]), subjectId: updatedOnly.id });
    // No audit at all (a seed): its facilitator from the beginning.
    const seeded = await createGroup(s, { name: "Seeded", facilitatorId: c.id });

    // The migration's backfill statements run again on an empty table.
    const migration = readFileSync(new URL("../../../drizzle/0063_facilitator_periods_kept_by_triggers.sql", import.meta.url), "utf8");
    const statements = migration.split("--> statement-breakpoint").filter((st) => /INSERT INTO group_facilitator_periods/.test(st) && !/CREATE OR REPLACE FUNCTION/.test(st));
    expect(statements).toHaveLength(2);
    await db.transaction(async (tx) => {
      await tx.execute(sql`delete from group_facilitator_periods`);
      for (const statement of statements) await tx.execute(sql.raw(statement));
    });

    const at = (iso: string) => new Date(iso).getTime();
    const audit = (await periodsOf(audited.id)).map((p) => ({ ...p, startedAt: p.startedAt === "-infinity" ? p.startedAt : at(p.startedAt), endedAt: p.endedAt && at(p.endedAt) }));
    expect(audit).toEqual([
      { userId: a.id, startedAt: "-infinity", endedAt: at("2026-03-01T15:00:00Z") },
      { userId: b.id, startedAt: at("2026-02-01T15:00:00Z"), endedAt: null },
      { userId: a.id, startedAt: at("2026-04-01T15:00:00Z"), endedAt: null },
    ]);
    const updated = (await periodsOf(updatedOnly.id)).map((p) => ({ ...p, startedAt: p.startedAt === "-infinity" ? p.startedAt : at(p.startedAt), endedAt: p.endedAt && at(p.endedAt) }));
    expect(updated).toEqual([
      { userId: c.id, startedAt: "-infinity", endedAt: at("2026-05-01T15:00:00Z") },
      { userId: b.id, startedAt: at("2026-05-01T15:00:00Z"), endedAt: null },
    ]);
    expect(await periodsOf(seeded.id)).toEqual([{ userId: c.id, startedAt: "-infinity", endedAt: null }]);
    // Every current facilitator of every group has exactly one open period.
    const [check] = await db.execute<{ unmatched: number }>(sql`
      select count(*)::int as unmatched from group_facilitators gf
      where (select count(*) from group_facilitator_periods p where p.group_id = gf.group_id and p.user_id = gf.user_id and p.ended_at is null) <> 1`);
    expect(check.unmatched).toBe(0);
  });
});
