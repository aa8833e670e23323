import { createRequire } from "node:module";
import type { AgnosticRouteObject } from "@remix-run/router";

/**
 * Route matching without flattening every route on every request (issue 20).
 *
 * `matchRoutes` of @remix-run/router flattens the whole route tree, ranks every branch and compiles
 * a regular expression per branch it tries, on every call: with ~100 routes that was ~23 % of the
 * server's CPU on a simple page (Remix calls it for each request, and again for each parent path
 * of the page when it writes the route manifest into the HTML).
 *
 * This does the same matching on a smaller tree: a route whose full path starts with a fixed
 * segment ("sessions/:id/roster") can only match a path whose first segment is that one, so the
 * other such routes are left out before the library's own `matchRoutes` runs. Nothing else is
 * left out (dynamic, optional and splat segments, index and pathless routes stay), the order of
 * the routes kept is unchanged (the library ranks by specificity, then by position among
 * siblings, which keeping a subsequence preserves), and the matches name the original route
 * objects — so the answer is exactly the library's (tests/unit/web/route-matching.test.ts
 * compares them on every route of the app). The pruned tree of a route list is kept per first
 * segment, for route lists that live as long as the build (a WeakMap, so nothing outlives them).
 */
type Route = AgnosticRouteObject & { children?: Route[] };
type Match = { params: Record<string, string | undefined>; pathname: string; pathnameBase: string; route: Route };
type MatchRoutes = (routes: Route[], location: string | { pathname?: string }, basename?: string) => Match[] | null;

const STATIC = /^[^:*?][^?]*$/;
const WILD = Symbol("any first segment");

function firstSegment(path: string): string | typeof WILD | "" {
  const segment = path.replace(/^\/+/, "").split("/")[0] ?? "";
  if (segment === "") return "";
  return STATIC.test(segment) && !segment.endsWith("?") ? segment : WILD;
}

function joined(parent: string, path: string | undefined): string {
  if (!path) return parent;
  if (path.startsWith("/")) return path;
  return `${parent}/${path}`;
}

type Pruned = { routes: Route[]; originals: Map<Route, Route> };

/** The routes that could match a path whose first (decoded) segment is `first`. */
function prune(routes: Route[], first: string): Pruned {
  const originals = new Map<Route, Route>();
  const walk = (list: Route[], parentPath: string): Route[] => {
    const kept: Route[] = [];
    for (const route of list) {
      const path = joined(parentPath, route.path);
      const head = firstSegment(path);
      if (typeof head === "string" && head !== "") {
        const same = route.caseSensitive ? head === first : head.toLowerCase() === first.toLowerCase();
        if (!same) continue;
      }
      if (route.children && route.children.length > 0) {
        const copy = { ...route, children: walk(route.children, path) } as Route;
        originals.set(copy, route);
        kept.push(copy);
      } else kept.push(route);
    }
    return kept;
  };
  return { routes: walk(routes, ""), originals };
}

export function fastMatchRoutes(original: MatchRoutes, helpers: { stripBasename: (p: string, b: string) => string | null; decodePath: (p: string) => string }): MatchRoutes {
  const pruned = new WeakMap<Route[], Map<string, Pruned>>();
  return function matchRoutes(routes, location, basename = "/") {
    const raw = typeof location === "string" ? location.split(/[?#]/)[0] : (location.pathname ?? "/");
    const stripped = helpers.stripBasename(raw || "/", basename);
    if (stripped == null || !Array.isArray(routes)) return original(routes, location, basename);
    let first: string;
    try {
      first = helpers.decodePath(stripped).replace(/^\/+/, "").split("/")[0] ?? "";
    } catch {
      return original(routes, location, basename);
    }
    let byFirst = pruned.get(routes);
    if (!byFirst) pruned.set(routes, (byFirst = new Map()));
    let tree = byFirst.get(first);
    if (!tree) {
      tree = prune(routes, first);
      // A path's first segment is the client's choice: keep the trees of route-like ones only.
      if (byFirst.size < 200) byFirst.set(first, tree);
    }
    const matches = original(tree.routes, location, basename);
    if (!matches || tree.originals.size === 0) return matches;
    return matches.map((m) => (tree.originals.has(m.route) ? { ...m, route: tree.originals.get(m.route)! } : m));
  };
}

const INSTALLED = Symbol.for("group-sessions.fast-match-routes");

/**
 * Puts fastMatchRoutes in place of @remix-run/router's exported matchRoutes, which the Remix
 * server runtime and the route manifest writer call on every request. Once per process.
 */
export function installFastRouteMatching() {
  const router = createRequire(import.meta.url)("@remix-run/router") as {
    matchRoutes: MatchRoutes & { [INSTALLED]?: true };
    stripBasename: (p: string, b: string) => string | null;
    UNSAFE_decodePath: (p: string) => string;
  };
  if (router.matchRoutes[INSTALLED]) return;
  const fast = fastMatchRoutes(router.matchRoutes, { stripBasename: router.stripBasename, decodePath: router.UNSAFE_decodePath });
  router.matchRoutes = Object.assign(fast, { [INSTALLED]: true as const });
}

type BuildRoute = { id: string; parentId?: string; path?: string; index?: boolean; caseSensitive?: boolean };

/**
 * The path Remix matches routes against for a request path: single-fetch data requests
 * ("/sessions/1/roster.data", "/_root.data") name the page they load; null for the route manifest
 * request ("/__manifest", which asks about other pages) — that one needs every route.
 */
export function matchedPath(pathname: string): string | null {
  if (pathname === "/__manifest") return null;
  if (pathname.endsWith(".data")) return pathname.replace(/\.data$/, "").replace(/^\/_root$/, "/");
  return pathname;
}

/** The key a request path is served under: its first segment, decoded, lower-cased. */
export function firstSegmentKey(pathname: string): string | null {
  const path = matchedPath(pathname);
  if (path === null) return null;
  const raw = path.replace(/^\/+/, "").split("/")[0] ?? "";
  try {
    // As the router decodes a segment (an encoded "/" stays "%2F").
    return decodeURIComponent(raw).replace(/\//g, "%2F").toLowerCase();
  } catch {
    return null;
  }
}

/** Each route's full path (its parents' paths joined with its own). */
function fullPaths(routes: Record<string, BuildRoute>): (id: string) => string {
  const fullPath = new Map<string, string>();
  const pathOf = (id: string): string => {
    const known = fullPath.get(id);
    if (known !== undefined) return known;
    const route = routes[id];
    const full = joined(route.parentId ? pathOf(route.parentId) : "", route.path);
    fullPath.set(id, full);
    return full;
  };
  return pathOf;
}

/** The fixed first segments of a build's routes, lower-cased ("sessions", "o", "my"…). */
export function staticFirstSegments(routes: Record<string, BuildRoute>): Set<string> {
  const pathOf = fullPaths(routes);
  const heads = new Set<string>();
  for (const id of Object.keys(routes)) {
    const head = firstSegment(pathOf(id));
    if (typeof head === "string" && head !== "") heads.add(head.toLowerCase());
  }
  return heads;
}

/**
 * The ids of a build's routes (a flat manifest with parent ids) that can match a path whose first
 * segment is `first` (lower-cased): every route whose full path starts with that fixed segment,
 * and every route whose full path starts with no fixed segment (root, index and pathless routes,
 * dynamic, optional and splat first segments). A route with another fixed first segment cannot
 * match, nor can its children (they share its prefix). Case-sensitive routes compare as such.
 */
export function routeIdsFor(routes: Record<string, BuildRoute>, first: string): Set<string> {
  const kept = new Set<string>();
  const pathOf = fullPaths(routes);
  for (const id of Object.keys(routes)) {
    const head = firstSegment(pathOf(id));
    // Case-sensitive routes too: `first` is lower-cased, and the router still compares exactly.
    if (typeof head === "string" && head !== "" && head.toLowerCase() !== first) continue;
    // With its parents (an absolute child path may start elsewhere than its parent's).
    for (let at: string | undefined = id; at && !kept.has(at); at = routes[at].parentId) kept.add(at);
  }
  return kept;
}

/**
 * A copy of a server build with only the routes of `ids`, in its server routes and in the asset
 * manifest alike (so the page's server render and the route manifest written into it agree).
 */
export function prunedBuild<B extends { routes: Record<string, BuildRoute>; assets: { routes: Record<string, unknown> } }>(build: B, ids: Set<string>): B {
  const pick = <T,>(record: Record<string, T>) => Object.fromEntries(Object.entries(record).filter(([id]) => ids.has(id)));
  return { ...build, routes: pick(build.routes), assets: { ...build.assets, routes: pick(build.assets.routes) } };
}
