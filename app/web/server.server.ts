import { randomBytes } from "node:crypto";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** CSRF defence beside SameSite=Lax: every non-GET request must come from this origin. */
export function originAllowed(req: { method: string; headers: Record<string, string | string[] | undefined> }, selfOrigin: string) {
  if (SAFE_METHODS.has(req.method)) return true;
  const origin = req.headers.origin;
  if (typeof origin === "string" && origin !== "null") return origin === selfOrigin;
  const referer = req.headers.referer;
  if (typeof referer === "string") {
    try {
      return new URL(referer).origin === selfOrigin;
    } catch {
      return false;
    }
  }
  return false;
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
  if (process.env.NODE_ENV === "production" && req.secure) {
    res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  }
  next();
}

export function createApp(build: ServerBuild, options: { publicDir?: string; trustProxy?: boolean } = {}) {
  const app = express();
  const publicDir = path.resolve(options.publicDir ?? "public");
  app.disable("x-powered-by");
  if (options.trustProxy) app.set("trust proxy", true);
  app.use(compression());
  app.use(securityHeaders);
  const assetsDir = path.resolve(process.env.REMIX_ASSETS_DIR ?? path.join(publicDir, "build"));
  app.use("/build", express.static(assetsDir, { immutable: true, maxAge: "1y" }));
  app.use(express.static(publicDir, { maxAge: "1h", index: false }));
  app.use((req, res, next) => {
    const selfOrigin = `${req.protocol}://${req.get("host")}`;
    if (!originAllowed(req, selfOrigin)) {
      res.status(403).type("text/plain").send("This form was sent from another site and was refused.");
      return;
    }
    // The client address for rate limiting, set here only (never trusted from the client).
    req.headers["x-client-ip"] = req.ip ?? req.socket.remoteAddress ?? "unknown";
    next();
  });
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: process.env.NODE_ENV,
      getLoadContext: (_req, res) => ({ cspNonce: res.locals.cspNonce as string }),
    }),
  );
  return app;
}
