import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { auditEvents } from "~/db/schema";
import { recordIncident, saveGroupNote } from "~/modules/records/mutations.server";
import * as csvRoute from "~/routes/metrics.records[.]csv";
import * as reportPage from "~/routes/metrics.records";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";
import { createHeldSession } from "../../factories/voice";

let s: Scenario;
let foreign: Scenario;
const ids: Record<string, string> = {};
const note = { topic: "Unit 3", activities: "Role play", groupDynamics: "", followUps: "" };

beforeAll(async () => {
  [s, foreign] = await Promise.all([createOrgScenario(), createOrgScenario()]);
  const now = new Date();
  ids.missing = (await createHeldSession(s, now, 100)).id;
  ids.draft = (await createHeldSession(s, now, 90)).id;
  ids.signed = (await createHeldSession(s, now, 95)).id;
  ids.recent = (await createHeldSession(s, now, 10)).id;
  await saveGroupNote(s.facilitator, ids.draft, note, now);
  await saveGroupNote(s.facilitator, ids.signed, note, now, { sign: true });
  await recordIncident(
    s.facilitator,
    ids.recent,
    { whatHappened: "=HYPERLINK(\"x\") fell in the hallway", whoWasNotified: "Manager", actionDescription: "Fix the rug", actionOwnerId: s.manager.id, actionDueDate: "2020-01-01" },
    now,
  );
});

describe("the service-records report", () => {
  it("lists notes overdue (missing and draft, never signed or recent) and open incidents, for this organisation's managers", async () => {
    const out = await callRoute(reportPage, { path: "/metrics/records", cookie: s.manager.cookie });
    expect(out.status).toBe(200);
    const data = out.data as { overdue: { sessionId: string; state: string }[]; incidents: { actionsOpen: number }[] };
    expect(data.overdue.map((o) => [o.sessionId, o.state])).toEqual([
      [ids.missing, "missing"],
      [ids.draft, "draft"],
    ]);
    expect(data.incidents).toHaveLength(1);
    expect(data.incidents[0].actionsOpen).toBe(1);
    const theirs = await callRoute(reportPage, { path: "/metrics/records", cookie: foreign.manager.cookie });
    expect((theirs.data as typeof data).overdue).toEqual([]);
    expect((theirs.data as typeof data).incidents).toEqual([]);
    for (const who of [s.facilitator, s.participant]) expect((await callRoute(reportPage, { path: "/metrics/records", cookie: who.cookie })).status).toBe(403);
  });

  it("downloads each table through the shared CSV writer (formula neutralised, notice on incidents), audited", async () => {
    const overdue = await callRoute(csvRoute, { path: "/metrics/records.csv?table=overdue", cookie: s.manager.cookie });
    expect(overdue.status).toBe(200);
    expect(overdue.headers?.get("content-type")).toMatch(/text\/csv/);
    const body = String(overdue.data ?? "");
    expect(body.replace(/^\uFEFF/, "").startsWith("Group,Session (America/New_York),Note,Facilitators,Hours past due\r\n")).toBe(true);
    expect(body.split("\r\n").filter(Boolean)).toHaveLength(3);
    const incidents = String((await callRoute(csvRoute, { path: "/metrics/records.csv?table=incidents", cookie: s.manager.cookie })).data ?? "");
    expect(incidents).toContain("42 CFR 2.32");
    expect(incidents).toContain(`"'=HYPERLINK(""x"") fell in the hallway"`);
    expect(incidents).toMatch(/,2020-01-01,\d+\r\n$/);
    expect((await callRoute(csvRoute, { path: "/metrics/records.csv?table=people", cookie: s.manager.cookie })).status).toBe(404);
    expect((await callRoute(csvRoute, { path: "/metrics/records.csv?table=overdue", cookie: s.facilitator.cookie })).status).toBe(403);
    const audited = await db.select({ after: auditEvents.after }).from(auditEvents).where(eq(auditEvents.action, "records.report_exported"));
    expect(audited.map((a) => a.after)).toEqual(expect.arrayContaining([{ table: "overdue", rows: 2 }, { table: "incidents", rows: 1 }]));
  });
});
