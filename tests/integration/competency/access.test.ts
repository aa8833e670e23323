import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { competencyEvidence, competencyItems, competencyObservations, competencySupervisors } from "~/db/tables/competency";
import * as evidenceRoute from "~/routes/competency.evidence.$evidenceId";
import * as items from "~/routes/competency.items";
import * as matrix from "~/routes/competency._index";
import * as matrixCsv from "~/routes/competency.matrix[.]csv";
import * as me from "~/routes/competency.me";
import * as observationsNew from "~/routes/competency.observations.new";
import * as recordPage from "~/routes/competency.records.$recordId";
import * as settings from "~/routes/competency.settings";
import * as supervisionLog from "~/routes/competency.supervision";
import { installFramework, makeCurrent, PDF_BYTES } from "../../factories/competency";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

/** Every competency route × every role, plus a manager and an admin of another organisation. */
type Who = "anonymous" | "participant" | "facilitator" | "otherFacilitator" | "manager" | "admin" | "foreignManager" | "foreignAdmin";
type Expect = Partial<Record<Who, number>>;

let s: Scenario;
let foreign: Scenario;
let framework: Awaited<ReturnType<typeof installFramework>>;
let recordId: string;
let evidenceId: string;

const managersOnly: Expect = { anonymous: 302, participant: 403, facilitator: 403, otherFacilitator: 403, manager: 200, admin: 200 };

const ROUTES: { name: string; route: Parameters<typeof callRoute>[0]; path: () => string; params: () => Record<string, string>; expect: Expect }[] = [
  { name: "matrix", route: matrix, path: () => "/competency", params: () => ({}), expect: { ...managersOnly, foreignManager: 200 } },
  { name: "matrix CSV", route: matrixCsv, path: () => "/competency/matrix.csv", params: () => ({}), expect: { ...managersOnly, foreignManager: 200 } },
  { name: "framework items", route: items, path: () => "/competency/items", params: () => ({}), expect: managersOnly },
  { name: "settings", route: settings, path: () => "/competency/settings", params: () => ({}), expect: managersOnly },
  {
    name: "my competencies",
    route: me,
    path: () => "/competency/me",
    params: () => ({}),
    expect: { anonymous: 302, participant: 403, facilitator: 200, otherFacilitator: 200, manager: 200, admin: 200 },
  },
  {
    name: "record page",
    route: recordPage,
    path: () => `/competency/records/${recordId}`,
    params: () => ({ recordId }),
    expect: { anonymous: 302, participant: 403, facilitator: 200, otherFacilitator: 404, manager: 200, admin: 200, foreignManager: 404, foreignAdmin: 404 },
  },
  {
    name: "uploaded evidence",
    route: evidenceRoute,
    path: () => `/competency/evidence/${evidenceId}`,
    params: () => ({ evidenceId }),
    expect: { anonymous: 302, participant: 403, facilitator: 200, otherFacilitator: 404, manager: 200, admin: 200, foreignManager: 404, foreignAdmin: 404 },
  },
  {
    name: "new observation",
    route: observationsNew,
    path: () => "/competency/observations/new",
    params: () => ({}),
    expect: { anonymous: 302, participant: 403, facilitator: 403, otherFacilitator: 403, manager: 200, admin: 200 },
  },
  {
    // Every staff member has a log (their own entries at least); another organisation's sees only its own (supervision.test.ts).
    name: "supervision log",
    route: supervisionLog,
    path: () => "/competency/supervision",
    params: () => ({}),
    expect: { anonymous: 302, participant: 403, facilitator: 200, otherFacilitator: 200, manager: 200, admin: 200, foreignManager: 200, foreignAdmin: 200 },
  },
];

function cookieFor(who: Who): string | undefined {
  if (who === "anonymous") return undefined;
  if (who === "foreignManager") return foreign.manager.cookie;
  if (who === "foreignAdmin") return foreign.admin.cookie;
  return s[who].cookie;
}

beforeAll(async () => {
  s = await createOrgScenario();
  foreign = await createOrgScenario();
  framework = await installFramework(s.org.id);
  await installFramework(foreign.org.id);
  const ids = await makeCurrent(s.org.id, s.facilitator.id, s.manager.id, { only: ["2.06-peer-cert"] });
  recordId = ids["2.06-peer-cert"];
  const [evidence] = await db
    .insert(competencyEvidence)
    .values({
      organizationId: s.org.id,
      recordId,
      kind: "upload",
      fileName: "cert.pdf",
      contentType: "application/pdf",
      sizeBytes: PDF_BYTES.byteLength,
      content: Buffer.from(PDF_BYTES),
      addedBy: s.facilitator.id,
    })
    .returning();
  evidenceId = evidence.id;
});

describe("competency loader access matrix", () => {
  const cases = ROUTES.flatMap((r) => Object.entries(r.expect).map(([who, status]) => ({ r, who: who as Who, status })));
  it.each(cases.map((c) => [c.r.name, c.who, c.status, c] as const))("%s as %s → %i", async (_n, who, status, c) => {
    const outcome = await callRoute(c.r.route, { path: c.r.path(), params: c.r.params(), cookie: cookieFor(who) });
    expect(outcome.status).toBe(status);
    if (status === 302) expect(outcome.location).toMatch(/^\/login\?redirectTo=/);
  });

  it("another organisation's matrix and CSV show none of our people", async () => {
    const page = await callRoute(matrix, { path: "/competency", cookie: foreign.manager.cookie });
    const rows = (page.data as { matrix: { rows: { person: { id: string } }[] } }).matrix.rows.map((r) => r.person.id);
    expect(rows).not.toContain(s.facilitator.id);
    const csv = await callRoute(matrixCsv, { path: "/competency/matrix.csv", cookie: foreign.manager.cookie });
    expect(csv.data as string).not.toContain(s.facilitator.email);
    const ours = await callRoute(matrixCsv, { path: "/competency/matrix.csv?kind=certification", cookie: s.manager.cookie });
    expect(ours.headers?.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(ours.data as string).toContain(`${s.facilitator.name},${s.facilitator.email},facilitator,2.06-peer-cert,Peer specialist certification,PA-CSE 2.06,certification,yes,`);
  });

  it("another organisation's manager cannot see our facilitator's sessions on the observation form", async () => {
    const out = await callRoute(observationsNew, { path: `/competency/observations/new?facilitatorId=${s.facilitator.id}`, cookie: foreign.manager.cookie });
    expect(out.status).toBe(200);
    expect((out.data as { chosen: string | null; sessions: unknown[] }).chosen).toBeNull();
    expect((out.data as { sessions: unknown[] }).sessions).toEqual([]);
  });
});

describe("competency actions are guarded like their loaders", () => {
  it("only managers open records from the matrix; another organisation gets 404", async () => {
    const form = { userId: s.otherFacilitator.id, itemId: framework["2.04-engage"].id };
    expect((await callRoute(matrix, { path: "/competency?index", cookie: s.facilitator.cookie, form })).status).toBe(403);
    expect((await callRoute(matrix, { path: "/competency?index", cookie: foreign.manager.cookie, form })).status).toBe(404);
  });

  it("only an administrator changes the framework", async () => {
    const form = { intent: "create", code: "first-aid", name: "First aid", kind: "certification", "acceptedEvidence[]": ["upload"] };
    expect((await callRoute(items, { path: "/competency/items", cookie: s.manager.cookie, form })).status).toBe(403);
    expect((await callRoute(items, { path: "/competency/items", cookie: s.facilitator.cookie, form })).status).toBe(403);
    expect((await callRoute(items, { path: "/competency/items", cookie: s.admin.cookie, form })).status).toBe(200);
    const again = await callRoute(items, { path: "/competency/items", cookie: s.admin.cookie, form });
    expect(again.status).toBe(400);
    expect((again.data as { errors: Record<string, string[]> }).errors.code[0]).toMatch(/already uses this code/);
    const bad = await callRoute(items, { path: "/competency/items", cookie: s.admin.cookie, form: { intent: "create", code: "x y", name: "", kind: "nope", validityMonths: "0" } });
    expect(Object.keys((bad.data as { errors: Record<string, string[]> }).errors).sort()).toEqual(["acceptedEvidence", "code", "kind", "name", "validityMonths"]);
    const archive = await callRoute(items, { path: "/competency/items", cookie: foreign.admin.cookie, form: { intent: "archive", itemId: framework["2.04-engage"].id } });
    expect(archive.status).toBe(404);
    const [item] = await db.select().from(competencyItems).where(eq(competencyItems.id, framework["2.04-engage"].id));
    expect(item.archivedAt).toBeNull();
  });

  it("settings: facilitators are refused and another organisation's staff cannot be named", async () => {
    const form = { intent: "supervisor", facilitatorId: s.facilitator.id, supervisorId: s.otherFacilitator.id };
    expect((await callRoute(settings, { path: "/competency/settings", cookie: s.facilitator.cookie, form })).status).toBe(403);
    const cross = await callRoute(settings, { path: "/competency/settings", cookie: foreign.manager.cookie, form });
    expect(cross.status).toBe(400);
    expect(await db.select().from(competencySupervisors).where(eq(competencySupervisors.facilitatorId, s.facilitator.id))).toHaveLength(0);
    const limits = await callRoute(settings, { path: "/competency/settings", cookie: s.manager.cookie, form: { intent: "limits", maxGroupsPerFacilitator: "-2" } });
    expect((limits.data as { errors: Record<string, string[]> }).errors.maxGroupsPerFacilitator[0]).toMatch(/whole number from 1/);
  });

  it("observations: participants and non-supervisors are refused; another organisation records nothing", async () => {
    const form = { facilitatorId: s.facilitator.id, sessionId: "00000000-0000-0000-0000-000000000000", [`rating-${framework["2.04-engage"].id}`]: "3" };
    expect((await callRoute(observationsNew, { path: "/competency/observations/new", cookie: s.participant.cookie, form })).status).toBe(403);
    expect((await callRoute(observationsNew, { path: "/competency/observations/new", cookie: s.otherFacilitator.cookie, form })).status).toBe(403);
    const cross = await callRoute(observationsNew, { path: "/competency/observations/new", cookie: foreign.manager.cookie, form });
    expect(cross.status).toBe(400);
    expect(await db.select().from(competencyObservations).where(eq(competencyObservations.facilitatorId, s.facilitator.id))).toHaveLength(0);
  });

  it("record actions: participants 403, other facilitators and organisations 404", async () => {
    const post = (cookie: string) => callRoute(recordPage, { path: `/competency/records/${recordId}`, params: { recordId }, cookie, form: { intent: "note", note: "x" } });
    expect((await post(s.participant.cookie)).status).toBe(403);
    expect((await post(s.otherFacilitator.cookie)).status).toBe(404);
    expect((await post(foreign.manager.cookie)).status).toBe(404);
    const notes = await db.select().from(competencyEvidence).where(and(eq(competencyEvidence.recordId, recordId), eq(competencyEvidence.kind, "note")));
    expect(notes.map((n) => n.note)).not.toContain("x");
  });

  it("my page: participants 403; another organisation's item is 404", async () => {
    expect((await callRoute(me, { path: "/competency/me", cookie: s.participant.cookie, form: { itemId: framework["2.04-engage"].id } })).status).toBe(403);
    const foreignItem = (await installFramework(foreign.org.id))["2.04-engage"].id;
    expect((await callRoute(me, { path: "/competency/me", cookie: s.facilitator.cookie, form: { itemId: foreignItem } })).status).toBe(404);
  });
});
