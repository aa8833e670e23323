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
  lookups().delete(requestId);
  return user;
}

const LOOKUPS = Symbol.for("group-sessions.request-lookups");
const lookupStore = globalThis as unknown as { [LOOKUPS]?: Map<string, Promise<unknown>> };
const lookups = () => (lookupStore[LOOKUPS] ??= new Map());

/**
 * One lookup per incoming request, shared by every loader of that request (Remix gives each
 * loader its own copy of the Request, so the copies are matched by the request id the web server
 * set). It ends when the request does (takeRequestUser); a failed lookup is forgotten at once, so
 * a later call tries again. Bounded like the user notes above.
 */
export function sharedRequestLookup<T>(requestId: string, make: () => Promise<T>): Promise<T> {
  const known = lookups().get(requestId) as Promise<T> | undefined;
  if (known) return known;
  if (lookups().size > 10_000) lookups().clear();
  const made = make();
  lookups().set(requestId, made);
  made.catch(() => {
    if (lookups().get(requestId) === made) lookups().delete(requestId);
  });
  return made;
}
