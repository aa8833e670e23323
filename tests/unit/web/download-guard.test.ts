import { describe, expect, it } from "vitest";
import { bodyLimitFor, downloadAllowed, FORM_BODY_LIMIT, routePath, UPLOAD_BODY_LIMIT } from "~/web/server.server";
import { startedHere } from "~/web/started-here";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { downloadRoutes, isResourceLoader, NOT_GUARDED } from "../../factories/download-routes";

const TRUSTED = ["https://app.example"];

describe("routePath: what Remix will serve, however the address is spelled (hostile review dec6c #4, #10)", () => {
  it.each([
    ["/referrals/export.csv", "/referrals/export.csv"],
    ["/referrals/export.csv/", "/referrals/export.csv"],
    ["/referrals/export.csv//", "/referrals/export.csv"],
    ["/referrals/export%2Ecsv", "/referrals/export.csv"],
    ["/referrals/export%2ecsv?view=open", "/referrals/export.csv"],
    ["/referrals/export.csv.data", "/referrals/export.csv"],
    ["/referrals/export.csv/.data", "/referrals/export.csv"],
    ["/referrals/x/../export.csv", "/referrals/export.csv"],
    ["/referrals/export.csv/%2e", "/referrals/export.csv"],
    ["/enrolments/abc/letters.data", "/enrolments/abc/letters"],
    ["/_root.data", "/"],
    ["/", "/"],
    ["/a%2Fb/c", "/a%2Fb/c"],
    ["/bad%zzpath", "/bad%zzpath"],
  ])("%s → %s", (raw, expected) => {
    expect(routePath(raw)).toBe(expected);
  });
});

describe("the edge's download check follows routePath", () => {
  const crossSite = { "sec-fetch-site": "cross-site", referer: "https://evil.example/page" };
  it.each(["/referrals/export.csv", "/referrals/export.csv/", "/referrals/export%2Ecsv", "/referrals/export.csv.data", "/groups/g/attendance%2ecsv/", "/letters/x.PDF", "/letters/x%2Epdf.data"])(
    "refuses %s started by another site",
    (originalUrl) => {
      expect(downloadAllowed({ method: "GET", originalUrl, headers: crossSite }, TRUSTED)).toBe(false);
      expect(downloadAllowed({ method: "GET", originalUrl, headers: { "sec-fetch-site": "same-origin" } }, TRUSTED)).toBe(true);
    },
  );
  it("keeps the rules: typed or bookmarked, our Referer, or neither header pass; same-site and a foreign Referer do not", () => {
    const at = (headers: Record<string, string>) => downloadAllowed({ method: "GET", originalUrl: "/referrals/export.csv/", headers }, TRUSTED);
    expect([at({ "sec-fetch-site": "none" }), at({ referer: "https://app.example/referrals" }), at({})]).toEqual([true, true, true]);
    expect([at({ "sec-fetch-site": "same-site" }), at({ referer: "https://evil.example/" }), at({ referer: "not a url" })]).toEqual([false, false, false]);
  });
  it("startedHere is the same rule for loaders", () => {
    expect(startedHere({ site: "same-origin" }, TRUSTED)).toBe(true);
    expect(startedHere({ site: "cross-site", referer: "https://app.example/x" }, TRUSTED)).toBe(false);
    expect(startedHere({ site: null, referer: null }, TRUSTED)).toBe(true);
    expect(startedHere({ site: null, referer: "https://evil.example/" }, TRUSTED)).toBe(false);
  });
});

describe("upload allowance follows routePath (single-fetch .data posts included)", () => {
  it.each(["/admin/organization", "/admin/organization.data", "/admin/organization/", "/enrolments/e1/letters", "/enrolments/e1/letters.data", "/competency/records/r1.data", "/groups/g/curriculum/u.data"])(
    "%s gets the upload allowance",
    (url) => expect(bodyLimitFor(url)).toBe(UPLOAD_BODY_LIMIT),
  );
  it.each(["/profile", "/profile.data", "/admin/organization/x", "/enrolments/e1/letters/x"])("%s keeps the form limit", (url) => expect(bodyLimitFor(url)).toBe(FORM_BODY_LIMIT));
});

describe("every download route checks where it was started before anything else", () => {
  const routes = downloadRoutes();
  it("finds the exports, the PDFs and the stored files", () => {
    const patterns = routes.map((r) => r.pattern);
    for (const p of ["/referrals/export.csv", "/admin/audit.csv", "/metrics/medicaid-ids.csv", "/letters/:letterId.pdf", "/enrolments/:enrolmentId/certificate.pdf", "/releases/:releaseId/scan", "/competency/evidence/:evidenceId", "/curriculum/materials/:materialId", "/sessions/:sessionId/calendar.ics"]) {
      expect(patterns).toContain(p);
    }
  });
  it("finds every resource route (a loader and no page), whatever its address or headers; only those serving no personal file go unguarded, each with a reason", () => {
    const files = routes.map((r) => r.file);
    const resources = readdirSync(path.resolve("app/routes")).filter((f) => /\.tsx?$/.test(f) && isResourceLoader(readFileSync(path.resolve("app/routes", f), "utf8")));
    expect(resources.length).toBeGreaterThan(20);
    for (const file of resources) expect(files).toContain(file);
    // No exemption for a route that no longer exists or is not found; the session's .ics is guarded.
    for (const file of Object.keys(NOT_GUARDED)) expect(files).toContain(file);
    expect(NOT_GUARDED).not.toHaveProperty(["sessions.$sessionId.calendar[.]ics.ts"]);
  });
  it("tells a resource route from a page", () => {
    expect(isResourceLoader("export async function loader() {\n  return new Response(body);\n}\n")).toBe(true);
    expect(isResourceLoader("export const loader = async () => file();\n")).toBe(true);
    expect(isResourceLoader("export async function loader() {}\nexport default function Page() {}\n")).toBe(false);
    expect(isResourceLoader("export async function action() {}\n")).toBe(false);
  });
  it.each(downloadRoutes().filter((r) => !(r.file in NOT_GUARDED)).map((r) => [r.file, r.source] as const))("%s: startDownload(request) is the loader's first statement", (_file, source) => {
    expect(source).toMatch(/export async function loader\(\{ request(, params)? \}: LoaderFunctionArgs\) \{\n {2}const download = await startDownload\(request\);\n/);
    // The response is built by the download it got, never by hand.
    expect(source).not.toMatch(/content-disposition|csvHeaders\(/i);
  });
});
