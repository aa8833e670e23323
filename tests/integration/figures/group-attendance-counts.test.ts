/**
 * A group's attendance page, session by session: the walk-ins figure counts walk-ins who were in
 * the room, as the metrics do ("walk-ins" in the attendance rate's details), so it is never more
 * than the attended figure beside it. Failed before the fix (a walk-in corrected to absent read
 * 1 walk-in beside 0 attended).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { attendanceRecords } from "~/db/tables/attendance";
import { groupAttendance } from "~/modules/attendance/history/queries.server";
import { addParticipant, createSessionAt } from "../../factories/attendance";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

let s: Scenario;

beforeAll(async () => {
  s = await createOrgScenario();
});

describe("group attendance counts per session", () => {
  it("walk-ins are counted among the people who attended", async () => {
    const session = await createSessionAt(s.group.id, s.org.id, new Date("2031-05-06T23:00:00Z"), { status: "held" });
    const [came, wrong] = await Promise.all([addParticipant(s, s.group.id, { enrol: false }), addParticipant(s, s.group.id, { enrol: false })]);
    const mark = (userId: string, status: "present" | "absent", walkIn: boolean) => ({
      organizationId: s.org.id,
      sessionId: session.id,
      groupId: s.group.id,
      userId,
      status,
      walkIn,
      source: "roster" as const,
    });
    await db.insert(attendanceRecords).values([
      mark(s.participant.id, "present", false),
      mark(came.id, "present", true),
      // Added as a walk-in by mistake and corrected to absent.
      mark(wrong.id, "absent", true),
    ]);
    const { sessions } = await groupAttendance(s.facilitator, s.group.id);
    const row = sessions.find((x) => x.id === session.id)!;
    expect(row).toMatchObject({ attended: 2, absent: 1, excused: 0, walkIns: 1 });
  });
});
