import { and, eq } from "drizzle-orm";
import { PDFDocument } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { auditEvents, enrolments, groupFacilitators } from "~/db/schema";
import { attendanceRecords } from "~/db/tables/attendance";
import { completionCertificates, enrolmentOutcomes } from "~/db/tables/completion";
import { organizationLogos } from "~/db/tables/orgs";
import { certificateCode, codeHash } from "~/modules/completion/queries.server";
import * as certificateRoute from "~/routes/enrolments.$enrolmentId.certificate[.]pdf";
import * as groupCompletion from "~/routes/groups.$groupId.completion";
import * as verifyRoute from "~/routes/verify.$code";
import { addParticipant, createGroup, createSessionAt } from "../../factories/attendance";
import { pdfText } from "../../factories/pdf";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";

/** Certificates of completion: the PDF (parsed back), who downloads it, and the public verification page. */
let s: Scenario;
let foreign: Scenario;
const DAY = 86_400_000;
const today = () => new Date().toLocaleDateString("en-CA", { timeZone: "America/New_York" });

beforeAll(async () => {
  [s, foreign] = await Promise.all([createOrgScenario(), createOrgScenario()]);
});

async function completed(name: string) {
  const group = await createGroup(s, { name: `Group of ${name}`, facilitatorId: s.facilitator.id });
  const person = await addParticipant(s, group.id, { name });
  for (const d of [3, 2]) {
    const session = await createSessionAt(group.id, s.org.id, new Date(Date.now() - d * DAY), { status: "held", minutes: 90 });
    await db.insert(attendanceRecords).values({ organizationId: s.org.id, groupId: group.id, sessionId: session.id, userId: person.id, status: "present", source: "roster" });
  }
  const [enrolment] = await db.select({ id: enrolments.id }).from(enrolments).where(and(eq(enrolments.groupId, group.id), eq(enrolments.userId, person.id)));
  const out = await callRoute(groupCompletion, {
    path: `/groups/${group.id}/completion`,
    params: { groupId: group.id },
    cookie: s.manager.cookie,
    form: { intent: "outcome", enrolmentId: enrolment.id, outcome: "completed", endedOn: today() },
  });
  expect(out.status).toBe(302);
  const [outcome] = await db.select().from(enrolmentOutcomes).where(eq(enrolmentOutcomes.enrolmentId, enrolment.id));
  const [cert] = await db.select().from(completionCertificates).where(eq(completionCertificates.outcomeId, outcome.id));
  return { group, person, enrolmentId: enrolment.id, outcome, cert, code: certificateCode(cert.id) };
}

const download = (who: Person, enrolmentId: string) =>
  callRoute(certificateRoute, { path: `/enrolments/${enrolmentId}/certificate.pdf`, params: { enrolmentId }, cookie: who.cookie });
/** The PDF's bytes (callRoute reads bodies as text). */
async function pdfBytes(who: Person, enrolmentId: string) {
  const request = new Request(`http://test.local/enrolments/${enrolmentId}/certificate.pdf`, { headers: { cookie: who.cookie } });
  const response = (await certificateRoute.loader({ request, params: { enrolmentId }, context: {} })) as Response;
  return new Uint8Array(await response.arrayBuffer());
}
const verify = (code: string) => callRoute(verifyRoute, { path: `/verify/${code}`, params: { code } });

describe("the certificate PDF", () => {
  it("states the organisation, participant, program, dates and hours, and its verification code; only the code's hash is stored", async () => {
    const c = await completed("Zoë Nguyễn");
    expect(c.cert.codeHash).toBe(codeHash(c.code));
    expect(c.cert.codeHash).not.toContain(c.code.replace(/-/g, ""));
    const out = await download(c.person, c.enrolmentId);
    expect(out.status).toBe(200);
    expect(out.headers?.get("content-type")).toBe("application/pdf");
    const body = await pdfBytes(c.person, c.enrolmentId);
    const pdf = await PDFDocument.load(body);
    expect(pdf.getPageCount()).toBe(1);
    expect(pdf.getTitle()).toBe("Certificate of completion: Program");
    expect(pdf.getSubject()).toBe(`Zoë Nguyễn completed Program on ${today()}. Verification code ${c.code}.`);
    expect(pdf.getAuthor()).toBe(s.org.name);
    const text = Buffer.from(body).toString("latin1");
    expect(c.cert).toMatchObject({ participantName: "Zoë Nguyễn", programName: "Program", organizationName: s.org.name, completedOn: today(), hoursAttended: "3.0" });
    expect(text).not.toContain("Asia/"); // nothing but the certificate's facts
    // The participant's own download is not a disclosure; a manager's is, in the person's history.
    expect(await db.select().from(auditEvents).where(and(eq(auditEvents.action, "certificate.downloaded"), eq(auditEvents.subjectId, c.cert.id)))).toHaveLength(0);
    expect((await download(s.manager, c.enrolmentId)).status).toBe(200);
    expect((await download(s.facilitator, c.enrolmentId)).status).toBe(200);
    const events = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "certificate.downloaded"), eq(auditEvents.subjectId, c.cert.id)));
    expect(events.map((e) => e.actorUserId).sort()).toEqual([s.manager.id, s.facilitator.id].sort());
    expect(events.every((e) => e.subjectUserId === c.person.id)).toBe(true);
    const [issued] = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "certificate.issued"), eq(auditEvents.subjectId, c.cert.id)));
    expect(issued).toMatchObject({ actorUserId: s.manager.id, subjectUserId: c.person.id });
  });

  it("prints accented names as written (an embedded font covering Latin-1 and Latin Extended-A)", async () => {
    for (const name of ["José Núñez", "Zoë Łukasz-Dvořák"]) {
      const c = await completed(name);
      const text = await pdfText(await pdfBytes(c.person, c.enrolmentId));
      expect(text).toContain(name);
      expect(text).toContain("Certificate of completion");
      expect(text).toContain(c.code);
    }
  });

  it("carries the organisation's logo when it has one", async () => {
    const c = await completed("Logo Person");
    const withoutLogo = Buffer.from(await pdfBytes(c.person, c.enrolmentId)).toString("latin1");
    expect(withoutLogo).not.toContain("/Subtype /Image");
    const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");
    await db.insert(organizationLogos).values({ organizationId: s.org.id, contentType: "image/png", content: png, sizeBytes: png.length, uploadedAt: new Date() });
    try {
      const bytes = await pdfBytes(c.person, c.enrolmentId);
      expect(Buffer.from(bytes).toString("latin1")).toContain("/Subtype /Image");
      expect((await PDFDocument.load(bytes)).getPageCount()).toBe(1);
    } finally {
      await db.delete(organizationLogos).where(eq(organizationLogos.organizationId, s.org.id));
    }
  });

  it("is refused to other participants, other facilitators, a former facilitator and another organisation", async () => {
    const former = await createPerson(s.org, "facilitator");
    const c = await completed("Private Person");
    await db.insert(groupFacilitators).values({ groupId: c.group.id, userId: former.id, organizationId: s.org.id });
    await db.delete(groupFacilitators).where(and(eq(groupFacilitators.groupId, c.group.id), eq(groupFacilitators.userId, former.id)));
    for (const who of [s.participant, s.otherFacilitator, former]) expect({ who: who.name, status: (await download(who, c.enrolmentId)).status }).toEqual({ who: who.name, status: 403 });
    expect((await download(foreign.manager, c.enrolmentId)).status).toBe(404);
  });
});

describe("the public verification page", () => {
  it("confirms only what the certificate states; revoked and unknown codes get the same answer", async () => {
    const c = await completed("Verified Person");
    const valid = await verify(c.code.toLowerCase().replace(/-/g, " "));
    expect(valid.status).toBe(200);
    expect(valid.data).toEqual({
      verified: true,
      certificate: { participantName: "Verified Person", programName: "Program", completedOn: today(), organizationName: s.org.name },
      limited: null,
    });
    const unknown = await verify("ABCD-EFGH-JKMN-PQRS-TVWX");
    const junk = await verify("not a code at all");
    // Undoing the completion revokes the certificate.
    const undo = await callRoute(groupCompletion, { path: `/groups/${c.group.id}/completion`, params: { groupId: c.group.id }, cookie: s.manager.cookie, form: { intent: "undo-outcome", outcomeId: c.outcome.id } });
    expect(undo.status).toBe(302);
    const revoked = await verify(c.code);
    for (const answer of [unknown, junk, revoked]) {
      expect(answer.status).toBe(200);
      expect(answer.data).toEqual({ verified: false, certificate: null, limited: null });
    }
    expect((await download(c.person, c.enrolmentId)).status).toBe(404);
  });
});

describe("guessing codes", () => {
  it("is limited per address: past the hourly limit the page answers 429 and checks nothing", async () => {
    const c = await completed("Rate Limited");
    const from = async (ip: string, code: string) => {
      const request = new Request(`http://test.local/verify/${code}`, { headers: { "x-client-ip": ip } });
      const response = (await verifyRoute.loader({ request, params: { code }, context: {} })) as Response;
      return { status: response.status, data: await response.json() };
    };
    for (let i = 0; i < 60; i++) expect((await from("203.0.113.9", "ABCD-EFGH-JKMN-PQRS-TVWX")).status).toBe(200);
    const limited = await from("203.0.113.9", c.code);
    expect(limited.status).toBe(429);
    expect(limited.data).toMatchObject({ verified: false, certificate: null, limited: expect.stringContaining("certificate codes were checked") });
    expect((await from("198.51.100.7", c.code)).data).toMatchObject({ verified: true });
  });
});
