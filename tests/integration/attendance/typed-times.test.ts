import { and, eq } from "drizzle-orm";
import { DateTime } from "luxon";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { groups } from "~/db/schema";
import { attendanceRecords } from "~/db/tables/attendance";
import * as paperRoute from "~/routes/sessions.$sessionId.paper";
import * as rosterRoute from "~/routes/sessions.$sessionId.roster";
import { createSessionAt } from "../../factories/attendance";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

/**
 * Times typed on the roster's details form and the paper-sheet page, as a tired facilitator types
 * them: "7:05" for a 7 PM session means 7:05 PM, not the next morning; a time that cannot be during
 * the session is refused with a message and writes nothing (it was saved as the next morning, late,
 * with 0 hours attended on certificates and funder reports).
 */
let s: Scenario;
let zone: string;

beforeAll(async () => {
  s = await createOrgScenario();
  [{ zone }] = await db.select({ zone: groups.timezone }).from(groups).where(eq(groups.id, s.group.id));
});

/** A held session of 60 minutes yesterday at `hour`:00 in the group's zone. */
async function sessionYesterdayAt(hour: number) {
  const start = DateTime.now().setZone(zone).minus({ days: 1 }).set({ hour, minute: 0, second: 0, millisecond: 0 });
  return createSessionAt(s.group.id, s.org.id, start.toJSDate(), { status: "held" });
}
const markOf = async (sessionId: string, userId: string) =>
  (await db.select().from(attendanceRecords).where(and(eq(attendanceRecords.sessionId, sessionId), eq(attendanceRecords.userId, userId))))[0] ?? null;
const local = (at: Date | null) => (at ? DateTime.fromJSDate(at, { zone }).toFormat("yyyy-MM-dd HH:mm") : null);
const details = (sessionId: string, arrivedAt: string, extra: Record<string, string> = {}) =>
  callRoute(rosterRoute, {
    path: `/sessions/${sessionId}/roster`,
    params: { sessionId },
    cookie: s.facilitator.cookie,
    form: { intent: "details", userId: s.participant.id, status: "present", arrivedAt, leftAt: "", note: "", reason: "typed from the paper sheet", ...extra },
  });

describe("a time typed for a session", () => {
  it("'7:05' for a 7 PM session is 7:05 PM the same evening", async () => {
    const session = await sessionYesterdayAt(19);
    const out = await details(session.id, "7:05");
    expect(out.status).toBeLessThan(400);
    const mark = await markOf(session.id, s.participant.id);
    expect(local(mark!.arrivedAt)).toBe(`${DateTime.fromJSDate(session.startsAt, { zone }).toFormat("yyyy-MM-dd")} 19:05`);
  });

  it("'7:05 AM' for a 7 PM session is refused with a message, and nothing is written", async () => {
    const session = await sessionYesterdayAt(19);
    const out = await details(session.id, "7:05 AM");
    expect(out.status).toBe(400);
    expect(JSON.stringify(out.data)).toContain("That time is not during this session.");
    expect(await markOf(session.id, s.participant.id)).toBeNull();
  });

  it("a time left that cannot be during the session is refused too", async () => {
    const session = await sessionYesterdayAt(19);
    const out = await details(session.id, "19:00", { status: "left_early", leftAt: "23:30" });
    expect(out.status).toBe(400);
    expect(JSON.stringify(out.data)).toContain("That time is not during this session.");
    expect(await markOf(session.id, s.participant.id)).toBeNull();
  });

  it("a morning session keeps '9:10' as 9:10 AM, and 24-hour '07:05' stays 07:05", async () => {
    const morning = await sessionYesterdayAt(9);
    expect((await details(morning.id, "9:10")).status).toBeLessThan(400);
    expect(local((await markOf(morning.id, s.participant.id))!.arrivedAt)).toMatch(/ 09:10$/);
    const early = await sessionYesterdayAt(7);
    expect((await details(early.id, "07:05")).status).toBeLessThan(400);
    expect(local((await markOf(early.id, s.participant.id))!.arrivedAt)).toMatch(/ 07:05$/);
  });

  it("on the paper-sheet page: '6:58' for a 7 PM session is 6:58 PM; a sheet with '6:58 AM' is refused whole", async () => {
    const session = await sessionYesterdayAt(19);
    const sheet = (arrivedAt: string) =>
      callRoute(paperRoute, {
        path: `/sessions/${session.id}/paper`,
        params: { sessionId: session.id },
        cookie: s.facilitator.cookie,
        form: { [`status.${s.participant.id}`]: "present", [`arrivedAt.${s.participant.id}`]: arrivedAt, [`status.${s.otherParticipant.id}`]: "absent", reason: "" },
      });
    const refused = await sheet("6:58 AM");
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.data)).toContain("That time is not during this session.");
    expect(await markOf(session.id, s.otherParticipant.id)).toBeNull();
    expect((await sheet("6:58")).status).toBeLessThan(400);
    expect(local((await markOf(session.id, s.participant.id))!.arrivedAt)).toMatch(/ 18:58$/);
  });
});
