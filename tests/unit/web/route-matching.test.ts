import { createRequire } from "node:module";
import path from "node:path";
import { matchRoutes, stripBasename, UNSAFE_decodePath, type AgnosticRouteObject } from "@remix-run/router";
import { describe, expect, it } from "vitest";
import { fastMatchRoutes, firstSegmentKey, matchedPath, routeIdsFor, staticFirstSegments } from "~/web/route-matching.server";

/**
 * The pruned route matching (issue 20) gives exactly what @remix-run/router's matchRoutes gives:
 * on the app's own route tree (built from app/routes by Remix's flat-routes convention, as the
 * build does) for every route path and for paths no route has, and on a tree with the shapes the
 * app does not use yet (nested layouts, pathless and index routes, optional and splat segments,
 * case-sensitive routes, absolute child paths).
 */
type Route = AgnosticRouteObject & { children?: Route[] };
const require = createRequire(import.meta.url);
const { flatRoutes } = require("@remix-run/dev/dist/config/flat-routes.js") as {
  flatRoutes: (appDir: string) => Record<string, { id: string; path?: string; index?: boolean; parentId?: string; caseSensitive?: boolean }>;
};

type FlatRoute = { id: string; path?: string; index?: boolean; parentId?: string; caseSensitive?: boolean };
const appManifest = (): Record<string, FlatRoute> => {
  const routes = flatRoutes(path.resolve("app")) as Record<string, FlatRoute>;
  for (const route of Object.values(routes)) route.parentId ??= "root";
  return { root: { id: "root", path: "" }, ...routes };
};

function appRoutes(manifest: Record<string, FlatRoute> = appManifest()): Route[] {
  const build = (parentId: string | undefined): Route[] =>
    Object.values(manifest)
      .filter((r) => (r.id === "root" ? parentId === undefined : (r.parentId ?? "root") === parentId))
      .map((r) => {
        const children = r.index ? undefined : build(r.id);
        return { id: r.id, path: r.path, index: r.index, caseSensitive: r.caseSensitive, ...(children && children.length ? { children } : {}) } as Route;
      });
  return build(undefined);
}

const fast = fastMatchRoutes(matchRoutes as never, { stripBasename, decodePath: UNSAFE_decodePath });
const same = (routes: Route[], location: string, basename?: string) => {
  const expected = matchRoutes(routes, location, basename);
  const actual = fast(routes as never, location, basename);
  expect(actual, location).toEqual(expected);
  // The same route objects, not copies.
  expect(actual?.map((m) => m.route)).toEqual(expected?.map((m) => m.route));
  actual?.forEach((m, i) => expect(m.route).toBe(expected![i].route));
};

const examples = (routePath: string): string[] => {
  const filled = routePath
    .split("/")
    .map((s) => (s === "*" ? "a/b/c" : s.startsWith(":") ? "0b7c7a3e-1f2d-4c55-9a6b-2f1e3d4c5b6a" : s.replace(/\?$/, "")))
    .join("/");
  return [`/${filled}`, `/${filled}/`, `/${filled}/extra`, `/${filled.toUpperCase()}`, `/${filled}?x=1#h`, `/${filled}.data`];
};

/**
 * The two exhaustive checks match every route path of the app (~850 paths, twice) through the
 * whole router: 2–5 s on a busy 2-core machine, over vitest's default 5 s limit there.
 */
const EXHAUSTIVE_MS = 30_000;

describe("route matching without flattening every route", () => {
  it("matches every path of the app's routes exactly as @remix-run/router does", () => {
    const routes = appRoutes();
    const paths = new Set<string>(["/", "", "/nope", "/%20", "/o", "/o/", "/sessions", "//sessions/x/roster", "/%73essions/x/roster", "/a%2Fb", "/build/x.js"]);
    const visit = (list: Route[], parent: string) => {
      for (const r of list) {
        const full = r.path ? `${parent}/${r.path}`.replace(/^\/+/, "") : parent;
        examples(full).forEach((p) => paths.add(p));
        if (r.children) visit(r.children, full);
      }
    };
    visit(routes, "");
    expect(paths.size).toBeGreaterThan(300);
    for (const p of paths) same(routes, p);
    // Twice: the second time from the kept pruned trees.
    for (const p of paths) same(routes, p);
  }, EXHAUSTIVE_MS);

  it("matches nested layouts, pathless, index, optional, splat, case-sensitive and absolute routes exactly", () => {
    const routes: Route[] = [
      {
        id: "root",
        path: "",
        children: [
          { id: "home", index: true },
          { id: "layout", children: [{ id: "inside", path: "inside/:x" }, { id: "layout-index", index: true }] },
          { id: "docs", path: "docs", children: [{ id: "docs-index", index: true }, { id: "doc", path: ":slug" }, { id: "doc-abs", path: "/docs/abs/:y" }] },
          { id: "lang", path: ":lang?/about" },
          { id: "opt", path: "opt?/x" },
          { id: "Case", path: "Case/:id", caseSensitive: true },
          { id: "case", path: "case/:id" },
          { id: "files", path: "files/*" },
          { id: "dyn", path: ":org/settings" },
          { id: "dot", path: "admin/audit.csv" },
          { id: "splat", path: "*" },
        ],
      },
    ];
    for (const p of ["/", "/inside/1", "/docs", "/docs/", "/docs/a", "/docs/abs/2", "/about", "/en/about", "/x", "/opt/x", "/Case/1", "/case/1", "/CASE/1", "/files", "/files/a/b", "/acme/settings", "/admin/audit.csv", "/admin/auditxcsv", "/zzz/yyy"]) {
      same(routes, p);
      same(routes, p, "/base");
      same(routes, `/base${p}`, "/base");
    }
  });
});

describe("a request served by the routes of its first segment only", () => {
  const manifest = appManifest();
  const full = appRoutes();
  const heads = staticFirstSegments(manifest);
  /** The routes the server's handler for this request path holds (server.server.ts). */
  const routesFor = (pathname: string): Route[] => {
    const segment = firstSegmentKey(pathname);
    if (segment === null) return full;
    const ids = routeIdsFor(manifest, heads.has(segment) ? segment : "");
    return appRoutes(Object.fromEntries(Object.entries(manifest).filter(([id]) => ids.has(id))));
  };
  const summary = (matches: ReturnType<typeof matchRoutes>) => matches?.map((m) => ({ id: m.route.id, params: m.params, pathname: m.pathname, pathnameBase: m.pathnameBase })) ?? null;

  it("matches every path of the app's routes (pages and their .data requests) exactly as the whole route list does", () => {
    const paths = new Set<string>(["/", "/nope", "/%20", "/o", "/o/", "/sessions", "//sessions/x/roster", "/%73essions/x/roster", "/SESSIONS/x/roster", "/a%2Fb", "/sessions%2Fx", "/build/x.js", "/_root.data", "/.data", "/__manifest", "/%E0%A4%A"]);
    const visit = (list: Route[], parent: string) => {
      for (const r of list) {
        const whole = r.path ? `${parent}/${r.path}`.replace(/^\/+/, "") : parent;
        examples(whole).forEach((p) => paths.add(p));
        if (r.children) visit(r.children, whole);
      }
    };
    visit(full, "");
    expect(paths.size).toBeGreaterThan(300);
    let pruned = 0;
    for (const p of paths) {
      const pathname = p.split(/[?#]/)[0];
      const matched = matchedPath(pathname) ?? pathname;
      const routes = routesFor(pathname);
      if (routes !== full) pruned++;
      expect(summary(matchRoutes(routes, matched)), p).toEqual(summary(matchRoutes(full, matched)));
    }
    // Nearly every request is served by a smaller list (all but the manifest and undecodable paths).
    expect(pruned).toBeGreaterThan(paths.size - 5);
  }, EXHAUSTIVE_MS);

  it("holds far fewer routes than the whole list for a page under a fixed first segment", () => {
    const count = (list: Route[]): number => list.reduce((n, r) => n + 1 + count(r.children ?? []), 0);
    expect(count(routesFor("/sessions/1/roster"))).toBeLessThan(count(full) / 4);
    expect(count(routesFor("/nope"))).toBeLessThan(10);
  });
});
