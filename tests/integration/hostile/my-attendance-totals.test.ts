import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { sessions } from "~/db/schema";
import { attendanceRecords } from "~/db/tables/attendance";
import * as myAttendance from "~/routes/my.attendance";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

/**
 * Hostile review (dec 6): "My attendance" says "Attended N · excused N · absent N" — the person's
 * totals, which people in court-ordered or intensive programs rely on. They were counted from the
 * newest 100 marks the page lists, so after 100 sessions the totals stopped growing: someone who
 * attended 120 daily sessions read "Attended 100".
 */
let s: Scenario;
const DAY = 86_400_000;

beforeAll(async () => {
  s = await createOrgScenario();
  const first = new Date("2026-01-05T15:00:00Z").getTime();
  const held = await db
    .insert(sessions)
    .values(Array.from({ length: 130 }, (_, i) => ({ organizationId: s.org.id, groupId: s.group.id, startsAt: new Date(first + i * DAY), endsAt: new Date(first + i * DAY + 3_600_000), status: "held" as const })))
    .returning({ id: sessions.id });
  // 120 attended (present or late), 6 excused, 4 absent — the oldest ones are the excused and absent.
  const status = (i: number) => (i < 6 ? "excused" : i < 10 ? "absent" : i % 2 ? "present" : "late");
  await db.insert(attendanceRecords).values(
    held.map((h, i) => ({ organizationId: s.org.id, sessionId: h.id, groupId: s.group.id, userId: s.participant.id, status: status(i) as "present", source: "roster" as const })),
  );
}, 60_000);

describe("my attendance totals count every mark, not only the ones listed", () => {
  it("130 marks: attended 120, excused 6, absent 4", async () => {
    const out = await callRoute(myAttendance, { path: "/my/attendance", cookie: s.participant.cookie });
    expect(out.status).toBe(200);
    const data = out.data as { counts: { attended: number; excused: number; absent: number }; history: unknown[] };
    expect({ attended: data.counts.attended, excused: data.counts.excused, absent: data.counts.absent }).toEqual({ attended: 120, excused: 6, absent: 4 });
  });
});
