import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { auditEvents } from "~/db/schema";
import { absenceAlerts, attendanceRecords, attendanceSettings } from "~/db/tables/attendance";
import { currentCheckInCode } from "~/modules/attendance/check-in/queries.server";
import * as alertsPage from "~/routes/attendance._index";
import * as codePage from "~/routes/c.$code";
import * as checkinPage from "~/routes/checkin";
import * as groupAttendancePage from "~/routes/groups.$groupId.attendance";
import * as myAttendancePage from "~/routes/my.attendance";
import * as checkinScreen from "~/routes/sessions.$sessionId.checkin";
import * as paperPage from "~/routes/sessions.$sessionId.paper";
import * as rosterPage from "~/routes/sessions.$sessionId.roster";
import * as sheetPage from "~/routes/sessions.$sessionId.sheet";
import { createSessionAt, nearNowToday } from "../../factories/attendance";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

/**
 * The denial matrix of every attendance route: loaders and actions, for each role, a facilitator
 * who does not lead the group, a manager of another organisation (404, never the record) and an
 * anonymous visitor (sent to sign in). Participants never see a roster; staff never check in.
 */
type Who = "anonymous" | "participant" | "facilitator" | "otherFacilitator" | "manager" | "admin" | "foreignManager";
const WHO: Who[] = ["anonymous", "participant", "facilitator", "otherFacilitator", "manager", "admin", "foreignManager"];

let s: Scenario;
let foreign: Scenario;
let sessionId: string;
let code: string;

const roster = (extra: Partial<Record<Who, number>> = {}): Record<Who, number> => ({
  anonymous: 302,
  participant: 403,
  facilitator: 200,
  otherFacilitator: 403,
  manager: 200,
  admin: 200,
  foreignManager: 404,
  ...extra,
});
const participantOnly: Record<Who, number> = {
  anonymous: 302,
  participant: 200,
  facilitator: 403,
  otherFacilitator: 403,
  manager: 403,
  admin: 403,
  foreignManager: 403,
};

type Case = { name: string; route: Parameters<typeof callRoute>[0]; path: () => string; params: () => Record<string, string>; expect: Record<Who, number> };

const LOADERS: Case[] = [
  { name: "roster", route: rosterPage, path: () => `/sessions/${sessionId}/roster`, params: () => ({ sessionId }), expect: roster() },
  { name: "check-in screen", route: checkinScreen, path: () => `/sessions/${sessionId}/checkin`, params: () => ({ sessionId }), expect: roster() },
  { name: "printable sheet", route: sheetPage, path: () => `/sessions/${sessionId}/sheet`, params: () => ({ sessionId }), expect: roster() },
  { name: "paper entry", route: paperPage, path: () => `/sessions/${sessionId}/paper`, params: () => ({ sessionId }), expect: roster() },
  {
    name: "group attendance",
    route: groupAttendancePage,
    path: () => `/groups/${s.group.id}/attendance`,
    params: () => ({ groupId: s.group.id }),
    expect: roster(),
  },
  // Everyone on staff has an attendance page; what it lists is scoped (tested below).
  { name: "attendance home", route: alertsPage, path: () => "/attendance", params: () => ({}), expect: roster({ otherFacilitator: 200, foreignManager: 200 }) },
  { name: "my attendance", route: myAttendancePage, path: () => "/my/attendance", params: () => ({}), expect: participantOnly },
  { name: "check in", route: checkinPage, path: () => "/checkin", params: () => ({}), expect: participantOnly },
  { name: "check-in link", route: codePage, path: () => `/c/${code}`, params: () => ({ code }), expect: participantOnly },
];

function cookieFor(who: Who): string | undefined {
  if (who === "anonymous") return undefined;
  if (who === "foreignManager") return foreign.manager.cookie;
  return s[who].cookie;
}

beforeAll(async () => {
  s = await createOrgScenario();
  foreign = await createOrgScenario();
  // A session happening now, so the check-in screen has a code, and today in the staff's zone, so
  // /attendance lists it (just after midnight it starts at midnight, not on the day before).
  const session = await createSessionAt(s.group.id, s.org.id, nearNowToday(new Date(), s.facilitator.timezone, -5));
  sessionId = session.id;
  code = (await currentCheckInCode(s.facilitator, sessionId, new Date())).code!.code;
});

describe("attendance loaders: access matrix", () => {
  const cases = LOADERS.flatMap((c) => WHO.map((who) => ({ c, who, status: c.expect[who] })));
  it.each(cases.map((x) => [x.c.name, x.who, x.status, x] as const))("%s as %s → %i", async (_n, who, status, x) => {
    const out = await callRoute(x.c.route, { path: x.c.path(), params: x.c.params(), cookie: cookieFor(who) });
    expect(out.status).toBe(status);
    if (status === 302) expect(out.location).toMatch(/^\/login\?redirectTo=/);
  });

  it("junk and unknown ids are 404", async () => {
    expect((await callRoute(rosterPage, { path: "/sessions/x/roster", params: { sessionId: "x" }, cookie: s.manager.cookie })).status).toBe(404);
    const unknown = "00000000-0000-0000-0000-000000000000";
    expect((await callRoute(sheetPage, { path: `/sessions/${unknown}/sheet`, params: { sessionId: unknown }, cookie: s.manager.cookie })).status).toBe(404);
  });

  it("the staff attendance page lists only what each person may see", async () => {
    const own = (await callRoute(alertsPage, { path: "/attendance", cookie: s.facilitator.cookie })).data as { today: { id: string }[] };
    const other = (await callRoute(alertsPage, { path: "/attendance", cookie: s.otherFacilitator.cookie })).data as { today: { id: string }[] };
    const outsider = (await callRoute(alertsPage, { path: "/attendance", cookie: foreign.manager.cookie })).data as { today: { id: string }[] };
    expect(own.today.map((t) => t.id)).toContain(sessionId);
    expect(other.today.map((t) => t.id)).not.toContain(sessionId);
    expect(outsider.today.map((t) => t.id)).not.toContain(sessionId);
    const groupsOf = async (cookie: string) =>
      ((await callRoute(alertsPage, { path: "/attendance", cookie })).data as { groups: { id: string }[] }).groups.map((g) => g.id);
    expect(await groupsOf(s.facilitator.cookie)).toEqual([s.group.id]);
    expect(await groupsOf(s.otherFacilitator.cookie)).toEqual([]);
    expect(await groupsOf(s.manager.cookie)).toEqual([s.group.id]);
    expect(await groupsOf(foreign.manager.cookie)).not.toContain(s.group.id);
  });
});

describe("attendance actions are guarded like their loaders and change nothing when refused", () => {
  const mark = { intent: "mark", userId: "", status: "present" };
  const denied: [string, Who, number][] = [
    ["participant", "participant", 403],
    ["facilitator of another group", "otherFacilitator", 403],
    ["manager of another organisation", "foreignManager", 404],
    ["anonymous", "anonymous", 302],
  ];

  it.each(denied)("roster marking by %s → %i", async (_n, who, status) => {
    const out = await callRoute(rosterPage, {
      path: `/sessions/${sessionId}/roster`,
      params: { sessionId },
      cookie: cookieFor(who),
      form: { ...mark, userId: s.participant.id },
    });
    expect(out.status).toBe(status);
    expect(await db.select().from(attendanceRecords).where(eq(attendanceRecords.sessionId, sessionId))).toHaveLength(0);
  });

  it.each(denied)("paper sheet by %s → %i", async (_n, who, status) => {
    const out = await callRoute(paperPage, {
      path: `/sessions/${sessionId}/paper`,
      params: { sessionId },
      cookie: cookieFor(who),
      form: { [`status.${s.participant.id}`]: "absent" },
    });
    expect(out.status).toBe(status);
    expect(await db.select().from(attendanceRecords).where(eq(attendanceRecords.sessionId, sessionId))).toHaveLength(0);
  });

  it.each(denied)("group settings by %s → %i", async (_n, who, status) => {
    const out = await callRoute(groupAttendancePage, {
      path: `/groups/${s.group.id}/attendance`,
      params: { groupId: s.group.id },
      cookie: cookieFor(who),
      form: { allowWalkIns: "on", absenceAlertAfter: "3", lateAfterMinutes: "5" },
    });
    expect(out.status).toBe(status);
    expect(await db.select().from(attendanceSettings).where(eq(attendanceSettings.groupId, s.group.id))).toHaveLength(0);
  });

  it("the group's own facilitator may not change settings (managers decide), a manager may", async () => {
    const form = { allowWalkIns: "on", absenceAlertAfter: "3", lateAfterMinutes: "5" };
    const params = { groupId: s.group.id };
    const path = `/groups/${s.group.id}/attendance`;
    expect((await callRoute(groupAttendancePage, { path, params, cookie: s.facilitator.cookie, form })).status).toBe(403);
    const bad = await callRoute(groupAttendancePage, { path, params, cookie: s.manager.cookie, form: { ...form, absenceAlertAfter: "0" } });
    expect(bad.status).toBe(400);
    expect((bad.data as { errors: Record<string, string[]> }).errors.absenceAlertAfter[0]).toBe("Use at least 1.");
    expect(await db.select().from(attendanceSettings).where(eq(attendanceSettings.groupId, s.group.id))).toHaveLength(0);
    expect((await callRoute(groupAttendancePage, { path, params, cookie: s.manager.cookie, form })).status).toBe(302);
    const [saved] = await db.select().from(attendanceSettings).where(eq(attendanceSettings.groupId, s.group.id));
    expect(saved).toMatchObject({ allowWalkIns: true, absenceAlertAfter: 3, lateAfterMinutes: 5 });
    await db.delete(attendanceSettings).where(eq(attendanceSettings.groupId, s.group.id));
  });

  it("staff cannot check in or send apologies; another organisation's participant cannot use the code", async () => {
    for (const who of ["facilitator", "manager"] as const) {
      expect((await callRoute(checkinPage, { path: "/checkin", cookie: s[who].cookie, form: { code } })).status).toBe(403);
      expect((await callRoute(myAttendancePage, { path: "/my/attendance", cookie: s[who].cookie, form: { intent: "apologise", sessionId } })).status).toBe(
        403,
      );
    }
    const out = await callRoute(checkinPage, { path: "/checkin", cookie: foreign.participant.cookie, form: { code } });
    expect(out.status).toBe(400);
    expect((out.data as { errors: Record<string, string[]> }).errors.code[0]).toMatch(/not right/);
    // An apology for another organisation's session is a 404.
    const theirs = await callRoute(myAttendancePage, { path: "/my/attendance", cookie: foreign.participant.cookie, form: { intent: "apologise", sessionId } });
    expect(theirs.status).toBe(404);
    expect(await db.select().from(attendanceRecords).where(eq(attendanceRecords.sessionId, sessionId))).toHaveLength(0);
  });

  it("the participant checks in through the route; the printable sheet is an audited read", async () => {
    const out = await callRoute(codePage, { path: `/c/${code}`, params: { code }, cookie: s.participant.cookie, form: {} });
    expect(out).toMatchObject({ status: 200, data: { ok: true, status: "present" } });
    await callRoute(sheetPage, { path: `/sessions/${sessionId}/sheet`, params: { sessionId }, cookie: s.facilitator.cookie });
    const reads = await db.select().from(auditEvents).where(eq(auditEvents.subjectId, sessionId));
    expect(reads.map((r) => r.action)).toContain("attendance.sheet_view");
  });

  it("alerts are dismissed only by those who run the group", async () => {
    const [alert] = await db
      .insert(absenceAlerts)
      .values({
        organizationId: s.org.id,
        groupId: s.group.id,
        userId: s.participant.id,
        runStartSessionId: sessionId,
        lastSessionId: sessionId,
        absences: 2,
        createdAt: new Date(),
      })
      .returning();
    const dismiss = (cookie?: string) => callRoute(alertsPage, { path: "/attendance", cookie, form: { intent: "dismiss", alertId: alert.id } });
    expect((await dismiss(s.otherFacilitator.cookie)).status).toBe(403);
    expect((await dismiss(foreign.manager.cookie)).status).toBe(404);
    expect((await dismiss(s.participant.cookie)).status).toBe(403);
    const [still] = await db.select().from(absenceAlerts).where(eq(absenceAlerts.id, alert.id));
    expect(still.dismissedAt).toBeNull();
    expect((await dismiss(s.facilitator.cookie)).status).toBe(302);
    const [done] = await db.select().from(absenceAlerts).where(eq(absenceAlerts.id, alert.id));
    expect(done.dismissedBy).toBe(s.facilitator.id);
  });
});
