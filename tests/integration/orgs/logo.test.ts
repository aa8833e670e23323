import { crc32 } from "node:zlib";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { auditEvents, organizations } from "~/db/schema";
import { organizationLogos } from "~/db/tables/orgs";
import * as root from "~/root";
import * as detailsPage from "~/routes/admin.organization";
import * as logoRoute from "~/routes/o.$slug.logo";
import * as publicPage from "~/routes/o.$slug._index";
import * as crisisPage from "~/routes/o.$slug.crisis";
import { postMultipart } from "../../factories/competency";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

let s: Scenario;
let foreign: Scenario;

/** A real 1×1 PNG and a real 16×16 JPEG (the logo is read as an image, not only by its first bytes). */
const PNG = Uint8Array.from(
  Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64"),
);
const JPEG = Uint8Array.from(
  Buffer.from(
    "/9j/4AAQSkZJRgABAQEAAQABAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8QEBEQCgwSExIQEw8QEBD/2wBDAQMDAwQDBAgEBAgQCwkLEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBD/wAARCAAQABADASIAAhEBAxEB/8QAFgABAQEAAAAAAAAAAAAAAAAABwQF/8QAJBAAAQQBBAICAwAAAAAAAAAAAQIDBAYFBwgSExEiABQJMTL/xAAVAQEBAAAAAAAAAAAAAAAAAAAABv/EACMRAAECBQMFAAAAAAAAAAAAAAECEQMEBQYhABIxFRZhgeH/2gAMAwEAAhEDEQA/ABSm0mobc8HmExLUlRzzEWPkJWW+ulrsaUVAseUgslSlH9LKuPryIKuWPZdskzXmm3fX5m2nF4GlVxx/HOpx4ks51+MiU/Iaad7UcUo4tILoS4kqcWkezS0hO/HvuRp0rO6hWnWO1UisZVuFi4GFeyEpmGepa5S5SWVPuciFKRFLgSrwetnyPIB+Vb4N9mKhQMzo5po9XLdDs9d6ZVix2VEhiL9kuNPxw2gEKcDQ/rs8AuA8VAe0vdl7VOYn+27flGAUgmITjbhSmCg3BYlyeWDkMolvw4KOp1KM6iCNvngZHwetf//Z",
    "base64",
  ),
);
const SVG = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
const PDF = new TextEncoder().encode("%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n");

const upload = (cookie: string | undefined, file?: { name: string; type: string; bytes: Uint8Array }) =>
  postMultipart(detailsPage, { path: "/admin/organization", cookie: cookie ?? "", file: file && { field: "logo", ...file } });
const logoRow = async (orgId = s.org.id) => (await db.select().from(organizationLogos).where(eq(organizationLogos.organizationId, orgId)))[0];
const orgRow = async (orgId = s.org.id) => (await db.select().from(organizations).where(eq(organizations.id, orgId)))[0];
const logoAudits = async (orgId = s.org.id) =>
  (await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, orgId), eq(auditEvents.action, "organization.update"))).orderBy(auditEvents.id)).filter(
    (e) => e.after && typeof e.after === "object" && "logo" in (e.after as object),
  );
const errorsOf = (out: { data?: unknown }) => (out.data as { errors: Record<string, string[]> }).errors;
const headerLogo = async (cookie: string) => ((await callRoute(root, { path: "/home", cookie })).data as Awaited<ReturnType<typeof root.loader>>).user?.organizationLogoUrl;

beforeAll(async () => {
  [s, foreign] = await Promise.all([createOrgScenario(), createOrgScenario()]);
});

describe("the organisation's logo", () => {
  it("refuses SVG, PDF and files that only claim to be images, with a message beside the field, storing nothing", async () => {
    for (const file of [
      { name: "logo.svg", type: "image/svg+xml", bytes: SVG },
      { name: "logo.png", type: "image/png", bytes: SVG },
      { name: "logo.png", type: "image/png", bytes: PDF },
    ]) {
      const out = await upload(s.admin.cookie, file);
      expect(out.status, file.name).toBe(400);
      expect(errorsOf(out).logo[0]).toMatch(/PNG or JPEG image/);
    }
    expect(await logoRow()).toBeUndefined();
    expect((await orgRow()).logoUpdatedAt).toBeNull();
    expect(await logoAudits()).toHaveLength(0);
  });

  it("refuses a PNG that only starts like one, or declares 60000 × 60000 pixels, and stores nothing", async () => {
    const polyglot = Uint8Array.from(Buffer.concat([Buffer.from(PNG.subarray(0, 8)), Buffer.from("<html><script>alert(1)</script></html>")]));
    const huge = Buffer.from(PNG);
    huge.writeUInt32BE(60000, 16);
    huge.writeUInt32BE(60000, 20);
    huge.writeUInt32BE(crc32(huge.subarray(12, 29)), 29);
    for (const [bytes, message] of [
      [polyglot, /damaged or incomplete/],
      [Uint8Array.from(huge), /60000 × 60000 pixels/],
    ] as const) {
      const out = await upload(s.admin.cookie, { name: "logo.png", type: "image/png", bytes });
      expect(out.status).toBe(400);
      expect(errorsOf(out).logo[0]).toMatch(message);
    }
    expect(await logoRow()).toBeUndefined();
  });

  it("refuses an image over 512 KB and an empty choice, clearly", async () => {
    const big = new Uint8Array(512 * 1024 + 1);
    big.set(PNG);
    const tooBig = await upload(s.admin.cookie, { name: "huge.png", type: "image/png", bytes: big });
    expect(tooBig.status).toBe(400);
    expect(errorsOf(tooBig).logo[0]).toMatch(/larger than 512 KB/);
    const none = await upload(s.admin.cookie);
    expect(none.status).toBe(400);
    expect(errorsOf(none).logo[0]).toMatch(/Choose an image file/);
    expect(await logoRow()).toBeUndefined();
  });

  it("only the organisation's administrator sets it: other roles are refused, another organisation's admin changes only their own", async () => {
    for (const cookie of [s.manager.cookie, s.facilitator.cookie, s.participant.cookie]) {
      expect((await upload(cookie, { name: "logo.png", type: "image/png", bytes: PNG })).status).toBe(403);
    }
    expect((await upload(undefined, { name: "logo.png", type: "image/png", bytes: PNG })).status).toBe(302);
    expect(await logoRow()).toBeUndefined();

    const saved = await upload(s.admin.cookie, { name: "logo.png", type: "image/png", bytes: PNG });
    expect(saved).toMatchObject({ status: 302, location: "/admin/organization?logo=saved" });
    const mine = await logoRow();
    expect(mine).toMatchObject({ contentType: "image/png", sizeBytes: PNG.byteLength, uploadedBy: s.admin.id });

    // The other organisation's administrator uploads: it becomes theirs, this one is untouched.
    const theirs = await upload(foreign.admin.cookie, { name: "s-logo.jpg", type: "image/jpeg", bytes: JPEG });
    expect(theirs.status).toBe(302);
    expect(await logoRow()).toEqual(mine);
    expect(await logoRow(foreign.org.id)).toMatchObject({ contentType: "image/jpeg" });
    // And their removal does not remove this one.
    expect((await callRoute(detailsPage, { path: "/admin/organization", cookie: foreign.admin.cookie, form: { intent: "remove-logo" } })).status).toBe(302);
    expect(await logoRow()).toEqual(mine);
    expect(await logoRow(foreign.org.id)).toBeUndefined();

    const [entry] = await logoAudits();
    expect(entry.actorUserId).toBe(s.admin.id);
    expect(entry.after).toEqual({ logo: { contentType: "image/png", sizeBytes: PNG.byteLength } });
  });

  it("shows in the header for members and on the public pages, served by slug with a versioned cache", async () => {
    const version = (await orgRow()).logoUpdatedAt!.getTime();
    const url = `/o/${s.org.slug}/logo?v=${version}`;
    for (const cookie of [s.participant.cookie, s.facilitator.cookie, s.manager.cookie]) expect(await headerLogo(cookie)).toBe(url);
    // Another organisation's people see their own organisation's header (no logo there).
    expect(await headerLogo(foreign.manager.cookie)).toBeNull();
    const publicData = (await callRoute(publicPage, { path: `/o/${s.org.slug}`, params: { slug: s.org.slug } })).data as { brand: unknown };
    expect(publicData.brand).toEqual({ slug: s.org.slug, name: s.org.name, logoUrl: url });
    const crisisData = (await callRoute(crisisPage, { path: `/o/${s.org.slug}/crisis`, params: { slug: s.org.slug } })).data as { brand: unknown };
    expect(crisisData.brand).toEqual({ slug: s.org.slug, name: s.org.name, logoUrl: url });

    const served = await callRoute(logoRoute, { path: url, params: { slug: s.org.slug } });
    expect(served.status).toBe(200);
    expect(served.headers?.get("content-type")).toBe("image/png");
    expect(served.headers?.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(served.headers?.get("x-content-type-options")).toBe("nosniff");
    const etag = served.headers!.get("etag")!;
    // An unversioned or stale address is cached briefly and revalidated.
    const stale = await callRoute(logoRoute, { path: `/o/${s.org.slug}/logo?v=1`, params: { slug: s.org.slug } });
    expect(stale.headers?.get("cache-control")).toBe("public, max-age=300, must-revalidate");
    const request = new Request(`http://test.local${url}`, { headers: { "if-none-match": etag } });
    const notModified = (await logoRoute.loader({ request, params: { slug: s.org.slug }, context: {} } as never)) as Response;
    expect(notModified.status).toBe(304);
    // The other organisation's address never serves this logo.
    expect((await callRoute(logoRoute, { path: `/o/${foreign.org.slug}/logo`, params: { slug: foreign.org.slug } })).status).toBe(404);
    expect((await callRoute(logoRoute, { path: "/o/no-such-org/logo", params: { slug: "no-such-org" } })).status).toBe(404);
  });

  it("a JPEG replaces it, and the administrator can remove it: the header shows the name alone again", async () => {
    expect((await upload(s.admin.cookie, { name: "new.jpeg", type: "application/octet-stream", bytes: JPEG })).status).toBe(302);
    expect(await logoRow()).toMatchObject({ contentType: "image/jpeg", sizeBytes: JPEG.byteLength });
    // A manager cannot remove it.
    expect((await callRoute(detailsPage, { path: "/admin/organization", cookie: s.manager.cookie, form: { intent: "remove-logo" } })).status).toBe(403);
    expect(await logoRow()).toBeDefined();

    const removed = await callRoute(detailsPage, { path: "/admin/organization", cookie: s.admin.cookie, form: { intent: "remove-logo" } });
    expect(removed).toMatchObject({ status: 302, location: "/admin/organization?logo=removed" });
    expect(await logoRow()).toBeUndefined();
    expect((await orgRow()).logoUpdatedAt).toBeNull();
    expect(await headerLogo(s.participant.cookie)).toBeNull();
    expect((await callRoute(logoRoute, { path: `/o/${s.org.slug}/logo`, params: { slug: s.org.slug } })).status).toBe(404);
    const entries = await logoAudits();
    expect(entries.map((e) => e.after)).toEqual([
      { logo: { contentType: "image/png", sizeBytes: PNG.byteLength } },
      { logo: { contentType: "image/jpeg", sizeBytes: JPEG.byteLength } },
      { logo: null },
    ]);
    // Removing again says so and records nothing more.
    const again = await callRoute(detailsPage, { path: "/admin/organization", cookie: s.admin.cookie, form: { intent: "remove-logo" } });
    expect(again.location).toBe("/admin/organization?logo=none");
    expect(await logoAudits()).toHaveLength(3);
  });
});
