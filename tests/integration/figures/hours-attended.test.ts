/**
 * "Hours attended" on a certificate and a discharge summary is the metrics' definition: each
 * attended session's length less the time missed by arriving late or leaving early (when the
 * times were recorded), as /metrics' participant-hours and its "Participants who attended" rows
 * count the same person. Before, the certificate counted every attended session whole: 3.0 hours
 * for someone who missed 50 of 180 minutes, while /metrics said 2.2.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { attendanceRecords } from "~/db/tables/attendance";
import { attendanceInputs, hoursAttended } from "~/modules/completion/queries.server";
import { resolvePeriod } from "~/modules/metrics/definitions";
import { loadRows } from "~/modules/metrics/queries.server";
import { createSessionAt, minutes } from "../../factories/attendance";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

let s: Scenario;

beforeAll(async () => {
  s = await createOrgScenario();
  const [a, b, c] = await Promise.all(
    ["2031-03-04T00:00:00Z", "2031-03-11T00:00:00Z", "2031-03-18T00:00:00Z"].map((at) => createSessionAt(s.group.id, s.org.id, new Date(at), { status: "held" })),
  );
  const mark = (session: typeof a, status: "present" | "late" | "left_early", extra: { arrivedAt?: Date; leftAt?: Date } = {}) => ({
    organizationId: s.org.id,
    sessionId: session.id,
    groupId: s.group.id,
    userId: s.participant.id,
    status,
    source: "roster" as const,
    arrivedAt: extra.arrivedAt ?? null,
    leftAt: extra.leftAt ?? null,
  });
  await db.insert(attendanceRecords).values([
    mark(a, "present"),
    mark(b, "late", { arrivedAt: minutes(b.startsAt, 20) }),
    mark(c, "left_early", { leftAt: minutes(c.startsAt, 30) }),
  ]);
});

describe("hours attended", () => {
  it("subtracts the time missed by arriving late or leaving early, as the metrics do", async () => {
    const inputs = await attendanceInputs(db, s.group.id, [s.participant.id]);
    const now = new Date("2031-04-01T00:00:00Z");
    expect(hoursAttended(inputs.sessionsOf(s.participant.id), inputs.marksOf(s.participant.id), null, now)).toBe("2.2"); // 60 + 40 + 30 minutes
    const period = resolvePeriod("2031-03", {}, "2031-04-01")!;
    const rows = await loadRows(s.manager, { programId: null, groupId: s.group.id, facilitatorId: null, period, by: "month" }, "unique_participants", new Date());
    expect(rows.rows.find((r) => r[0] === s.participant.name)?.[2]).toBe(2.2);
  });
});
