import { eq } from "drizzle-orm";
import { DateTime } from "luxon";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { enrolments } from "~/db/schema";
import { attendanceRecords } from "~/db/tables/attendance";
import { markAttendance, markEveryoneUnmarked } from "~/modules/attendance/roster/mutations.server";
import { getRoster } from "~/modules/attendance/roster/queries.server";
import * as rosterRoute from "~/routes/sessions.$sessionId.roster";
import { createGroup, createSessionAt } from "../../factories/attendance";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";

// Last month's roster lists the people enrolled today. "Mark the rest absent" on it gave people who
// joined since an absence for a session held before they joined: a lower attendance rate, a step
// towards an absence alert, and (a mark pulls a session into their count) a session against their
// completion. An enrolment starts on the day it was created, in the group's zone — the start its
// letters and summary state (sessionBeforeEnrolment). Bulk "absent" now leaves those people out and
// says how many; staff can still mark them one by one (a paper sheet typed in later).

let s: Scenario;
let groupId: string;
const zone = "America/New_York";
const at = (iso: string) => DateTime.fromISO(iso, { zone }).toJSDate();
const recordsOf = async (sessionId: string) =>
  Object.fromEntries((await db.select().from(attendanceRecords).where(eq(attendanceRecords.sessionId, sessionId))).map((r) => [r.userId, r.status]));

async function enrolOn(name: string, startedAt: Date): Promise<Person> {
  const person = await createPerson(s.org, "participant", { name });
  await db.insert(enrolments).values({
    groupId,
    userId: person.id,
    organizationId: s.org.id,
    createdAt: startedAt,
  });
  return person;
}

beforeAll(async () => {
  s = await createOrgScenario();
  groupId = (
    await createGroup(s, {
      facilitatorId: s.facilitator.id,
      name: "Joined-later group",
    })
  ).id;
});

describe("a past session's roster and people who joined after it", () => {
  it("'mark the rest absent' leaves out people enrolled after the session's day, says how many, and they can still be marked one by one", async () => {
    const session = await createSessionAt(groupId, s.org.id, at("2030-03-05T18:00")); // a Tuesday evening in New York
    const before = await enrolOn("Avery Before", at("2030-02-20T10:00"));
    // Enrolled the same evening, after the session ended: the session is on their start day, so it
    // is one of their sessions (completion counts it) and an absence there is theirs.
    const sameDay = await enrolOn("Blair Sameday", at("2030-03-05T21:30"));
    const later = await enrolOn("Casey Later", at("2030-03-12T09:00"));
    // 23:30 in New York on 5 March is already 6 March in UTC: the day is the group's, not UTC's.
    const lateEvening = await enrolOn("Dana Lateevening", at("2030-03-05T23:30"));
    const now = at("2030-03-20T12:00");

    const roster = await getRoster(s.facilitator, session.id, now);
    const flag = Object.fromEntries(roster.rows.map((r) => [r.userId, r.joinedLater]));
    expect(flag).toEqual({
      [before.id]: false,
      [sameDay.id]: false,
      [later.id]: true,
      [lateEvening.id]: false,
    });

    const result = await markEveryoneUnmarked(s.facilitator, session.id, "absent", now);
    expect(result).toEqual({ changed: 3, joinedLater: 1 });
    expect(await recordsOf(session.id)).toEqual({
      [before.id]: "absent",
      [sameDay.id]: "absent",
      [lateEvening.id]: "absent",
    });

    // A second press changes nothing and still says who was left out.
    expect(await markEveryoneUnmarked(s.facilitator, session.id, "absent", now)).toEqual({ changed: 0, joinedLater: 1 });

    // On purpose, one by one: the paper sheet says Casey was there.
    const one = await markAttendance(s.facilitator, session.id, { userId: later.id, status: "present" }, now);
    expect(one.changed).toBe(true);
    expect((await recordsOf(session.id))[later.id]).toBe("present");
    // Still flagged on the roster (the badge stays beside the mark).
    const after = await getRoster(s.facilitator, session.id, now);
    expect(after.rows.find((r) => r.userId === later.id)).toMatchObject({
      joinedLater: true,
      status: "present",
    });
  });

  it("an individual absence for a later joiner is allowed; 'mark all present' still includes them", async () => {
    const session = await createSessionAt(groupId, s.org.id, at("2030-04-02T18:00"));
    const later = await enrolOn("Eli Later", at("2030-04-09T09:00"));
    const now = at("2030-04-20T12:00");
    await markAttendance(s.facilitator, session.id, { userId: later.id, status: "absent" }, now);
    expect((await recordsOf(session.id))[later.id]).toBe("absent");
    const other = await createSessionAt(groupId, s.org.id, at("2030-04-03T18:00"));
    expect(await markEveryoneUnmarked(s.facilitator, other.id, "present", now)).toMatchObject({ joinedLater: 0 });
    expect((await recordsOf(other.id))[later.id]).toBe("present");
  });

  it("through the page: the bulk post leaves the later joiner unmarked and the roster flags them", async () => {
    // The route works on today's clock: a session three weeks ago, someone enrolled a week ago.
    const today = new Date();
    const session = await createSessionAt(groupId, s.org.id, new Date(today.getTime() - 21 * 86_400_000));
    const later = await enrolOn("Frankie Routelater", new Date(today.getTime() - 7 * 86_400_000));
    const early = await enrolOn("Gale Routeearly", new Date(today.getTime() - 30 * 86_400_000));
    const post = await callRoute(rosterRoute, {
      path: `/sessions/${session.id}/roster`,
      params: { sessionId: session.id },
      cookie: s.facilitator.cookie,
      form: { intent: "markRestAbsent" },
    });
    expect(post.status).toBe(302);
    const marks = await recordsOf(session.id);
    expect(marks[early.id]).toBe("absent");
    expect(marks[later.id]).toBeUndefined();
    const page = await callRoute(rosterRoute, {
      path: `/sessions/${session.id}/roster`,
      params: { sessionId: session.id },
      cookie: s.facilitator.cookie,
    });
    const rows = (
      page.data as {
        rows: { userId: string; joinedLater: boolean; status: string | null }[];
      }
    ).rows;
    expect(rows.find((r) => r.userId === later.id)).toMatchObject({
      joinedLater: true,
      status: null,
    });
    expect(rows.find((r) => r.userId === early.id)).toMatchObject({
      joinedLater: false,
      status: "absent",
    });
  });
});
