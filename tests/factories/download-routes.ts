import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * Every route that answers with a file of personal data, read from app/routes so that a new export
 * is covered by the guard tests without anyone adding it to a list: a route whose address ends in
 * .csv or .pdf, one that builds its answer with startDownload, and one whose source sets a
 * Content-Disposition (which should not exist outside download.server.ts: see the unit test).
 */
export type DownloadRoute = { file: string; source: string; pattern: string; params: string[] };

const ROUTES_DIR = path.resolve("app/routes");

/** The files served without startDownload, each with the reason: see tests/unit/web/download-guard.test.ts. */
export const NOT_GUARDED: Record<string, string> = {
  "calendar.$token.ts":
    "the calendar feed behind a secret link: calendar services (Google, Outlook) fetch it from their own servers, never with the person's cookie; shown inline, not a download",
  "sessions.$sessionId.calendar[.]ics.ts":
    "one session's time and place as .ics for the reader's own calendar (discreet by default), no disclosure recorded; owned by the calendar work",
};

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
    .filter(({ file, source }) => /\[\.\](csv|pdf)\.tsx?$/.test(file) || source.includes("startDownload(") || /content-disposition/i.test(source))
    .map(({ file, source }) => {
      const pattern = routePattern(file);
      return { file, source, pattern, params: [...pattern.matchAll(/:(\w+)/g)].map((m) => m[1]) };
    });
}
