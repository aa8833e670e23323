/**
 * Who made each request, for the one log line per request (app/web/request-log.server.ts):
 * getUser() notes the signed-in user by the request's id, the web server takes it when the
 * request ends. Shared by the start script and the Remix build through globalThis.
 */
export const REQUEST_ID_HEADER = "x-request-id";

const KEY = Symbol.for("group-sessions.request-users");
const store = globalThis as unknown as { [KEY]?: Map<string, string> };
const users = () => (store[KEY] ??= new Map());

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
