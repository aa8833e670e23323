import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { auditEvents, sessions } from "~/db/schema";
import { attendanceRecords } from "~/db/tables/attendance";
import { groupNotes, incidents } from "~/db/tables/records";
import { translatorFor } from "~/i18n/catalog";
import { csvHeaderIn } from "~/modules/export/csv";
import { REPORT_PAGE_ROWS } from "~/modules/records/queries.server";
import { reportCsv } from "~/modules/records/report";
import * as incidentLogPage from "~/routes/incidents._index";
import * as reportPage from "~/routes/metrics.records";
import * as csvRoute from "~/routes/metrics.records[.]csv";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

/**
 * Hostile review (dec 6, HN3): the service-records report listed at most 500 overdue group notes,
 * 500 open incidents and 200 notes signed in the last 30 days, and its CSV downloads were built
 * from the same lists — so the page and the file an auditor receives silently left out the rest.
 * Now each download holds every row and the page says how many of how many it lists.
 */
let s: Scenario;
const N = 520; // more than every old cap (500 / 500 / 200)
const HOUR = 3_600_000;
const dataRows = (csv: string, marker: string) => csv.split("\r\n").filter((line) => line.includes(marker)).length;

beforeAll(async () => {
  s = await createOrgScenario();
  const now = Date.now();
  // N sessions held with attendance 4 days and more ago, with no group note: all overdue.
  const overdue = await db
    .insert(sessions)
    .values(Array.from({ length: N }, (_, i) => ({ organizationId: s.org.id, groupId: s.group.id, startsAt: new Date(now - (97 + i) * HOUR), endsAt: new Date(now - (96 + i) * HOUR), status: "held" as const })))
    .returning({ id: sessions.id });
  await db
    .insert(attendanceRecords)
    .values(overdue.map((o) => ({ organizationId: s.org.id, sessionId: o.id, groupId: s.group.id, userId: s.participant.id, status: "present" as const, source: "roster" as const })));
  // N sessions in the last days whose group notes were signed, each with an open incident.
  const held = await db
    .insert(sessions)
    .values(Array.from({ length: N }, (_, i) => ({ organizationId: s.org.id, groupId: s.group.id, startsAt: new Date(now - 2 * HOUR - i * 60_000), endsAt: new Date(now - HOUR - i * 60_000), status: "held" as const })))
    .returning({ id: sessions.id });
  const notes = await db
    .insert(groupNotes)
    .values(held.map((h, i) => ({ organizationId: s.org.id, sessionId: h.id, groupId: s.group.id, authorId: s.facilitator.id, topic: `Signed-marker ${i}`, signedAt: new Date(now - i * 60_000), signedBy: s.facilitator.id })))
    .returning({ id: groupNotes.id, sessionId: groupNotes.sessionId });
  await db
    .insert(incidents)
    .values(notes.map((n, i) => ({ organizationId: s.org.id, groupNoteId: n.id, sessionId: n.sessionId, groupId: s.group.id, whatHappened: `Incident-marker ${i}`, reportedBy: s.facilitator.id, createdAt: new Date(now - i * 60_000) })));
}, 120_000);

describe("the service-records report stands for every row", () => {
  it(`each CSV download holds all ${N} rows (overdue notes, open incidents, notes signed in 30 days), audited with that count`, async () => {
    const overdue = await callRoute(csvRoute, { path: "/metrics/records.csv?table=overdue", cookie: s.manager.cookie });
    expect(overdue.status).toBe(200);
    expect(dataRows(overdue.data as string, s.group.name)).toBe(N);
    const open = await callRoute(csvRoute, { path: "/metrics/records.csv?table=incidents", cookie: s.manager.cookie });
    expect(dataRows(open.data as string, "Incident-marker")).toBe(N);
    const signed = await callRoute(csvRoute, { path: "/metrics/records.csv?table=signed", cookie: s.manager.cookie });
    expect(signed.status).toBe(200);
    expect(signed.headers?.get("content-disposition")).toMatch(/group-notes-signed-\d{4}-\d{2}-\d{2}\.csv/);
    expect(dataRows(signed.data as string, "Signed-marker")).toBe(N);
    expect((await callRoute(csvRoute, { path: "/metrics/records.csv?table=signed", cookie: s.facilitator.cookie })).status).toBe(403);
    const audited = await db.select({ after: auditEvents.after }).from(auditEvents).where(and(eq(auditEvents.organizationId, s.org.id), eq(auditEvents.action, "records.report_exported")));
    expect(audited).toHaveLength(3);
    expect(audited.map((a) => a.after)).toEqual(expect.arrayContaining([{ table: "overdue", rows: N }, { table: "incidents", rows: N }, { table: "signed", rows: N }]));
  });

  it("the new signed-notes CSV names its columns in Spanish for a Spanish reader", () => {
    const { header } = reportCsv("signed", { signed: [] }, "America/New_York", "es-US", "2026-12-06");
    expect(csvHeaderIn(header, "es-US")).toEqual(["Grupo", "Sesión (America/New_York)", "Tema", "Firmada (America/New_York)", "Firmada por", "Notas de progreso firmadas"]);
  });

  it("the page lists at most its length per table and carries how many there are, which it says in English and Spanish", async () => {
    const out = await callRoute(reportPage, { path: "/metrics/records", cookie: s.manager.cookie });
    expect(out.status).toBe(200);
    const d = out.data as { overdue: unknown[]; incidents: unknown[]; signed: unknown[]; totals: { overdue: number; incidents: number; signed: number } };
    expect([d.overdue.length, d.incidents.length, d.signed.length]).toEqual([REPORT_PAGE_ROWS.overdue, REPORT_PAGE_ROWS.incidents, REPORT_PAGE_ROWS.signed]);
    expect(d.totals).toEqual({ overdue: N, incidents: N, signed: N });
    const en = translatorFor("en-US");
    const es = translatorFor("es-US");
    expect(en("metrics.records.overdueCut", { shown: 500, total: N })).toBe("The table lists the 500 longest overdue of these 520; the CSV download holds every one.");
    expect(en("metrics.records.overdueIntro", { count: d.totals.overdue })).toContain("520 sessions");
    expect(es("metrics.records.signedCut", { shown: 200, total: N })).toBe("La tabla muestra las 200 firmadas más recientemente de estas 520; la descarga CSV las contiene todas.");
    expect(es("metrics.records.incidentsCut", { shown: 500, total: N })).toBe("La tabla muestra los 500 más recientes de estos 520; la descarga CSV los contiene todos.");
  });

  it("the incident log says how many it lists of how many", async () => {
    const out = await callRoute(incidentLogPage, { path: "/incidents?status=all", cookie: s.manager.cookie });
    const d = out.data as { incidents: unknown[]; total: number };
    expect(d.incidents).toHaveLength(REPORT_PAGE_ROWS.incidents);
    expect(d.total).toBe(N);
  });
});
