import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";

type RouteModule = {
  loader?: (args: LoaderFunctionArgs) => unknown;
  action?: (args: ActionFunctionArgs) => unknown;
};

export type Outcome = { status: number; location?: string; data?: unknown; headers?: Headers };

/**
 * Calls a route's loader (GET) or action (POST) the way Remix does, and reports the outcome:
 * a thrown or returned Response gives its status; plain data is 200.
 */
export async function callRoute(
  route: RouteModule,
  options: { path: string; params?: Record<string, string>; cookie?: string; form?: Record<string, string | string[]>; method?: string; headers?: Record<string, string> },
): Promise<Outcome> {
  const method = options.method ?? (options.form ? "POST" : "GET");
  const headers = new Headers({ origin: "http://test.local" });
  if (options.cookie) headers.set("cookie", options.cookie);
  for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value);
  let body: URLSearchParams | undefined;
  if (options.form) {
    body = new URLSearchParams();
    for (const [k, v] of Object.entries(options.form)) {
      for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
    }
    headers.set("content-type", "application/x-www-form-urlencoded");
  }
  const request = new Request(`http://test.local${options.path}`, { method, headers, body });
  const fn = method === "GET" ? route.loader : route.action;
  if (!fn) throw new Error(`route has no ${method === "GET" ? "loader" : "action"}`);
  try {
    const result = await fn({ request, params: options.params ?? {}, context: {} } as never);
    return toOutcome(result);
  } catch (thrown) {
    if (thrown instanceof Response) return toOutcome(thrown);
    throw thrown;
  }
}

async function toOutcome(result: unknown): Promise<Outcome> {
  if (result instanceof Response) {
    const location = result.headers.get("location") ?? undefined;
    let data: unknown;
    const type = result.headers.get("content-type") ?? "";
    if (type.includes("json")) data = await result.json();
    else if (result.body) data = await result.text();
    return { status: result.status, location, data, headers: result.headers };
  }
  return { status: 200, data: result };
}
