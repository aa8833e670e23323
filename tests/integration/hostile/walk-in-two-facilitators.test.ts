import { and, eq, ilike } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { memberships, users } from "~/db/schema";
import { attendanceRecords } from "~/db/tables/attendance";
import { addWalkIn, NamesakeError } from "~/modules/attendance/walk-ins/mutations.server";
import { UserInputError } from "~/modules/errors";
import { createSessionAt, setAttendanceSettings } from "../../factories/attendance";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

// Two staff at the door of a drop-in (the facilitator on the roster, a manager on a second phone)
// add the same new walk-in at the same moment — different forms, so the one-time form token does
// not join them. Before: both transactions looked for a participant of that name or email, found
// none (the other had not committed) and each created a person: two records for one human being,
// each with half their attendance; with an email, the slower one failed on the unique address
// (a database error, the page's 500) instead of adding the person the other had just created.

let s: Scenario;
let sessionId: string;
beforeAll(async () => {
  s = await createOrgScenario();
  await setAttendanceSettings(s, s.group.id, { allowWalkIns: true });
  const startsAt = new Date(Date.now() - 5 * 60_000);
  sessionId = (await createSessionAt(s.group.id, s.org.id, startsAt)).id;
});

const peopleNamed = (name: string) =>
  db
    .select({ id: users.id })
    .from(users)
    .innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.organizationId, s.org.id)))
    .where(ilike(users.name, name));

const marksOf = (userId: string) =>
  db.select().from(attendanceRecords).where(and(eq(attendanceRecords.sessionId, sessionId), eq(attendanceRecords.userId, userId)));

describe("the same new walk-in added by two staff at once", () => {
  it("without an email: one person is created; the other is told who already has the name (10 rounds)", async () => {
    for (let round = 0; round < 10; round++) {
      const name = `Quinn Parallel ${round}`;
      const now = new Date();
      const results = await Promise.allSettled([
        addWalkIn(s.facilitator, sessionId, { name, email: "" }, now),
        addWalkIn(s.manager, sessionId, { name, email: "" }, now),
      ]);
      const people = await peopleNamed(name);
      expect(people).toHaveLength(1);
      expect(await marksOf(people[0].id)).toHaveLength(1);
      const refused = results.filter((r) => r.status === "rejected");
      expect(refused).toHaveLength(1);
      const reason = (refused[0] as PromiseRejectedResult).reason;
      expect(reason).toBeInstanceOf(NamesakeError);
      expect((reason as NamesakeError).namesakes).toEqual([expect.objectContaining({ userId: people[0].id, onRoster: true })]);
    }
  }, 60_000);

  it("with the same email: one person, both staff see them on the roster, nobody gets an error page (10 rounds)", async () => {
    for (let round = 0; round < 10; round++) {
      const name = `Rory Email ${round}`;
      const email = `rory-${round}-${Date.now()}@example.org`;
      const now = new Date();
      const results = await Promise.allSettled([
        addWalkIn(s.facilitator, sessionId, { name, email }, now),
        addWalkIn(s.manager, sessionId, { name, email }, now),
      ]);
      for (const r of results) {
        if (r.status === "rejected") expect(r.reason).toBeInstanceOf(UserInputError);
      }
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(2);
      const people = await peopleNamed(name);
      expect(people).toHaveLength(1);
      expect(await marksOf(people[0].id)).toHaveLength(1);
    }
  }, 60_000);
});
