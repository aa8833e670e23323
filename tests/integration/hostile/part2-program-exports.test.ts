import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { db } from "~/db/client.server";
import { groups } from "~/db/schema";
import { scopeHasSubstanceUseGroup } from "~/modules/consent/queries.server";
import { setPart2Program } from "~/modules/completion/mutations.server";
import * as attendanceCsv from "~/routes/groups.$groupId.attendance[.]csv";
import * as rosterCsv from "~/routes/sessions.$sessionId.roster[.]csv";
import * as sheetPage from "~/routes/sessions.$sessionId.sheet";
import * as intakeCsv from "~/routes/intake.export[.]csv";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";
import { createHeldSession } from "../../factories/voice";

/**
 * Hostile review (dec 5): a program the organisation marked as a 42 CFR Part 2 program
 * (/programs/:id/completion) is substance-use treatment whatever its groups are called. Its
 * letters carried the 2.32 notice, but its rosters, attendance exports, printed sign-in sheets and
 * every organisation-wide export decided by the group's kind alone (only "peer recovery group"),
 * so a Part 2 program run as workshops or support groups was exported without the notice.
 */
describe("42 CFR 2.32 notice for a program marked Part 2 whose groups are not 'peer recovery groups'", () => {
  let s: Scenario;
  let groupId: string;
  let sessionId: string;
  beforeAll(async () => {
    s = await createOrgScenario();
    // The scenario's own recovery group would put the notice on everything: make it a workshop,
    // in a program the manager marks as a Part 2 program (intensive outpatient, say).
    await db.update(groups).set({ kind: "workshop" }).where(eq(groups.id, s.group.id));
    groupId = s.group.id;
    const session = await createHeldSession(s, new Date(), 3);
    sessionId = session.id;
    await setPart2Program(s.manager, s.program.id, true);
  });

  it("the program's flag counts for every export decided by scopeHasSubstanceUseGroup (intake, referrals, plans, audit…)", async () => {
    expect(await scopeHasSubstanceUseGroup(s.org.id, {})).toBe(true);
    expect(await scopeHasSubstanceUseGroup(s.org.id, { groupId })).toBe(true);
    expect(await scopeHasSubstanceUseGroup(s.org.id, { programId: s.program.id })).toBe(true);
    const out = await callRoute(intakeCsv, { path: "/intake/export.csv", cookie: s.manager.cookie });
    expect(out.status).toBe(200);
    expect(String(out.data).split("\r\n")[0]).toContain("Notice (42 CFR 2.32)");
  });

  it("a session's roster CSV, the group's attendance CSV and the printed sign-in sheet carry the notice", async () => {
    const roster = await callRoute(rosterCsv, { path: `/sessions/${sessionId}/roster.csv`, params: { sessionId }, cookie: s.facilitator.cookie });
    expect(roster.status).toBe(200);
    expect(String(roster.data).split("\r\n")[0]).toContain("Notice (42 CFR 2.32)");
    const attendance = await callRoute(attendanceCsv, { path: `/groups/${groupId}/attendance.csv`, params: { groupId }, cookie: s.facilitator.cookie });
    expect(attendance.status).toBe(200);
    expect(String(attendance.data)).toContain("42 CFR 2.32");
    const sheet = await callRoute(sheetPage, { path: `/sessions/${sessionId}/sheet`, params: { sessionId }, cookie: s.facilitator.cookie });
    expect(sheet.status).toBe(200);
    expect((sheet.data as { substanceUse: boolean }).substanceUse).toBe(true);
  });

  it("a workshop in a program not marked Part 2, in an organisation without one, still has no notice", async () => {
    const t = await createOrgScenario();
    await db.update(groups).set({ kind: "workshop" }).where(eq(groups.id, t.group.id));
    const session = await createHeldSession(t, new Date(), 3);
    expect(await scopeHasSubstanceUseGroup(t.org.id, {})).toBe(false);
    const roster = await callRoute(rosterCsv, { path: `/sessions/${session.id}/roster.csv`, params: { sessionId: session.id }, cookie: t.facilitator.cookie });
    expect(roster.status).toBe(200);
    expect(String(roster.data)).not.toContain("42 CFR");
    const sheet = await callRoute(sheetPage, { path: `/sessions/${session.id}/sheet`, params: { sessionId: session.id }, cookie: t.facilitator.cookie });
    expect((sheet.data as { substanceUse: boolean }).substanceUse).toBe(false);
  });
});
