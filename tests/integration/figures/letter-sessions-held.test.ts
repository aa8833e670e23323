/**
 * A letter's "Attended N of the M sessions held" counts the sessions recorded as held, as /metrics'
 * "Sessions held" does. Before, M took every session that had started and was not cancelled, so a
 * session that ended with no attendance taken (not yet recorded) read as an absence that the
 * letter's own next line did not hold: "Attended 2 of the 3 sessions held … Excused absences: 0.
 * Unexcused absences: 0." — to a probation officer.
 *
 * Counted by hand. Evening Circle (New York), three sessions of 90 minutes at 18:00 EDT in May 2031:
 * Pat attends 6 May and 20 May (held); nobody records 13 May. On 21 May: dashboard for the group,
 * May 2031: held 2, not yet recorded 1; the letter: 2 of the 2 sessions held, 3.0 hours, no
 * absences. The facilitator then records 13 May (Pat absent): held 3; the next letter: 2 of the 3
 * sessions held, 1 unexcused absence.
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { enrolments } from "~/db/schema";
import { disclosureLetters, informationReleases } from "~/db/tables/releases";
import { attendanceRecords } from "~/db/tables/attendance";
import { markAttendance } from "~/modules/attendance/roster/mutations.server";
import type { LetterFacts } from "~/modules/completion/releases/letter";
import { issueLetter } from "~/modules/completion/releases/mutations.server";
import { resolvePeriod } from "~/modules/metrics/definitions";
import { loadDashboard } from "~/modules/metrics/queries.server";
import { addParticipant, createGroup, createSessionAt } from "../../factories/attendance";
import { createOrgScenario, type Person, type Scenario } from "../../factories/scenario";

let s: Scenario;
let group: Awaited<ReturnType<typeof createGroup>>;
let pat: Person;
let enrolmentId: string;
let releaseId: string;
let unrecorded: Awaited<ReturnType<typeof createSessionAt>>;
const now = new Date("2031-05-21T12:00:00Z");

async function letterLines(at: Date) {
  const letterId = await issueLetter(s.manager, enrolmentId, releaseId, at);
  const [letter] = await db.select().from(disclosureLetters).where(eq(disclosureLetters.id, letterId));
  return Object.fromEntries((letter.content as LetterFacts).sections.map((x) => [x.item, x.lines]));
}

const dashboard = (at: Date) =>
  loadDashboard(s.manager, { programId: null, groupId: group.id, facilitatorId: null, period: resolvePeriod("2031-05", {}, "2031-05-21")!, by: "month" }, at);

beforeAll(async () => {
  s = await createOrgScenario();
  group = await createGroup(s, { facilitatorId: s.facilitator.id, name: "Evening Circle" });
  pat = await addParticipant(s, group.id, { name: "Pat Letter" });
  [{ id: enrolmentId }] = await db.select({ id: enrolments.id }).from(enrolments).where(eq(enrolments.userId, pat.id));
  const [a, b, c] = await Promise.all(
    [
      ["2031-05-06T22:00:00Z", "held"],
      ["2031-05-13T22:00:00Z", "scheduled"],
      ["2031-05-20T22:00:00Z", "held"],
    ].map(([at, status]) => createSessionAt(group.id, s.org.id, new Date(at), { minutes: 90, status: status as "held" | "scheduled" })),
  );
  unrecorded = b;
  await db.insert(attendanceRecords).values(
    [a, c].map((x) => ({ organizationId: s.org.id, sessionId: x.id, groupId: group.id, userId: pat.id, status: "present" as const, source: "roster" as const })),
  );
  const [release] = await db
    .insert(informationReleases)
    .values({
      organizationId: s.org.id,
      userId: pat.id,
      programId: s.program.id,
      part2: true,
      recipientName: "Officer Dana Reyes",
      recipientContact: "dana.reyes@probation.example",
      purpose: "Proof of attendance",
      shares: ["attendance_dates", "attendance_totals"],
      expiresOn: "2031-08-31",
      expiresAt: new Date("2031-09-01T04:00:00Z"),
      method: "in_app",
      statement: "I allow it.",
      statementHash: "x".repeat(64),
      signedName: pat.name,
      signedOn: "2031-05-20",
      recordedBy: pat.id,
    })
    .returning();
  releaseId = release.id;
});

describe("a letter's sessions held", () => {
  it("leaves out a session nobody recorded, as /metrics' 'Sessions held' does", async () => {
    expect((await dashboard(now)).summary).toMatchObject({ sessions_total: 3, sessions_held: 2, sessions_unrecorded: 1 });
    const lines = await letterLines(now);
    expect(lines.attendance_totals).toEqual(["Attended 2 of the 2 sessions held (3.0 hours).", "Excused absences: 0. Unexcused absences: 0."]);
    expect(lines.attendance_dates).toEqual(["Tue, May 6, 2031; Tue, May 20, 2031"]);
  });

  it("counts it once it is recorded, with the absence recorded", async () => {
    const later = new Date("2031-05-21T14:00:00Z");
    await markAttendance(s.facilitator, unrecorded.id, { userId: pat.id, status: "absent" }, later);
    expect((await dashboard(later)).summary).toMatchObject({ sessions_total: 3, sessions_held: 3, sessions_unrecorded: 0 });
    const lines = await letterLines(later);
    expect(lines.attendance_totals).toEqual(["Attended 2 of the 3 sessions held (3.0 hours).", "Excused absences: 0. Unexcused absences: 1."]);
  });
});
