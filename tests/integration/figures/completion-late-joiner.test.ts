/**
 * "N of M sessions" for someone who joined a running group counts the sessions since they joined
 * (the start their letters and summary state), not the group's earlier ones: a person enrolled on
 * 20 March in a group meeting Tuesdays from 2 March has 6 sessions, not 9. A session before the
 * start still counts when they have a mark there (a visit before enrolling). Failed before (9).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import { db } from "~/db/client.server";
import { enrolments, sessions } from "~/db/schema";
import { attendanceRecords } from "~/db/tables/attendance";
import { completionCriteria } from "~/db/tables/completion";
import { groupCompletionPage } from "~/modules/completion/queries.server";
import { createOrgScenario, createPerson, FIXED_SERIES_START, type Person, type Scenario } from "../../factories/scenario";

let s: Scenario;
let late: Person;

beforeAll(async () => {
  s = await createOrgScenario({ seriesStart: FIXED_SERIES_START }); // Tuesdays 2 March – 27 April 2027
  late = await createPerson(s.org, "participant", { name: "Lia Late" });
  await db.insert(enrolments).values({ organizationId: s.org.id, groupId: s.group.id, userId: late.id, createdAt: new Date("2027-03-20T15:00:00Z") });
  await db.insert(completionCriteria).values({ organizationId: s.org.id, groupId: s.group.id, minSessionsAttended: 4, maxUnexcusedAbsences: null });
});

describe("completion progress of a late joiner", () => {
  const now = new Date("2027-04-01T12:00:00Z");
  const progressOf = async (who: Person) => (await groupCompletionPage(s.manager, s.group.id, now)).people.find((p) => p.userId === who.id)!.progress!;

  it("counts the sessions since they joined", async () => {
    expect(await progressOf(late)).toMatchObject({ totalSessions: 6, upcomingSessions: 4, attended: 0 });
    // The people enrolled from the start have all nine.
    expect((await progressOf(s.participant)).totalSessions).toBe(9);
  });

  it("counts an earlier session where they have a mark", async () => {
    const [first] = await db.select().from(sessions).where(eq(sessions.groupId, s.group.id)).orderBy(asc(sessions.startsAt)).limit(1);
    await db.update(sessions).set({ status: "held" }).where(eq(sessions.id, first.id));
    await db.insert(attendanceRecords).values({ organizationId: s.org.id, sessionId: first.id, groupId: s.group.id, userId: late.id, status: "present", walkIn: true, source: "roster" });
    expect(await progressOf(late)).toMatchObject({ totalSessions: 7, attended: 1 });
  });
});
