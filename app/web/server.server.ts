import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { createRequestHandler as createRemixHandler, type ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import type { Config } from "~/config.server";
import { databaseAvailable } from "~/db/client.server";
import { log, REQUEST_ID_HEADER, takeRequestUser } from "./request-log.server";
import { firstSegmentKey, installFastRouteMatching, prunedBuild, routeIdsFor, staticFirstSegments } from "./route-matching.server";
import { MAX_UPLOAD_BYTES } from "~/modules/competency/schema";
import { translateMessage } from "~/i18n/catalog";
import { DEFAULT_LOCALE, negotiateLocale } from "~/i18n/locales";
import { CROSS_SITE_DOWNLOAD_MESSAGE, startedHere } from "./started-here";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Ordinary forms are small; 1 MB leaves room for the largest (a directory import, a full week grid). */
export const FORM_BODY_LIMIT = 1024 * 1024;
/** Evidence uploads: the documented 5 MB file plus the form's other fields and multipart framing. */
export const UPLOAD_BODY_LIMIT = MAX_UPLOAD_BYTES + 256 * 1024;
/**
 * The path Remix's router answers for a request URL (path and query as sent), so that every test
 * of a path here sees what will be served, not how the address was spelled: the URL standard's
 * normalisation (as the Request handed to Remix gets it: "/./", "/../", "%2e" segments), the
 * single-fetch suffix ".data" taken off as Remix does ("/_root.data" is "/"), each segment decoded
 * as the router decodes it ("%2E" is ".", "%2F" stays), and trailing slashes dropped (the router
 * ignores them). Routes match case-insensitively: patterns tested on it carry the i flag.
 */
export function routePath(rawUrl: string): string {
  let pathname: string;
  try {
    pathname = new URL(rawUrl, "http://route.invalid").pathname;
  } catch {
    pathname = rawUrl.split("?")[0] ?? rawUrl;
  }
  pathname = pathname.replace(/\.data$/, "").replace(/^\/_root$/, "/");
  const decoded = pathname
    .split("/")
    .map((segment) => {
      try {
        return decodeURIComponent(segment).replace(/\//g, "%2F");
      } catch {
        return segment;
      }
    })
    .join("/");
  return decoded.replace(/\/+$/, "") || "/";
}

/** Forms with a file: evidence certificates, curriculum materials, the organisation's logo and a paper release's scan (a too-large file still reaches its form's message). Tested on routePath. */
const UPLOAD_PATHS = [/^\/competency\/records\/[^/]+$/i, /^\/groups\/[^/]+\/curriculum\/[^/]+$/i, /^\/admin\/organization$/i, /^\/enrolments\/[^/]+\/letters$/i];

/** The body limit of a request to `url` (its path as sent, ".data" and "/" spellings included). */
export function bodyLimitFor(url: string): number {
  const path = routePath(url);
  return UPLOAD_PATHS.some((p) => p.test(path)) ? UPLOAD_BODY_LIMIT : FORM_BODY_LIMIT;
}

/**
 * CSRF defence beside SameSite=Lax: every non-GET request must come from one of the trusted
 * origins (APP_URL), never compared with the request's own Host header, which a client chooses.
 */
export function originAllowed(
  req: { method: string; headers: Record<string, string | string[] | undefined> },
  trustedOrigins: readonly string[],
) {
  if (SAFE_METHODS.has(req.method)) return true;
  const origin = req.headers.origin;
  if (typeof origin === "string" && origin !== "null") return trustedOrigins.includes(origin);
  const referer = req.headers.referer;
  if (typeof referer === "string") {
    try {
      return trustedOrigins.includes(new URL(referer).origin);
    } catch {
      return false;
    }
  }
  return false;
}

/**
 * The one exemption from the Origin check: the text-message provider's POSTs to /webhooks/sms
 * (inbound texts) and /webhooks/sms-status (delivery reports) come from its servers, not a
 * browser, so they carry no Origin. Those routes accept only a request signed with the
 * provider's auth token (X-Twilio-Signature) and change nothing otherwise.
 */
export const SIGNED_WEBHOOK_PATHS: ReadonlySet<string> = new Set(["/webhooks/sms", "/webhooks/sms-status"]);
export const isSignedWebhook = (req: { method: string; path: string }) => req.method === "POST" && SIGNED_WEBHOOK_PATHS.has(req.path);

/** Downloads of personal data: a spreadsheet or a PDF the server writes and records as a disclosure. Tested on routePath. */
const DOWNLOAD_PATH = /\.(csv|pdf)$/i;

/**
 * A download is started only from the app's own pages or typed/bookmarked by the person (the rule:
 * started-here.ts). This is the check at the edge, before the database is asked anything, for
 * every address that routes to a .csv or .pdf however it is spelled (routePath: a trailing slash,
 * "%2E", ".data"). Every loader that serves a file also checks for itself (startDownload in
 * download.server.ts), which covers the downloads whose address has no extension (a release's
 * scan, evidence, curriculum materials) and any spelling this test would miss.
 */
export function downloadAllowed(
  req: { method: string; originalUrl: string; headers: Record<string, string | string[] | undefined> },
  trustedOrigins: readonly string[],
): boolean {
  if (!DOWNLOAD_PATH.test(routePath(req.originalUrl))) return true;
  const site = req.headers["sec-fetch-site"];
  const referer = req.headers.referer;
  return startedHere({ site: typeof site === "string" ? site : undefined, referer: typeof referer === "string" ? referer : undefined }, trustedOrigins);
}

function securityHeaders(req: Request, res: Response, next: NextFunction) {
  const nonce = randomBytes(16).toString("base64");
  res.locals.cspNonce = nonce;
  res.setHeader(
    "Content-Security-Policy",
    [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'`,
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "font-src 'self'",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join("; "),
  );
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("Permissions-Policy", "camera=(self), microphone=(), geolocation=()");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  // req.secure is true only over TLS here or when a trusted proxy (TRUST_PROXY) says https.
  if (req.secure) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  next();
}

function refuse(res: Response, status: number, message: string) {
  res.status(status).set({ "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" });
  res.send(message);
}

const tooLargeText = (limit: number) => `This form is too large to send (the limit is ${Math.round(limit / 1024 / 1024)} MB). Go back and send less.`;

/** How long a refused body may keep arriving (read and thrown away) before the connection is cut. */
const DRAIN_MS = 2_000;

/**
 * Answers 413 at once. The rest of the body is read and thrown away for a short while (memory stays
 * flat): closing with unread data makes TCP reset the connection, and the client would lose the
 * answer. A client still sending after DRAIN_MS is cut off.
 */
function refuseTooLarge(req: http.IncomingMessage, res: http.ServerResponse, limit: number) {
  drainRest(req);
  res.writeHead(413, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" });
  res.end(tooLargeText(limit));
}

/** Reads what is left of a body and throws it away; a client still sending after DRAIN_MS is cut off. */
function drainRest(req: http.IncomingMessage) {
  req.removeAllListeners("data");
  req.resume();
  const cut = setTimeout(() => req.socket.destroy(), DRAIN_MS);
  cut.unref();
  req.once("end", () => clearTimeout(cut));
}

class BodyTooLarge extends Error {}

/**
 * Reads the body into memory, never more than `limit` bytes (a chunked body is cut off there).
 * Past the limit it rejects — or, with `keepHead`, gives its first `limit` bytes (the rest is
 * drained and thrown away) and says so.
 */
function readBody(req: Request, limit: number, keepHead = false): Promise<{ bytes: Buffer; truncated: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      if (size + chunk.length > limit) {
        req.off("data", onData);
        if (keepHead) {
          chunks.push(chunk.subarray(0, limit - size));
          drainRest(req);
          resolve({ bytes: Buffer.concat(chunks, limit), truncated: true });
          return;
        }
        chunks.length = 0;
        reject(new BodyTooLarge());
        return;
      }
      size += chunk.length;
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.once("end", () => resolve({ bytes: Buffer.concat(chunks, size), truncated: false }));
    req.once("error", reject);
    req.once("aborted", () => reject(new Error("client aborted")));
  });
}

/** Headers whose word is ours, not the client's: the origin was checked above; the host is APP_URL's. */
const REPLACED_HEADERS = new Set(["host", "origin", "x-forwarded-host", "forwarded"]);

function requestHeaders(incoming: http.IncomingHttpHeaders, appUrl: string): Headers {
  const headers = new Headers();
  for (const [key, value] of Object.entries(incoming)) {
    if (value === undefined || REPLACED_HEADERS.has(key)) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(key, item);
  }
  headers.set("host", new URL(appUrl).host);
  return headers;
}

/** Bodies are written in pieces of at most this many bytes. */
const WRITE_PIECE = 1 << 20;

/**
 * Writes a response: its body gathered into one write (pieces of 1 MB for a large download)
 * rather than one socket write — and one compression flush — per chunk React or a route emitted.
 * No page streams deferred parts (nothing uses defer or Suspense), so nothing arrives later for
 * having waited; a small body also goes out with a Content-Length.
 */
async function sendResponse(res: Response, response: globalThis.Response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) res.append(key, value);
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  let pending: Uint8Array[] = [];
  let size = 0;
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      pending.push(value);
      size += value.byteLength;
      if (size >= WRITE_PIECE) {
        res.write(Buffer.concat(pending));
        pending = [];
        size = 0;
      }
    }
  } catch (error) {
    res.destroy(error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
  res.end(pending.length === 1 ? pending[0] : Buffer.concat(pending));
}

/**
 * A multipart body must parse, or no route sees it: a truncated or boundary-less body made
 * `request.formData()` throw (a 500) in every route that reads a form.
 */
async function multipartReadable(contentType: string | undefined, body: Uint8Array): Promise<boolean> {
  if (!contentType || !/^multipart\/form-data/i.test(contentType)) return true;
  try {
    await new globalThis.Response(body as Uint8Array<ArrayBuffer>, { headers: { "content-type": contentType } }).formData();
    return true;
  } catch {
    return false;
  }
}

/**
 * Remix behind express, with the request rebuilt from trusted parts only: the URL's origin is
 * APP_URL whatever Host or X-Forwarded-Host say, and the body is capped before anything parses it.
 */
function remixHandler(build: ServerBuild, cfg: Config) {
  installFastRouteMatching();
  // Made once for the server's life (the build is imported once by app/cli/start.mjs).
  const mode = cfg.production ? "production" : "development";
  const everyRoute = createRemixHandler(build, mode);
  // Remix's static handler flattens, ranks and matches its whole route list on every request
  // (~20 % of a page's server CPU with ~140 routes). A request is served by a handler over only
  // the routes that can match its first path segment (the same answer: tests/unit/web/
  // route-matching compares them on every route), one per fixed first segment of the app's routes
  // plus one for any other first segment, made on first use; the route manifest request (which
  // asks about other pages) uses every route.
  const fixedHeads = staticFirstSegments(build.routes as never);
  const bySegment = new Map<string, ReturnType<typeof createRemixHandler>>();
  const handle: ReturnType<typeof createRemixHandler> = (request, context) => {
    const segment = firstSegmentKey(new URL(request.url).pathname);
    if (segment === null) return everyRoute(request, context);
    const key = fixedHeads.has(segment) ? segment : "";
    let handler = bySegment.get(key);
    if (!handler) {
      handler = createRemixHandler(prunedBuild(build as never, routeIdsFor(build.routes as never, key)) as ServerBuild, mode);
      bySegment.set(key, handler);
    }
    return handler(request, context);
  };
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const init: RequestInit & { duplex?: "half" } = { method: req.method, headers: requestHeaders(req.headers, cfg.appUrl) };
      if (req.method !== "GET" && req.method !== "HEAD") {
        const limit = bodyLimitFor(req.originalUrl);
        // A file form over the limit still reaches its page, cut at the limit: the route's upload
        // reader (maxPartSize 5 MB or less) stops on the file part and answers with the message
        // beside the field ("This file is larger than 5 MB…"), with JavaScript or without, instead
        // of a bare 413 page (or, with JavaScript, the error page). Memory stays at the limit.
        const fileForm = limit === UPLOAD_BODY_LIMIT && /^multipart\/form-data/i.test(req.get("content-type") ?? "");
        if (!fileForm && Number(req.get("content-length") ?? "0") > limit) {
          refuseTooLarge(req, res, limit);
          return;
        }
        let truncated = false;
        try {
          const body = await readBody(req, limit, fileForm);
          init.body = new Uint8Array(body.bytes);
          truncated = body.truncated;
        } catch (error) {
          if (error instanceof BodyTooLarge) refuseTooLarge(req, res, limit);
          else res.destroy();
          return;
        }
        if (truncated) (init.headers as Headers).set("content-length", String((init.body as Uint8Array).byteLength));
        else if (!(await multipartReadable(req.get("content-type"), init.body as Uint8Array))) {
          refuse(res, 400, "This form could not be read (its multipart framing is broken). Go back and send it again.");
          return;
        }
      }
      const controller = new AbortController();
      let finished = false;
      res.on("finish", () => (finished = true));
      res.on("close", () => {
        if (!finished) controller.abort();
      });
      init.signal = controller.signal;
      const request = new globalThis.Request(cfg.appUrl + req.originalUrl, init);
      const response = await handle(request, { cspNonce: res.locals.cspNonce as string, ...(cfg.serverTiming ? { requestStartedAt: { wall: performance.now(), cpu: process.cpuUsage() } } : {}) });
      // Pages and data carry personal information: never kept by browsers or shared caches
      // unless a route says otherwise.
      // (Set on the outgoing response: a Response's own headers may be immutable.)
      if (!response.headers.has("cache-control")) res.setHeader("cache-control", "no-store");
      await sendResponse(res, response);
    } catch (error) {
      next(error);
    }
  };
}

const UNGATED = new Set(["/healthz", "/readyz"]);

/**
 * Before any page runs: is the database answering? When it is not (down, or frozen), answer 503
 * at once, so nothing waits through the outage and no form post is replayed when it ends.
 */
async function databaseGate(req: Request, res: Response, next: NextFunction) {
  if (UNGATED.has(req.path)) return next();
  try {
    if (await databaseAvailable()) return next();
  } catch (error) {
    return next(error);
  }
  res.status(503).set({ "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "retry-after": "30" });
  res.send(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Please try again shortly · Group Sessions</title></head>` +
      `<body style="font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5"><main><h1>Please try again in a minute</h1>` +
      `<p>The database is not reachable right now, so nothing was saved or changed. Your request was not sent on; once the service is back, open the page again.</p></main></body></html>`,
  );
}

/** Pages where who asked must stay unknown, even to someone who reads the logs. */
const ANONYMOUS_PATHS = /^\/concerns\/(new|follow-up)(\/|\.data|$)/i;

/**
 * Paths carry secrets (reset, invitation, confirmation and follow-up links, calendar feed tokens):
 * a segment that looks like a token is logged as ":token", so the log never holds a working link.
 */
export function redactPath(path: string): string {
  return path
    .split("/")
    .map((segment) => (/^[A-Za-z0-9_-]{20,}(\.[a-z]+)?$/.test(segment) && !/^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(segment) ? `:token${segment.match(/\.[a-z]+$/)?.[0] ?? ""}` : segment))
    .join("/");
}

/** Gives each request an id (returned in X-Request-Id, passed to Remix) and logs one line when it ends. */
function requestLog(req: Request, res: Response, next: NextFunction) {
  const id = randomUUID();
  const started = process.hrtime.bigint();
  req.headers[REQUEST_ID_HEADER] = id;
  res.setHeader(REQUEST_ID_HEADER, id);
  res.on("close", () => {
    const status = res.headersSent ? res.statusCode : 499;
    const userId = takeRequestUser(id);
    log(status >= 500 ? "error" : "info", "request", {
      requestId: id,
      method: req.method,
      path: redactPath(req.path),
      status,
      durationMs: Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10,
      // Never beside an anonymous concern: the line would name who raised it, and when.
      userId: ANONYMOUS_PATHS.test(req.path) || ANONYMOUS_PATHS.test(routePath(req.originalUrl)) ? undefined : userId,
    });
  });
  next();
}

export function createApp(build: ServerBuild, cfg: Config, options: { publicDir?: string } = {}) {
  const app = express();
  const publicDir = path.resolve(options.publicDir ?? "public");
  app.disable("x-powered-by");
  app.set("trust proxy", cfg.trustProxy);
  app.use(requestLog);
  app.use(compression());
  app.use(securityHeaders);
  const assetsDir = path.resolve(cfg.remixAssetsDir ?? path.join(publicDir, "build"));
  app.use("/build", express.static(assetsDir, { immutable: true, maxAge: "1y" }));
  // The public folder's own entries (favicon…), fixed at start: a page request is not a file, so it
  // is not looked up on disk (a stat per request, ~3 % of the server's CPU under load).
  const publicEntries = new Set(existsSync(publicDir) ? readdirSync(publicDir) : []);
  const publicFiles = express.static(publicDir, { maxAge: "1h", index: false });
  app.use((req, res, next) => (publicEntries.has(req.path.split("/")[1] ?? "") ? publicFiles(req, res, next) : next()));
  app.use((req, res, next) => {
    if (!isSignedWebhook(req) && !originAllowed(req, cfg.trustedOrigins)) {
      refuse(res, 403, "This form was sent from another site and was refused.");
      return;
    }
    if (!downloadAllowed(req, cfg.trustedOrigins)) {
      refuse(res, 403, translateMessage(CROSS_SITE_DOWNLOAD_MESSAGE, negotiateLocale(req.get("accept-language")) ?? DEFAULT_LOCALE));
      return;
    }
    // The client address for rate limiting, set here only: the proxy-aware req.ip (TRUST_PROXY
    // decides how many X-Forwarded-For hops are believed), never a header the client chose.
    req.headers["x-client-ip"] = req.ip ?? req.socket.remoteAddress ?? "unknown";
    next();
  });
  app.use(databaseGate);
  app.all("*", remixHandler(build, cfg));
  return app;
}

/** The HTTP server with bounded waits: a slow client cannot hold a connection open forever. */
export function createHttpServer(app: express.Express, cfg: Config): http.Server {
  const server = http.createServer(
    {
      headersTimeout: cfg.headersTimeoutMs,
      requestTimeout: cfg.requestTimeoutMs,
      connectionsCheckingInterval: Math.min(1000, cfg.headersTimeoutMs),
    },
    app,
  );
  server.keepAliveTimeout = 5_000;
  // "Expect: 100-continue" with a body over the limit: refuse before the client sends it.
  server.on("checkContinue", (req: http.IncomingMessage, res: http.ServerResponse) => {
    const limit = bodyLimitFor(req.url ?? "/");
    if (Number(req.headers["content-length"] ?? "0") > limit) {
      // The body was never invited, so nothing is drained: answer and close.
      res.writeHead(413, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", connection: "close" });
      res.end(tooLargeText(limit));
      return;
    }
    res.writeContinue();
    server.emit("request", req, res);
  });
  return server;
}
