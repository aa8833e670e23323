import { createCookie, redirect, type Cookie } from "@remix-run/node";
import { and, eq, isNull, sql } from "drizzle-orm";
import { config } from "~/config.server";
import { db, preparedQuery, withDatabase } from "~/db/client.server";
import { authSessions, memberships, organizations, users } from "~/db/schema";
import { forbidden } from "~/modules/errors";
import { noteRequestUser, REQUEST_ID_HEADER, sharedRequestLookup } from "./request-user.server";
import { intakeAlertCount } from "~/modules/registration/intake-visibility.server";
import { MANAGING_ROLES, PARTICIPANT_SESSION_DAYS, sessionIsLive, type CurrentUser, type Role } from "./policy";
import { deviceTag, randomToken, sha256 } from "./tokens.server";

type Cookies = { secure: boolean; session: Cookie; device: Cookie };
let cached: Cookies | null = null;

/**
 * The session and device cookies, made on first use (never while modules load, so a bad
 * configuration is reported by the start script, not as an import crash).
 * `__Host-` prefix when Secure: bound to this host, path "/", never sent over plain http.
 */
function cookies(): Cookies {
  const secure = config().cookieSecure;
  if (cached?.secure === secure) return cached;
  cached = {
    secure,
    session: createCookie(secure ? "__Host-gs_session" : "gs_session", {
      httpOnly: true,
      sameSite: "lax",
      secure,
      path: "/",
      get secrets() {
        return [config().sessionSecret];
      },
    }),
    /**
     * The device cookie: set when a browser signs in successfully, it exempts that browser from the
     * account-wide sign-in delay (not from the per-device limit), so an attacker guessing elsewhere
     * cannot keep the owner out. It holds one tag per account (deviceTag), at most MAX_DEVICE_TAGS.
     */
    device: createCookie(secure ? "__Host-gs_device" : "gs_device", {
      httpOnly: true,
      sameSite: "lax",
      secure,
      path: "/",
      maxAge: 400 * 86_400, // the longest browsers keep a cookie
    }),
  };
  return cached;
}
const MAX_DEVICE_TAGS = 10;

export async function trustedDeviceTags(request: Request): Promise<string[]> {
  let value: unknown;
  try {
    value = await cookies().device.parse(request.headers.get("Cookie"));
  } catch {
    return [];
  }
  return Array.isArray(value) ? value.filter((t): t is string => typeof t === "string" && t.length <= 64).slice(0, MAX_DEVICE_TAGS) : [];
}

/** The Set-Cookie that adds this account to the browser's device cookie. */
export async function rememberDevice(request: Request, userId: string): Promise<string> {
  const tag = deviceTag(userId);
  const tags = [tag, ...(await trustedDeviceTags(request)).filter((t) => t !== tag)].slice(0, MAX_DEVICE_TAGS);
  return cookies().device.serialize(tags);
}

async function readToken(request: Request): Promise<string | null> {
  const value = await cookies().session.parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 20 ? value : null;
}

export async function createAuthSession(userId: string, organizationId: string, now = new Date()): Promise<string> {
  const token = randomToken();
  await db.insert(authSessions).values({
    idHash: sha256(token),
    userId,
    organizationId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + PARTICIPANT_SESSION_DAYS * 86_400_000),
  });
  return cookies().session.serialize(token);
}

export async function destroyAuthSession(request: Request): Promise<string> {
  const token = await readToken(request);
  if (token) await db.delete(authSessions).where(eq(authSessions.idHash, sha256(token)));
  return cookies().session.serialize("", { maxAge: 0 });
}

/**
 * The signed-in user of each request in flight, looked up once.
 *
 * Remix hands each loader and action its own copy of the Request (it strips `?index` and
 * `_routes` by building a new one), so a cache keyed by the Request object alone looked the user
 * up again in every loader: the root loader and the page's loader both ran the session query
 * on every page. A GET's loaders are therefore also matched by the request id the web server
 * gives each incoming request (x-request-id, always replaced server-side, never the client's):
 * same id, same HTTP request, same cookie. A POST keeps one lookup per Request object, because
 * its action may change who is signed in or their details before the loaders run.
 * The shared entry ends with its request (sharedRequestLookup in ./request-user.server).
 */
const usersByRequest = new WeakMap<Request, Promise<CurrentUser | null>>();
const SHARED_METHODS = new Set(["GET", "HEAD"]);

export function getUser(request: Request, now = new Date()): Promise<CurrentUser | null> {
  let user = usersByRequest.get(request);
  if (user) return user;
  const requestId = SHARED_METHODS.has(request.method) ? request.headers.get(REQUEST_ID_HEADER) : null;
  user = requestId ? sharedRequestLookup(requestId, () => lookUpUser(request, now)) : lookUpUser(request, now);
  usersByRequest.set(request, user);
  // A failed lookup (database away) is not remembered: a later call tries again.
  user.catch(() => usersByRequest.delete(request));
  return user;
}

async function lookUpUser(request: Request, now: Date): Promise<CurrentUser | null> {
  const token = await readToken(request);
  if (!token) return null;
  const user = await withDatabase(() => loadUser(token, now));
  if (user) noteRequestUser(request, user.id);
  return user;
}

/** The session's person, membership and organisation: on every request, so prepared (built once). */
const sessionLookup = preparedQuery((database) =>
  database
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      timezone: users.timezone,
      locale: users.locale,
      role: memberships.role,
      organizationId: organizations.id,
      organizationSlug: organizations.slug,
      organizationName: organizations.name,
      organizationLogoAt: organizations.logoUpdatedAt,
      organizationTimezone: organizations.timezone,
      // Read here rather than by the root loader: one query fewer on every page.
      organizationCount: sql<number>`(select count(*)::int from ${memberships} m where m.user_id = ${authSessions.userId} and m.deactivated_at is null)`,
      // The navigation's badge (unreviewed urgent or crisis intakes the person may see, by the
      // intake queue's own definition): read here rather than by a query of its own on every staff page.
      intakeAlerts: sql<number>`case
        when ${memberships.role} in (${sql.raw(MANAGING_ROLES.map((r) => `'${r}'`).join(", "))}) then (${intakeAlertCount(database, true, authSessions.organizationId, authSessions.userId)})::int
        when ${memberships.role} = 'facilitator' then (${intakeAlertCount(database, false, authSessions.organizationId, authSessions.userId)})::int
        else 0 end`.mapWith(Number),
      lastSeenAt: authSessions.lastSeenAt,
      expiresAt: authSessions.expiresAt,
    })
    .from(authSessions)
    .innerJoin(users, eq(users.id, authSessions.userId))
    .innerJoin(
      memberships,
      // A deactivated membership ends every session in that organisation at once.
      and(eq(memberships.userId, authSessions.userId), eq(memberships.organizationId, authSessions.organizationId), isNull(memberships.deactivatedAt)),
    )
    .innerJoin(organizations, eq(organizations.id, authSessions.organizationId))
    .where(eq(authSessions.idHash, sql.placeholder("idHash")))
    .prepare("session_lookup"),
);

async function loadUser(token: string, now: Date): Promise<CurrentUser | null> {
  const idHash = sha256(token);
  const [row] = await sessionLookup().execute({ idHash });
  if (!row) return null;
  if (!sessionIsLive(row, row.role, now)) {
    await db.delete(authSessions).where(eq(authSessions.idHash, idHash));
    return null;
  }
  if (now.getTime() - row.lastSeenAt.getTime() > 30_000) {
    await db.update(authSessions).set({ lastSeenAt: now }).where(eq(authSessions.idHash, idHash));
  }
  const { lastSeenAt: _l, expiresAt: _e, ...user } = row;
  return { ...user, sessionIdHash: idHash };
}

/**
 * The signed-in user, or a redirect to sign in. With `roles`, any other role gets a 403.
 * Every loader and action calls this first.
 */
export async function requireUser(request: Request, options: { roles?: readonly Role[] } = {}): Promise<CurrentUser> {
  const user = await getUser(request);
  if (!user) {
    const url = new URL(request.url);
    const hadCookie = Boolean(await readToken(request));
    const params = new URLSearchParams({ redirectTo: url.pathname + url.search });
    if (hadCookie) params.set("expired", "1");
    throw redirect(`/login?${params}`, { headers: { "Set-Cookie": await cookies().session.serialize("", { maxAge: 0 }) } });
  }
  if (options.roles && !options.roles.includes(user.role)) forbidden();
  return user;
}

export async function requireAnonymous(request: Request): Promise<void> {
  if (await getUser(request)) throw redirect("/home");
}

const SELF = "http://self.invalid";

/**
 * Where to go after signing in: a path on this site, or `fallback`. Browsers drop tabs and
 * newlines and read "\\" as "/", so "/\t/evil.example" or "/\\evil.example" would leave the site:
 * any control character or backslash is refused, and the rest must resolve to this origin.
 */
export function safeRedirect(to: unknown, fallback = "/home"): string {
  if (typeof to !== "string" || to.length > 2000 || !to.startsWith("/")) return fallback;
  if (/[\u0000-\u001f\u007f\\]/.test(to)) return fallback;
  let url: URL;
  try {
    url = new URL(to, SELF);
  } catch {
    return fallback;
  }
  if (url.origin !== SELF) return fallback;
  const path = url.pathname + url.search + url.hash;
  return path.startsWith("//") ? fallback : path;
}
