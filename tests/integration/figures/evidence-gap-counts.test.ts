/**
 * Evidence page gap lists (accreditation): a list shows its first 25 entries and says how many more
 * there are. Each list's query stopped at 26 rows, so a list of any length over 25 read "…and 1
 * more" (31 groups without rules: "…and 1 more" instead of "…and 6 more"). And an absence alert of
 * someone who has left the group is hidden from the attendance page (nobody can follow it up or
 * dismiss it there), yet it stayed an evidence gap and an "open" alert for good. Both failed before
 * the fix.
 */
import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { enrolments, groups, sessions } from "~/db/schema";
import { absenceAlerts, attendanceRecords } from "~/db/tables/attendance";
import { computeEvidence } from "~/modules/metrics/evidence.server";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

let s: Scenario;
const now = new Date("2031-01-20T15:00:00Z");

beforeAll(async () => {
  s = await createOrgScenario();
  // 30 more groups, none with published rules: 31 in all.
  await db.insert(groups).values(
    Array.from({ length: 30 }, (_, i) => ({
      organizationId: s.org.id,
      programId: s.program.id,
      kind: "class" as const,
      name: `Group ${String(i + 1).padStart(2, "0")}`,
      timezone: "America/New_York",
      capacity: 10,
    })),
  );
  const [first, second] = await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.groupId, s.group.id)).orderBy(asc(sessions.startsAt)).limit(2);
  const created = new Date("2031-01-01T12:00:00Z"); // open for more than 7 days at `now`
  for (const person of [s.participant, s.otherParticipant]) {
    await db.insert(absenceAlerts).values({ organizationId: s.org.id, groupId: s.group.id, userId: person.id, runStartSessionId: first.id, lastSessionId: second.id, absences: 2, createdAt: created });
  }
  // One of the two has since withdrawn from the group.
  await db.update(enrolments).set({ status: "withdrawn" }).where(and(eq(enrolments.groupId, s.group.id), eq(enrolments.userId, s.participant.id)));
});

const gapOf = (e: Awaited<ReturnType<typeof computeEvidence>>, label: string) => e.standards.flatMap((x) => x.gaps).find((g) => g.label === label);
const factOf = (e: Awaited<ReturnType<typeof computeEvidence>>, label: string) => e.standards.flatMap((x) => x.facts).find((f) => f.label === label);

describe("evidence gap lists", () => {
  it("say how many more entries there are beyond the 25 shown", async () => {
    const e = await computeEvidence(s.manager, now);
    const gap = gapOf(e, "Groups without published rules (their own or their program's)")!;
    expect(gap.items).toHaveLength(26);
    expect(gap.items.at(-1)).toBe("…and 6 more");
  });

  it("a held session whose only record is an apology is listed as without attendance, as on the attendance page", async () => {
    const [held] = await db
      .insert(sessions)
      .values({ organizationId: s.org.id, groupId: s.group.id, startsAt: new Date("2031-01-14T00:00:00Z"), endsAt: new Date("2031-01-14T01:00:00Z"), status: "held" })
      .returning();
    await db.insert(attendanceRecords).values({ organizationId: s.org.id, sessionId: held.id, groupId: s.group.id, userId: s.otherParticipant.id, status: "excused", source: "apology", apologyReason: "Ill" });
    const e = await computeEvidence(s.manager, now);
    const gap = gapOf(e, "Held sessions in the last 30 days without attendance (America/New_York)")!;
    expect(gap.items).toEqual(["Circle, 2031-01-13 19:00"]);
    await db.delete(attendanceRecords).where(eq(attendanceRecords.sessionId, held.id));
    await db.delete(sessions).where(eq(sessions.id, held.id));
  });

  it("list and count open absence alerts only of people still in the group, as the attendance page does", async () => {
    const e = await computeEvidence(s.manager, now);
    const gap = gapOf(e, "Absence alerts open for more than 7 days")!;
    expect(gap.items).toHaveLength(1);
    expect(gap.items[0]).toContain(s.otherParticipant.name);
    expect(factOf(e, "Absence alerts raised (open)")!.value).toBe("2 (1)");
    expect(e.people).not.toContain(s.participant.id);
  });
});
