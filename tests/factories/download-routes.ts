import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * Every route that can answer with a file, read from app/routes so that a new export is covered by
 * the guard tests without anyone adding it to a list. The rule is what Remix serves, not how the
 * file is written: a resource route (a loader and no page component) answers with its loader's
 * Response as it is — the only way a route serves a file — so every resource route with a loader
 * counts, whatever its address (.csv, .pdf, .ics, none) or headers; so do a route whose address
 * has an extension, one that builds its answer with startDownload, and one whose source sets a
 * Content-Disposition (which should not exist outside download.server.ts: see the unit test).
 * A resource route that serves no file of personal data is listed in NOT_GUARDED with the reason.
 * (The session .ics escaped the earlier rule — addresses ending in .csv or .pdf — and was listed
 * here as "owned by the calendar work".)
 */
export type DownloadRoute = { file: string; source: string; pattern: string; params: string[] };

const ROUTES_DIR = path.resolve("app/routes");

/** The resource routes served without startDownload, each with the reason: see tests/unit/web/download-guard.test.ts. */
export const NOT_GUARDED: Record<string, string> = {
  "calendar.$token.ts":
    "the calendar feed behind a secret link: calendar services (Google, Outlook) fetch it from their own servers, never with the person's cookie; shown inline, not a download",
  "healthz.ts": "the load balancer's liveness probe: 'ok', nobody's data",
  "readyz.ts": "the load balancer's readiness probe: the instance's state, nobody's data",
  "keepalive.ts": "the page's own check whether the session is open (JSON true/false): no file, nothing recorded",
  "o.$slug.logo.ts": "the organisation's logo, shown on its public page to anyone",
  "language.tsx": "a GET only redirects home (the language switch is its POST)",
  "logout.tsx": "a GET only redirects (signing out is its POST)",
  "webhooks.sms.ts": "the text provider's webhook: a GET is answered 405",
  "webhooks.sms-status.ts": "the text provider's delivery reports: a GET is answered 405",
};

/** A route module that answers with its loader's Response as it is (a loader, no page component). */
export function isResourceLoader(source: string): boolean {
  return /export (async )?function loader\b|export const loader\b/.test(source) && !/export default\b/.test(source);
}

/** A flat-routes file name as its URL pattern: "groups.$groupId.attendance[.]csv.ts" → "/groups/:groupId/attendance.csv". */
export function routePattern(file: string): string {
  const name = file.replace(/\.tsx?$/, "");
  const segments: string[] = [];
  let current = "";
  for (let i = 0; i < name.length; i++) {
    if (name[i] === "[") {
      const end = name.indexOf("]", i);
      current += name.slice(i + 1, end);
      i = end;
    } else if (name[i] === ".") {
      segments.push(current);
      current = "";
    } else current += name[i];
  }
  segments.push(current);
  return "/" + segments.filter((s) => s !== "_index" && !s.startsWith("_")).map((s) => (s.startsWith("$") ? `:${s.slice(1)}` : s)).join("/");
}

export function downloadRoutes(): DownloadRoute[] {
  return readdirSync(ROUTES_DIR)
    .filter((file) => /\.tsx?$/.test(file))
    .map((file) => ({ file, source: readFileSync(path.join(ROUTES_DIR, file), "utf8") }))
    .filter(({ file, source }) => isResourceLoader(source) || /\[\.\]\w+\.tsx?$/.test(file) || source.includes("startDownload(") || /content-disposition/i.test(source))
    .map(({ file, source }) => {
      const pattern = routePattern(file);
      return { file, source, pattern, params: [...pattern.matchAll(/:(\w+)/g)].map((m) => m[1]) };
    });
}
