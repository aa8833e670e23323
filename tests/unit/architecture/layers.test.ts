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

/** Where a specifier points inside app/ (a file), or null for packages and files outside app/. */
function resolveFile(from: string, specifier: string, files: Set<string>): string | null {
  const base = specifier.startsWith("~/") ? path.join(APP, specifier.slice(2)) : specifier.startsWith(".") ? path.resolve(path.dirname(from), specifier) : null;
  if (!base) return null;
  return [`${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")].find((candidate) => files.has(candidate)) ?? null;
}

/** Value imports only: `import type` and all-`type` specifier lists vanish at run time and cannot form a circle. */
function valueImportGraph(files: string[]): Map<string, string[]> {
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    const deps: string[] = [];
    for (const m of text.matchAll(/^(?:import|export)\s+(type\s+)?([^;]*?)\s+from\s+"([^"]+)"/gms)) {
      if (m[1]) continue;
      const names = m[2].trim();
      if (names.startsWith("{") && names.slice(1, -1).split(",").every((n) => !n.trim() || n.trim().startsWith("type "))) continue;
      const target = resolveFile(file, m[3], known);
      if (target) deps.push(target);
    }
    graph.set(file, deps);
  }
  return graph;
}

/** Strongly connected components of more than one file (Tarjan): each is an import circle. */
function importCircles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  let counter = 0;
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(path.relative(APP, w));
      } while (w !== v);
      if (component.length > 1) circles.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return circles;
}

describe("no import circles in app/", () => {
  it("finds a circle when there is one (the check itself works)", () => {
    const a = path.join(APP, "a.ts");
    const b = path.join(APP, "b.ts");
    const c = path.join(APP, "c.ts");
    expect(importCircles(new Map([[a, [b]], [b, [a]], [c, [a]]]))).toEqual([["a.ts", "b.ts"]]);
  });

  it("no file of app/ reaches itself through value imports", () => {
    expect(importCircles(valueImportGraph(sourceFiles(APP)))).toEqual([]);
  });
});

describe("layers point one way: routes → ui → modules → db", () => {
  it("finds a module file that imports the web layer or a route (the check itself works)", () => {
    const file = path.join(APP, "modules", "errors.ts");
    expect(importsOf(file).some((t) => t.startsWith(path.join(APP, "web")))).toBe(false);
    const fake = importsOf(path.join(APP, "web", "http.server.ts"));
    expect(fake).toContain(path.join(APP, "modules", "errors"));
  });

  it("no module imports ~/ui/*, ~/web/* or ~/routes/*", () => {
    expect(offenders("modules", ["ui", "web", "routes"])).toEqual([]);
  });

  it("the database layer imports no capability, demo data, web code or route", () => {
    expect(offenders("db", ["modules", "demo", "web", "routes", "ui"])).toEqual([]);
  });

  it("no ui component imports a route or the web server", () => {
    expect(offenders("ui", ["web", "routes"])).toEqual([]);
  });
});
