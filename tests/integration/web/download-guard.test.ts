import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { db } from "~/db/client.server";
import { auditEvents, enrolments } from "~/db/schema";
import { informationReleases } from "~/db/tables/releases";
import { createFeed } from "~/modules/calendar/mutations.server";
import { createSessionAt } from "../../factories/attendance";
import { downloadRoutes, NOT_GUARDED } from "../../factories/download-routes";
import { rawRequest } from "../../factories/http";
import { createOrgScenario, type Scenario } from "../../factories/scenario";
import { startAppServer, type AppServer } from "../../setup/app-server";

/**
 * Hostile review dec6c #4 and #10, against the built app as production serves it: every download
 * route (read from app/routes, so a new export is covered by itself), spelled as the router still
 * serves it — plain, with a trailing slash, with the dot encoded, with the single-fetch ".data"
 * suffix — and started by another site, is refused and writes no audit or disclosure row; from
 * the app's own page it is not refused. And a single-fetch ".data" upload gets the same 5 MB
 * allowance as the plain post.
 */
let app: AppServer;
let s: Scenario;
const ids: Record<string, string> = {};

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");

beforeAll(async () => {
  app = await startAppServer();
  s = await createOrgScenario();
  ids.groupId = s.group.id;
  ids.sessionId = (await createSessionAt(s.group.id, s.org.id, new Date(Date.now() - 2 * 60 * 60_000), { status: "held" })).id;
  const [enrolment] = await db.select().from(enrolments).where(and(eq(enrolments.groupId, s.group.id), eq(enrolments.userId, s.participant.id)));
  ids.enrolmentId = enrolment.id;
  const today = new Date().toISOString().slice(0, 10);
  const [release] = await db
    .insert(informationReleases)
    .values({
      organizationId: s.org.id,
      userId: s.participant.id,
      programId: s.program.id,
      part2: true,
      recipientName: "Officer Dana Reyes",
      recipientContact: "dana@probation.example",
      purpose: "Court",
      shares: ["attendance_totals"],
      expiresOn: "2099-01-01",
      expiresAt: new Date("2099-01-02T00:00:00Z"),
      method: "paper",
      statement: "Paper release for the recovery program (42 CFR Part 2)",
      statementHash: "x".repeat(64),
      signedOn: today,
      recordedBy: s.manager.id,
      paperFileName: "signed.png",
      paperContentType: "image/png",
      paperContent: PNG,
      paperSizeBytes: PNG.byteLength,
    })
    .returning();
  ids.releaseId = release.id;
});
afterAll(async () => {
  await app?.stop();
});
afterEach((context) => {
  if (context.task.result?.state === "fail") console.log(app?.output().slice(-4000));
});

const auditCount = async () => (await db.select().from(auditEvents).where(eq(auditEvents.organizationId, s.org.id))).length;

/** The address with real ids where the scenario has them (so a download would be audited), any id otherwise. */
function address(pattern: string): string {
  return pattern.replace(/:(\w+)/g, (_, name: string) => ids[name] ?? randomUUID());
}

/** The spellings the router serves as the same route. */
function spellings(path: string): Record<string, string> {
  const last = path.lastIndexOf(".");
  const encoded =
    last > path.lastIndexOf("/")
      ? `${path.slice(0, last)}%2E${path.slice(last + 1)}`
      : `${path.slice(0, -1)}%${path.charCodeAt(path.length - 1).toString(16).toUpperCase()}`;
  return { plain: path, slash: `${path}/`, encoded, data: `${path}.data`, slashData: `${path}/.data` };
}

const cookieFor = (pattern: string) => (pattern.startsWith("/admin/") ? s.admin.cookie : s.manager.cookie);
const guarded = downloadRoutes().filter((r) => !(r.file in NOT_GUARDED));

describe("downloads another site starts are refused however the address is spelled (dec6c #4)", () => {
  it("covers the exports, the PDFs and the stored files", () => {
    expect(guarded.length).toBeGreaterThanOrEqual(20);
    expect(guarded.map((r) => r.pattern)).toEqual(expect.arrayContaining(["/referrals/export.csv", "/releases/:releaseId/scan", "/groups/:groupId/attendance.csv", "/sessions/:sessionId/calendar.ics"]));
  });

  it.each(guarded.map((r) => [r.pattern] as const))("%s: refused, nothing written", async (pattern) => {
    const before = await auditCount();
    const answers: Record<string, string> = {};
    for (const [name, path] of Object.entries(spellings(address(pattern)))) {
      const res = await rawRequest(app.baseUrl, {
        path,
        headers: { cookie: cookieFor(pattern), "sec-fetch-site": "cross-site", "sec-fetch-mode": "navigate", referer: "https://evil.example/page" },
      });
      answers[name] = `${res.status}${res.headers["content-disposition"] ? " attachment" : ""}`;
    }
    expect(answers).toEqual({ plain: "403", slash: "403", encoded: "403", data: "403", slashData: "403" });
    expect(await auditCount()).toBe(before);
  });

  it.each(guarded.map((r) => [r.pattern] as const))("%s: not refused from the app's own page", async (pattern) => {
    const res = await rawRequest(app.baseUrl, {
      path: address(pattern),
      headers: { cookie: cookieFor(pattern), "sec-fetch-site": "same-origin", referer: `${app.baseUrl}/` },
    });
    expect(res.body).not.toContain("started from another site");
    expect(res.status).not.toBe(403);
  });

  it("the release scan, the group's attendance and the referrals still download from the app's own pages (audited)", async () => {
    for (const pattern of ["/releases/:releaseId/scan", "/groups/:groupId/attendance.csv", "/referrals/export.csv", "/sessions/:sessionId/roster.csv"]) {
      const before = await auditCount();
      const res = await rawRequest(app.baseUrl, { path: address(pattern), headers: { cookie: s.manager.cookie, "sec-fetch-site": "same-origin" } });
      expect({ pattern, status: res.status, attachment: /^attachment/.test(String(res.headers["content-disposition"])) }).toEqual({ pattern, status: 200, attachment: true });
      if (pattern !== "/referrals/export.csv") expect(await auditCount()).toBeGreaterThan(before);
    }
  });
});

describe("calendar files", () => {
  it("a session's .ics another site started is refused; a calendar feed link still answers another site (calendar services subscribe to it)", async () => {
    const crossSite = { "sec-fetch-site": "cross-site", "sec-fetch-mode": "navigate", referer: "https://calendar.example/" };
    const one = await rawRequest(app.baseUrl, { path: `/sessions/${ids.sessionId}/calendar.ics`, headers: { cookie: s.participant.cookie, ...crossSite } });
    expect(one.status).toBe(403);
    expect(one.body).not.toContain("BEGIN:VCALENDAR");
    const own = await rawRequest(app.baseUrl, { path: `/sessions/${ids.sessionId}/calendar.ics`, headers: { cookie: s.participant.cookie, "sec-fetch-site": "same-origin" } });
    expect({ status: own.status, attachment: /^attachment/.test(String(own.headers["content-disposition"])), ics: own.body.includes("BEGIN:VCALENDAR") }).toEqual({ status: 200, attachment: true, ics: true });
    const token = await createFeed(s.participant, { groupId: null, discreet: true });
    for (const headers of [crossSite, {}]) {
      const feed = await rawRequest(app.baseUrl, { path: `/calendar/${token}.ics`, headers });
      expect({ status: feed.status, ics: feed.body.includes("BEGIN:VCALENDAR") }).toEqual({ status: 200, ics: true });
    }
  });
});

describe("a single-fetch upload gets the upload allowance (dec6c #10)", () => {
  /** A multipart post of about 2 MB, as Remix's <Form encType="multipart/form-data"> sends it with JavaScript on. */
  function bigUpload(field: string, megabytes = 2) {
    const boundary = "----gsboundary" + randomUUID().replace(/-/g, "");
    const file = Buffer.alloc(megabytes * 1024 * 1024, 0x41);
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="intent"\r\n\r\nnothing\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="scan.png"\r\nContent-Type: image/png\r\n\r\n`),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return { body, contentType: `multipart/form-data; boundary=${boundary}` };
  }

  it.each([
    ["/enrolments/:enrolmentId/letters", "scan"],
    ["/admin/organization", "logo"],
  ])("%s and its .data address accept a 2 MB file (the route answers, not the size limit)", async (pattern, field) => {
    const statuses: Record<string, number> = {};
    for (const suffix of ["", ".data"]) {
      const { body, contentType } = bigUpload(field);
      const res = await rawRequest(app.baseUrl, {
        path: address(pattern) + suffix,
        body,
        headers: { cookie: pattern.startsWith("/admin/") ? s.admin.cookie : s.manager.cookie, origin: app.baseUrl, "content-type": contentType },
      });
      statuses[suffix || "plain"] = res.status;
    }
    expect(statuses.plain).not.toBe(413);
    expect(statuses[".data"]).not.toBe(413);
  });

  it.each([
    ["/enrolments/:enrolmentId/letters", "file", "This file is larger than 5.0 MB"],
    ["/admin/organization", "logo", "larger than"],
  ])("%s: a 7 MB file is answered on its page with the message beside the field, not a bare 413", async (pattern, field, message) => {
    const releases = async () => (await db.select().from(informationReleases).where(eq(informationReleases.organizationId, s.org.id))).length;
    const before = await releases();
    for (const suffix of ["", ".data"]) {
      const { body, contentType } = bigUpload(field, 7);
      const res = await rawRequest(app.baseUrl, {
        path: address(pattern) + suffix,
        body,
        headers: { cookie: pattern.startsWith("/admin/") ? s.admin.cookie : s.manager.cookie, origin: app.baseUrl, "content-type": contentType },
      });
      expect({ suffix, status: res.status, message: res.body.includes(message) }).toEqual({ suffix, status: 400, message: true });
    }
    // Nothing recorded (the page itself, shown again with the message, is a view like any other).
    expect(await releases()).toBe(before);
  });
});
