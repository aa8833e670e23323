import { renderToStaticMarkup } from "react-dom/server";
import { createElement } from "react";
import { eq } from "drizzle-orm";
import { DateTime } from "luxon";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { groups } from "~/db/schema";
import { attendanceRecords } from "~/db/tables/attendance";
import * as groupAttendanceRoute from "~/routes/groups.$groupId.attendance";
import * as homeRoute from "~/routes/home";
import * as myGroupsRoute from "~/routes/my.groups";
import * as orgPageRoute from "~/routes/o.$slug._index";
import * as programRoute from "~/routes/programs.$programId._index";
import * as programsRoute from "~/routes/programs._index";
import { When } from "~/ui/time";
import { addParticipant, createGroup, createSessionAt, nearNowToday } from "../../factories/attendance";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

/**
 * Figures and next-session times on the pages that list groups, read through the routes' loaders
 * on real PostgreSQL (the scenario's group meets on nine Tuesdays from s.firstSessionDate, three or
 * more weeks after the real today).
 */
let s: Scenario;
beforeAll(async () => {
  s = await createOrgScenario();
});

/** What a page shows for a next-session value: the `When` component's text. */
const shown = (at: unknown, zone = "America/Los_Angeles") => renderToStaticMarkup(createElement(When, { at: at as Date, zone }));
type Data = Record<string, unknown>;

describe("a group's next session", () => {
  it("is an instant on the public organisation page, My groups and a facilitator's 'Groups I lead'", async () => {
    const page = await callRoute(orgPageRoute, { path: `/o/${s.org.slug}`, params: { slug: s.org.slug } });
    const publicGroup = ((page.data as Data).groups as Data[]).find((g) => g.id === s.group.id)!;
    const mine = await callRoute(myGroupsRoute, { path: "/my/groups", cookie: s.participant.cookie });
    const myGroup = ((mine.data as Data).groups as Data[]).find((g) => g.groupId === s.group.id || g.id === s.group.id)!;
    const home = await callRoute(homeRoute, { path: "/home", cookie: s.facilitator.cookie });
    const leading = ((home.data as Data).leading as Data[]).find((g) => g.id === s.group.id)!;
    // The scenario's first Tuesday (three or more weeks ahead), 19:00 in New York; e.g. for
    // 2 March 2027: 2027-03-03T00:00:00.000Z, shown as "Tue, Mar 2, 2027, 4:00 PM PST".
    const first = DateTime.fromISO(`${s.firstSessionDate}T19:00`, { zone: "America/New_York" });
    const la = first.setZone("America/Los_Angeles").setLocale("en-US");
    expect(la.toFormat("ccc h:mm a")).toBe("Tue 4:00 PM");
    const inLosAngeles = la.toFormat("ccc, LLL d, yyyy, h:mm a ZZZZ");
    expect(inLosAngeles).toMatch(/ 4:00 PM P[SD]T$/);
    for (const next of [publicGroup.nextSession, myGroup.nextSession, leading.nextSession]) {
      expect(next).toBeInstanceOf(Date);
      expect((next as Date).toISOString()).toBe(first.toUTC().toISO()); // the first Tuesday, 19:00 in New York
      // Rendered without a signed-in viewer's preference: the default US style.
      expect(shown(next)).toContain(inLosAngeles);
    }
  });
});

describe("counts beside groups and sessions", () => {
  it("counts a program's groups on /programs and /home, and a group's taken seats on the program page", async () => {
    const full = await createGroup(s, { name: "Full class" });
    await db.update(groups).set({ capacity: 3 }).where(eq(groups.id, full.id));
    for (let i = 0; i < 3; i++) await addParticipant(s, full.id);
    const programs = await callRoute(programsRoute, { path: "/programs", cookie: s.manager.cookie });
    expect(((programs.data as Data).programs as Data[]).find((p) => p.id === s.program.id)!.groupCount).toBe(2);
    const home = await callRoute(homeRoute, { path: "/home", cookie: s.manager.cookie });
    expect(((home.data as Data).programs as Data[]).find((p) => p.id === s.program.id)!.groupCount).toBe(2);
    expect(((home.data as Data).counts as Data).groups).toBe(2);
    const program = await callRoute(programRoute, { path: `/programs/${s.program.id}`, params: { programId: s.program.id }, cookie: s.manager.cookie });
    const rows = (program.data as Data).groups as Data[];
    expect(rows.find((g) => g.id === full.id)).toMatchObject({ enrolled: 3, capacity: 3 });
    expect(rows.find((g) => g.id === s.group.id)).toMatchObject({ enrolled: 2, capacity: 10 });
  });

  it("counts attended, excused, absent and walk-ins per session on the group's attendance page", async () => {
    const dropIn = await createGroup(s, { kind: "drop_in", name: "Drop-in", facilitatorId: s.facilitator.id });
    const session = await createSessionAt(dropIn.id, s.org.id, new Date(Date.now() - 2 * 3_600_000));
    const marks: { status: "present" | "late" | "left_early" | "excused" | "absent"; walkIn: boolean }[] = [
      ...Array.from({ length: 5 }, () => ({ status: "present" as const, walkIn: false })),
      ...Array.from({ length: 3 }, () => ({ status: "present" as const, walkIn: true })),
      { status: "late", walkIn: false },
      { status: "left_early", walkIn: false },
      { status: "excused", walkIn: false },
      { status: "absent", walkIn: false },
    ];
    for (const m of marks) {
      const person = await addParticipant(s, dropIn.id, { enrol: !m.walkIn });
      await db.insert(attendanceRecords).values({ organizationId: s.org.id, sessionId: session.id, groupId: dropIn.id, userId: person.id, status: m.status, walkIn: m.walkIn, source: "roster" });
    }
    const page = await callRoute(groupAttendanceRoute, { path: `/groups/${dropIn.id}/attendance`, params: { groupId: dropIn.id }, cookie: s.facilitator.cookie });
    expect(page.status).toBe(200);
    const row = ((page.data as Data).sessions as Data[]).find((r) => r.id === session.id);
    expect(row).toMatchObject({ attended: 10, excused: 1, absent: 1, walkIns: 3 });
  });
});

describe("a manager's home", () => {
  it("lists the organisation's sessions today, also of groups the manager does not lead", async () => {
    // Starting in 5 minutes, or at the day's last moment when that would be tomorrow (a test run at 23:58).
    const session = await createSessionAt(s.group.id, s.org.id, nearNowToday(new Date(), s.manager.timezone, 5), { minutes: 30 });
    const home = await callRoute(homeRoute, { path: "/home", cookie: s.manager.cookie });
    expect(((home.data as Data).today as Data[]).map((t) => t.id)).toContain(session.id);
  });
});
