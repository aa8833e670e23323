/**
 * One JSON log line per request (a "wide event"): request id, method, path, status, duration and
 * the signed-in user's id — never bodies, query strings or personal data. The user id is noted by
 * getUser() through this registry (shared by the start script and the Remix build via globalThis).
 */
const KEY = Symbol.for("group-sessions.request-users");
const store = globalThis as unknown as { [KEY]?: Map<string, string> };
const users = () => (store[KEY] ??= new Map());

export const REQUEST_ID_HEADER = "x-request-id";

export function noteRequestUser(request: Request, userId: string) {
  const id = request.headers.get(REQUEST_ID_HEADER);
  if (!id) return;
  // An entry noted after its request already ended is never taken: keep the map bounded.
  if (users().size > 10_000) users().clear();
  users().set(id, userId);
}

export function takeRequestUser(requestId: string): string | undefined {
  const user = users().get(requestId);
  users().delete(requestId);
  return user;
}

export function log(level: "info" | "warn" | "error", event: string, fields: Record<string, unknown>) {
  const line = JSON.stringify({ time: new Date().toISOString(), level, event, ...fields });
  if (level === "error") console.error(line);
  else console.log(line);
}
