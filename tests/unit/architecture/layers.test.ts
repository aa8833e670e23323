import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const APP = path.resolve(__dirname, "../../../app");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|mts|js|mjs)$/.test(name) ? [full] : [];
  });
}

/** Every module specifier a file imports or re-exports (static and dynamic), resolved to a path under app/ when it points there. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specifiers = [...text.matchAll(/(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1] ?? m[2]);
  return specifiers.map((s) => {
    if (s.startsWith("~/")) return path.join(APP, s.slice(2));
    if (s.startsWith(".")) return path.resolve(path.dirname(file), s);
    return s;
  });
}

/** The files of `from` that import anything under one of `forbidden` (folders of app/). */
function offenders(from: string, forbidden: string[]): string[] {
  const banned = forbidden.map((f) => path.join(APP, f) + path.sep);
  return sourceFiles(path.join(APP, from))
    .filter((file) => importsOf(file).some((target) => banned.some((b) => (target + path.sep).startsWith(b) || target.startsWith(b))))
    .map((file) => path.relative(APP, file));
}

describe("layers point one way: routes → ui → modules → db", () => {
  it("finds a module file that imports the web layer or a route (the check itself works)", () => {
    const file = path.join(APP, "modules", "errors.ts");
    expect(importsOf(file).some((t) => t.startsWith(path.join(APP, "web")))).toBe(false);
    const fake = importsOf(path.join(APP, "web", "http.server.ts"));
    expect(fake).toContain(path.join(APP, "modules", "errors"));
  });

  it("no module imports ~/web/* or ~/routes/*", () => {
    expect(offenders("modules", ["web", "routes"])).toEqual([]);
  });

  it("the database layer imports no capability, demo data, web code or route", () => {
    expect(offenders("db", ["modules", "demo", "web", "routes", "ui"])).toEqual([]);
  });

  it("no ui component imports a route or the web server", () => {
    expect(offenders("ui", ["web", "routes"])).toEqual([]);
  });
});
