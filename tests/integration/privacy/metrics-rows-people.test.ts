import { and, eq } from "drizzle-orm";
import { DateTime } from "luxon";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { auditEvents } from "~/db/schema";
import { loadRows, type MetricsFilters } from "~/modules/metrics/queries.server";
import * as exportRoute from "~/routes/metrics.export[.]csv";
import * as myPrivacy from "~/routes/my.privacy";
import * as rowsRoute from "~/routes/metrics.rows";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";
import { createHeldSession } from "../../factories/voice";

/**
 * A drill-down names people: it says who (by id, not as a column), so the read can be recorded in
 * each named person's disclosure history.
 */
let s: Scenario;
let filters: MetricsFilters;

beforeAll(async () => {
  s = await createOrgScenario();
  await createHeldSession(s); // both enrolled participants marked present
  const today = DateTime.now().setZone("America/New_York");
  filters = {
    programId: null,
    groupId: null,
    facilitatorId: null,
    period: { from: today.minus({ days: 7 }).toISODate()!, to: today.plus({ days: 1 }).toISODate()!, label: "test", key: "custom" },
    by: "week",
  };
});

describe("drill-down rows and the people they name", () => {
  it("lists the participants named by attendance rows, without adding a column", async () => {
    const table = await loadRows(s.manager, filters, "unique_participants", new Date());
    expect(table.columns).toEqual(["Participant", "Sessions attended", "Hours"]);
    expect(table.rows.every((r) => r.length === 3)).toBe(true);
    expect(table.people.sort()).toEqual([s.participant.id, s.otherParticipant.id].sort());
    const marks = await loadRows(s.manager, filters, "attendance_rate", new Date());
    expect(marks.rows.every((r) => r.length === marks.columns.length)).toBe(true);
    expect(marks.people.sort()).toEqual([s.participant.id, s.otherParticipant.id].sort());
  });

  it("names nobody for figures about sessions", async () => {
    const table = await loadRows(s.manager, filters, "sessions_held", new Date());
    expect(table.rows.length).toBeGreaterThan(0);
    expect(table.people).toEqual([]);
  });
});

describe("the drill-down page and its CSV in each named person's disclosure history", () => {
  const query = () => `period=custom&from=${filters.period.from}&to=${filters.period.to}&by=week`;
  const eventsFor = (action: string, personId: string) =>
    db
      .select({ subjectId: auditEvents.subjectId })
      .from(auditEvents)
      .where(and(eq(auditEvents.organizationId, s.org.id), eq(auditEvents.action, action), eq(auditEvents.subjectUserId, personId), eq(auditEvents.actorUserId, s.manager.id)));

  it("viewing the rows records the read for each participant they name, and the page is not sent their ids", async () => {
    const out = await callRoute(rowsRoute, { path: `/metrics/rows?${query()}&metric=unique_participants`, cookie: s.manager.cookie });
    expect(out.status).toBe(200);
    const data = out.data as Awaited<ReturnType<typeof rowsRoute.loader>>;
    expect(data.table.rows).toHaveLength(2);
    expect("people" in data.table).toBe(false);
    expect(JSON.stringify(data)).not.toContain(s.participant.id);
    for (const person of [s.participant, s.otherParticipant]) expect(await eventsFor("metrics.rows_viewed", person.id)).toEqual([{ subjectId: "unique_participants" }]);
    const privacy = (await callRoute(myPrivacy, { path: "/my/privacy", cookie: s.participant.cookie })).data as Awaited<ReturnType<typeof myPrivacy.loader>>;
    expect(privacy.entries.find((e) => e.what === "A program figure listing your name")).toMatchObject({ kind: "viewed", who: s.manager.name });
  });

  it("downloading the rows records the export for each participant named; a summary names nobody", async () => {
    const out = await callRoute(exportRoute, { path: `/metrics/export.csv?${query()}&table=rows&metric=attendance_rate`, cookie: s.manager.cookie });
    expect(out.status).toBe(200);
    for (const person of [s.participant, s.otherParticipant]) expect(await eventsFor("metrics.exported", person.id)).toEqual([{ subjectId: "rows:attendance_rate" }]);
    const privacy = (await callRoute(myPrivacy, { path: "/my/privacy", cookie: s.otherParticipant.cookie })).data as Awaited<ReturnType<typeof myPrivacy.loader>>;
    expect(privacy.entries.find((e) => e.kind === "exported")).toMatchObject({ what: "A program figure listing your name, downloaded", who: s.manager.name });
    const summary = await callRoute(exportRoute, { path: `/metrics/export.csv?${query()}&table=summary`, cookie: s.manager.cookie });
    expect(summary.status).toBe(200);
    const [event] = await db
      .select({ person: auditEvents.subjectUserId })
      .from(auditEvents)
      .where(and(eq(auditEvents.organizationId, s.org.id), eq(auditEvents.action, "metrics.exported"), eq(auditEvents.subjectId, "summary")));
    expect(event.person).toBeNull();
  });
});
