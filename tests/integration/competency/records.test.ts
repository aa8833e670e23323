import { and, eq, gt } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { auditEvents, sessions } from "~/db/schema";
import { competencyEvidence, competencyRecords } from "~/db/tables/competency";
import { todayInZone } from "~/modules/competency/expiry";
import * as evidenceRoute from "~/routes/competency.evidence.$evidenceId";
import * as matrix from "~/routes/competency._index";
import * as me from "~/routes/competency.me";
import * as observationsNew from "~/routes/competency.observations.new";
import * as recordPage from "~/routes/competency.records.$recordId";
import * as settings from "~/routes/competency.settings";
import { installFramework, PDF_BYTES, PNG_BYTES, postMultipart, recordOf } from "../../factories/competency";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";

let s: Scenario;
let foreign: Scenario;
let items: Awaited<ReturnType<typeof installFramework>>;
let pastSessionId: string;
let pastSessionDay: string;
let futureSessionId: string;
let stranger: Person; // a facilitator of the same organisation who supervises nobody

const recordAction = (recordId: string, cookie: string | undefined, form: Record<string, string>) =>
  callRoute(recordPage, { path: `/competency/records/${recordId}`, params: { recordId }, cookie, form });
const errorsOf = (out: { data?: unknown }) => (out.data as { errors: Record<string, string[]> }).errors;

async function openAsManager(userId: string, code: string) {
  const out = await callRoute(matrix, { path: "/competency?index", cookie: s.manager.cookie, form: { userId, itemId: items[code].id } });
  expect(out.status).toBe(302);
  return out.location!.split("/").pop()!;
}

beforeAll(async () => {
  s = await createOrgScenario();
  foreign = await createOrgScenario();
  items = await installFramework(s.org.id);
  await installFramework(foreign.org.id);
  stranger = await createPerson(s.org, "facilitator");
  const now = Date.now();
  const [past] = await db
    .insert(sessions)
    .values({ organizationId: s.org.id, groupId: s.group.id, startsAt: new Date(now - 2 * 86_400_000), endsAt: new Date(now - 2 * 86_400_000 + 3_600_000), status: "held" })
    .returning();
  pastSessionId = past.id;
  pastSessionDay = todayInZone(past.startsAt, "America/New_York");
  const [future] = await db
    .select({ id: sessions.id })
    .from(sessions)
    .where(and(eq(sessions.groupId, s.group.id), gt(sessions.startsAt, new Date(now))))
    .limit(1);
  futureSessionId = future.id;
});

describe("observations and verification", () => {
  it("a supervisor's rating of 3 or more counts as demonstration, linked to the session", async () => {
    const form = {
      facilitatorId: s.facilitator.id,
      sessionId: pastSessionId,
      notes: "Observed the full session.",
      [`rating-${items["2.04-engage"].id}`]: "4",
      [`note-${items["2.04-engage"].id}`]: "Drew in quieter members.",
      [`rating-${items["2.04-dynamics"].id}`]: "2",
      [`rating-${items["2.04-discussion"].id}`]: "",
    };
    const out = await callRoute(observationsNew, { path: "/competency/observations/new", cookie: s.manager.cookie, form });
    expect(out.status).toBe(302);
    expect(out.location).toContain("saved=1");
    const engage = await recordOf(s.facilitator.id, items["2.04-engage"].id);
    expect(engage).toEqual(expect.objectContaining({ status: "demonstrated", achievedOn: pastSessionDay, assessedBy: s.manager.id, verifiedBy: null }));
    expect(engage!.expiresOn).toBe(`${Number(pastSessionDay.slice(0, 4)) + 2}${pastSessionDay.slice(4)}`);
    const dynamics = await recordOf(s.facilitator.id, items["2.04-dynamics"].id);
    expect(dynamics?.status).toBe("in_progress");
    expect(await recordOf(s.facilitator.id, items["2.04-discussion"].id)).toBeNull();
    const evidence = await db.select().from(competencyEvidence).where(eq(competencyEvidence.recordId, engage!.id));
    expect(evidence).toEqual([expect.objectContaining({ kind: "observation", note: expect.stringContaining("rated 4 of 4. Drew in quieter members.") })]);
  });

  it("refuses a session that has not happened, and nobody observes themself", async () => {
    const rating = { [`rating-${items["2.04-engage"].id}`]: "3" };
    const future = await callRoute(observationsNew, {
      path: "/competency/observations/new",
      cookie: s.manager.cookie,
      form: { facilitatorId: s.facilitator.id, sessionId: futureSessionId, ...rating },
    });
    expect(future.status).toBe(400);
    expect(errorsOf(future).sessionId[0]).toMatch(/not started yet/);
    const self = await callRoute(observationsNew, {
      path: "/competency/observations/new",
      cookie: s.manager.cookie,
      form: { facilitatorId: s.manager.id, sessionId: pastSessionId, ...rating },
    });
    expect(self.status).toBe(400);
    expect(errorsOf(self).facilitatorId[0]).toMatch(/cannot observe yourself/);
  });

  it("a facilitator cannot verify their own record, and the database refuses it too", async () => {
    const engage = await recordOf(s.facilitator.id, items["2.04-engage"].id);
    const out = await recordAction(engage!.id, s.facilitator.cookie, { intent: "verify" });
    expect(out.status).toBe(400);
    expect(errorsOf(out)._form[0]).toMatch(/cannot verify your own record/);
    expect((await recordOf(s.facilitator.id, items["2.04-engage"].id))?.status).toBe("demonstrated");
    await expect(
      db.update(competencyRecords).set({ status: "verified", verifiedBy: s.facilitator.id }).where(eq(competencyRecords.id, engage!.id)),
    ).rejects.toThrow();
  });

  it("a manager verifies; the record becomes current and the verification is audited", async () => {
    const engage = await recordOf(s.facilitator.id, items["2.04-engage"].id);
    const out = await recordAction(engage!.id, s.manager.cookie, { intent: "verify" });
    expect(out.status).toBe(200);
    expect(await recordOf(s.facilitator.id, items["2.04-engage"].id)).toEqual(expect.objectContaining({ status: "verified", verifiedBy: s.manager.id }));
    const audit = await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, engage!.id), eq(auditEvents.action, "competency.record.verify")));
    expect(audit).toHaveLength(1);
  });

  it("a facilitator named as supervisor may observe and verify their supervisee, but no one else's", async () => {
    const set = await callRoute(settings, {
      path: "/competency/settings",
      cookie: s.manager.cookie,
      form: { intent: "supervisor", facilitatorId: s.facilitator.id, supervisorId: s.otherFacilitator.id },
    });
    expect(set.status).toBe(200);
    const page = await callRoute(observationsNew, { path: `/competency/observations/new?facilitatorId=${s.facilitator.id}`, cookie: s.otherFacilitator.cookie });
    expect(page.status).toBe(200);
    expect((page.data as { facilitators: { id: string }[] }).facilitators.map((f) => f.id)).toEqual([s.facilitator.id]);
    const recordId = await openAsManager(s.facilitator.id, "2.03-trauma");
    const assess = await recordAction(recordId, s.otherFacilitator.cookie, { intent: "assess", status: "demonstrated", achievedOn: pastSessionDay, assessNote: "County course certificate seen." });
    expect(assess.status).toBe(200);
    expect((await recordAction(recordId, s.otherFacilitator.cookie, { intent: "verify" })).status).toBe(200);
    // A facilitator who supervises nobody: no observation page, and others' records do not exist for them.
    expect((await callRoute(observationsNew, { path: "/competency/observations/new", cookie: stranger.cookie })).status).toBe(403);
    expect((await callRoute(recordPage, { path: `/competency/records/${recordId}`, params: { recordId }, cookie: stranger.cookie })).status).toBe(404);
    expect((await recordAction(recordId, stranger.cookie, { intent: "return", reason: "Not mine to judge" })).status).toBe(404);
  });

  it("verification needs accepted evidence and a demonstrated record", async () => {
    const recordId = await openAsManager(s.facilitator.id, "2.06-peer-cert");
    expect(errorsOf(await recordAction(recordId, s.manager.cookie, { intent: "verify" }))._form[0]).toMatch(/Only a demonstrated record/);
    await recordAction(recordId, s.manager.cookie, { intent: "assess", status: "demonstrated", achievedOn: pastSessionDay, assessNote: "Says it is in the post." });
    const out = await recordAction(recordId, s.manager.cookie, { intent: "verify" });
    expect(out.status).toBe(400);
    expect(errorsOf(out)._form[0]).toMatch(/Add evidence first: this item accepts an uploaded certificate/);
  });

  it("checks the date achieved", async () => {
    const recordId = await openAsManager(s.facilitator.id, "2.03-suicide");
    const missing = await recordAction(recordId, s.manager.cookie, { intent: "assess", status: "demonstrated", achievedOn: "" });
    expect(errorsOf(missing).achievedOn[0]).toMatch(/Enter the date/);
    const future = await recordAction(recordId, s.manager.cookie, { intent: "assess", status: "demonstrated", achievedOn: "2999-01-01" });
    expect(errorsOf(future).achievedOn[0]).toMatch(/future/);
    const stale = await recordAction(recordId, s.manager.cookie, { intent: "assess", status: "demonstrated", achievedOn: "2015-01-01" });
    expect(errorsOf(stale).achievedOn[0]).toMatch(/already have expired on 2016-01-01/);
    const junk = await recordAction(recordId, s.manager.cookie, { intent: "assess", status: "demonstrated", achievedOn: "31/01/2026" });
    expect(errorsOf(junk).achievedOn[0]).toMatch(/real date/);
    expect((await recordOf(s.facilitator.id, items["2.03-suicide"].id))?.status).toBe("not_started");
  });
});

describe("uploaded certificates", () => {
  let recordId: string;
  let evidenceId: string;

  beforeAll(async () => {
    const out = await callRoute(me, { path: "/competency/me", cookie: s.facilitator.cookie, form: { itemId: items["2.07-ethics"].id } });
    expect(out.status).toBe(302);
    recordId = out.location!.split("/").pop()!;
  });

  const upload = (cookie: string, file?: { name: string; type: string; bytes: Uint8Array }) =>
    postMultipart(recordPage, { path: `/competency/records/${recordId}`, params: { recordId }, cookie, file: file && { field: "certificate", ...file } });
  const uploads = async () => db.select().from(competencyEvidence).where(and(eq(competencyEvidence.recordId, recordId), eq(competencyEvidence.kind, "upload")));

  it("rejects a file whose content is not PDF, PNG or JPEG, whatever it claims", async () => {
    const out = await upload(s.facilitator.cookie, { name: "certificate.pdf", type: "application/pdf", bytes: new TextEncoder().encode("<html><script>alert(1)</script></html>") });
    expect(out.status).toBe(400);
    expect(errorsOf(out).certificate[0]).toMatch(/Upload a PDF, PNG or JPEG file/);
    expect(await uploads()).toHaveLength(0);
  });

  it("rejects a file over 5 MB with a clear message, not a crash", async () => {
    const big = new Uint8Array(5 * 1024 * 1024 + 10);
    big.set(PDF_BYTES);
    const out = await upload(s.facilitator.cookie, { name: "scan.pdf", type: "application/pdf", bytes: big });
    expect(out.status).toBe(400);
    expect(errorsOf(out).certificate[0]).toMatch(/larger than 5\.0 MB/);
    expect(await uploads()).toHaveLength(0);
  });

  it("asks for a file when none is chosen", async () => {
    const out = await upload(s.facilitator.cookie);
    expect(out.status).toBe(400);
    expect(errorsOf(out).certificate[0]).toMatch(/Choose a file/);
  });

  it("refuses uploads on items that do not accept them", async () => {
    const engage = await recordOf(s.facilitator.id, items["2.04-engage"].id);
    const out = await postMultipart(recordPage, {
      path: `/competency/records/${engage!.id}`,
      params: { recordId: engage!.id },
      cookie: s.facilitator.cookie,
      file: { field: "certificate", name: "x.png", type: "image/png", bytes: PNG_BYTES },
    });
    expect(out.status).toBe(400);
    expect(errorsOf(out).certificate[0]).toMatch(/does not accept uploaded certificates/);
  });

  it("answers odd or malformed multipart bodies (quotes in file names, no boundary) with a 400, never a 500", async () => {
    const engage = await recordOf(s.facilitator.id, items["2.04-engage"].id);
    const part = (disposition: string) => `--XX\r\nContent-Disposition: form-data; name="certificate"; ${disposition}\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 x\r\n--XX--\r\n`;
    const bodies: [string, string][] = [
      ["multipart/form-data; boundary=XX", part('filename="my "best" cert.pdf"')],
      ["multipart/form-data; boundary=XX", part('filename="trailing\\"')],
      ["multipart/form-data; boundary=XX", part("filename=\"unterminated.pdf")],
      ["multipart/form-data", "garbage"],
      ["multipart/form-data; boundary=XX", "--XX\r\nnot a header\r\n"],
    ];
    for (const [type, body] of bodies) {
      const request = new Request(`http://test.local/competency/records/${engage!.id}`, {
        method: "POST",
        headers: { origin: "http://test.local", cookie: s.facilitator.cookie, "content-type": type },
        body,
      });
      let status: number;
      try {
        const result = await recordPage.action({ request, params: { recordId: engage!.id }, context: {} } as never);
        status = result instanceof Response ? result.status : 200;
      } catch (thrown) {
        if (!(thrown instanceof Response)) throw thrown;
        status = thrown.status;
      }
      expect(status, body).toBe(400);
    }
  });

  it("stores a real PDF with its checked type and a safe name", async () => {
    const out = await upload(s.facilitator.cookie, { name: "../Peer training (2026).pdf", type: "application/octet-stream", bytes: PDF_BYTES });
    expect(out.status).toBe(200);
    const [row] = await uploads();
    expect(row).toEqual(expect.objectContaining({ contentType: "application/pdf", fileName: "Peer-training-2026.pdf", sizeBytes: PDF_BYTES.byteLength }));
    evidenceId = row.id;
  });

  it("serves it to the holder, their supervisor and managers, and audits each read", async () => {
    for (const who of [s.facilitator, s.otherFacilitator, s.manager, s.admin]) {
      const out = await callRoute(evidenceRoute, { path: `/competency/evidence/${evidenceId}`, params: { evidenceId }, cookie: who.cookie });
      expect(out.status).toBe(200);
      expect(out.headers?.get("content-type")).toBe("application/pdf");
      expect(out.headers?.get("content-disposition")).toBe('attachment; filename="Peer-training-2026.pdf"');
      expect(out.headers?.get("x-content-type-options")).toBe("nosniff");
      expect(out.data).toBe(new TextDecoder().decode(PDF_BYTES));
    }
    const reads = await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, evidenceId), eq(auditEvents.action, "competency.evidence.read")));
    expect(reads).toHaveLength(4);
  });

  it("is not served to participants, other facilitators or other organisations", async () => {
    const get = (cookie?: string) => callRoute(evidenceRoute, { path: `/competency/evidence/${evidenceId}`, params: { evidenceId }, cookie });
    expect((await get(s.participant.cookie)).status).toBe(403);
    expect((await get(stranger.cookie)).status).toBe(404);
    expect((await get(foreign.manager.cookie)).status).toBe(404);
    expect((await get(foreign.admin.cookie)).status).toBe(404);
    expect((await get(undefined)).status).toBe(302);
  });

  it("other organisations cannot upload to or act on the record either", async () => {
    const out = await upload(foreign.manager.cookie, { name: "x.pdf", type: "application/pdf", bytes: PDF_BYTES });
    expect(out.status).toBe(404);
    expect((await recordAction(recordId, foreign.manager.cookie, { intent: "note", note: "hello" })).status).toBe(404);
    expect(await uploads()).toHaveLength(1);
  });
});
