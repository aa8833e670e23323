import path from "node:path";
import { isSupportedCountry } from "libphonenumber-js";
import { z } from "zod";

/**
 * The whole configuration, read from the environment once, typed and checked with zod.
 * Nothing else in the app reads `process.env`: a bad value stops start-up with one clear line
 * (`assertConfig()` in the start script) instead of failing per request.
 *
 * Every variable is documented in README.md ("Configuration") and `.env.example`.
 */

const flag = (name: string) =>
  z
    .enum(["0", "1", "true", "false"], { error: `${name} must be 1 or 0.` })
    .optional()
    .transform((v) => (v === undefined ? undefined : v === "1" || v === "true"));

const integer = (name: string, min: number, max: number, fallback: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return fallback;
      const n = Number(v);
      if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: "custom", message: `${name} must be a whole number from ${min} to ${max} (got "${v}").` });
        return z.NEVER;
      }
      return n;
    });

const httpUrl = (name: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return undefined;
      let url: URL;
      try {
        url = new URL(v);
      } catch {
        ctx.addIssue({ code: "custom", message: `${name} must be a URL like https://groups.example.org (got "${v}").` });
        return z.NEVER;
      }
      if (url.protocol !== "http:" && url.protocol !== "https:") {
        ctx.addIssue({ code: "custom", message: `${name} must start with https:// or http:// (got "${v}").` });
        return z.NEVER;
      }
      if (url.pathname !== "/" || url.search || url.hash || url.username || url.password) {
        ctx.addIssue({ code: "custom", message: `${name} must be an origin only, without a path, query or credentials (got "${v}").` });
        return z.NEVER;
      }
      return url.origin;
    });

/** `TRUST_PROXY`: how many proxies stand in front of the app, or which addresses they have. */
const trustProxy = z
  .string()
  .optional()
  .transform((v, ctx): number | string[] | false => {
    if (v === undefined || v.trim() === "" || v.trim() === "0") return false;
    const text = v.trim();
    if (/^\d+$/.test(text)) return Number(text);
    const parts = text.split(",").map((p) => p.trim()).filter(Boolean);
    const named = new Set(["loopback", "linklocal", "uniquelocal"]);
    const address = /^[0-9a-fA-F:.]+(\/\d{1,3})?$/;
    const bad = parts.find((p) => !named.has(p) && !address.test(p));
    if (bad !== undefined || parts.length === 0) {
      ctx.addIssue({
        code: "custom",
        message: `TRUST_PROXY must be a number of proxy hops (1) or a list of proxy addresses (10.0.0.2,loopback), not "${v}" ("true" would trust any client's X-Forwarded-For).`,
      });
      return z.NEVER;
    }
    return parts;
  });

const smtpUrl = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v.trim() === "") return undefined;
    try {
      const url = new URL(v);
      if ((url.protocol === "smtp:" || url.protocol === "smtps:") && url.hostname) return v;
    } catch {
      // reported below
    }
    ctx.addIssue({ code: "custom", message: `SMTP_URL must look like smtp://user:password@mail.example.org:587 or smtps://… (got a malformed value).` });
    return z.NEVER;
  });

/** `SMS_PROVIDER_URL`: the provider's API origin (Twilio: https://api.twilio.com); http only for a local test server. */
const smsProviderUrl = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v.trim() === "") return undefined;
    let url: URL | null = null;
    try {
      url = new URL(v);
    } catch {
      // reported below
    }
    const local = url !== null && ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
    if (!url || !(url.protocol === "https:" || (url.protocol === "http:" && local)) || url.pathname !== "/" || url.search || url.username || url.password) {
      ctx.addIssue({ code: "custom", message: `SMS_PROVIDER_URL must be the provider's https:// origin, like https://api.twilio.com (got "${v}").` });
      return z.NEVER;
    }
    return url.origin;
  });

/** `SMS_ALLOWED_COUNTRIES`: two-letter country codes (ISO 3166) whose mobiles may be texted, e.g. "US,CA"; unset: the organisation's own country only. */
const smsCountries = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v.trim() === "") return undefined;
    const codes = v.split(",").map((c) => c.trim().toUpperCase());
    const bad = codes.filter((c) => !/^[A-Z]{2}$/.test(c) || !isSupportedCountry(c));
    if (bad.length > 0) {
      ctx.addIssue({ code: "custom", message: `SMS_ALLOWED_COUNTRIES must be two-letter country codes separated by commas, like US,CA (not a country: ${bad.map((c) => `"${c}"`).join(", ")}).` });
      return z.NEVER;
    }
    return [...new Set(codes)];
  });

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"], { error: "NODE_ENV must be development, production or test." }).default("development"),
  PORT: integer("PORT", 1, 65535, 3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  APP_URL: httpUrl("APP_URL"),
  DATABASE_URL: z
    .string()
    .optional()
    .refine((v) => v === undefined || v === "" || /^postgres(ql)?:\/\/./.test(v), "DATABASE_URL must start with postgres:// or postgresql://."),
  /** Set by the start script when it runs embedded PostgreSQL itself (not by hand). */
  DATABASE_EMBEDDED: flag("DATABASE_EMBEDDED"),
  DATABASE_POOL_SIZE: integer("DATABASE_POOL_SIZE", 1, 200, 10),
  /** A diagnostic: one line per SQL statement on stderr (its text only, never its parameters). */
  DB_QUERY_LOG: flag("DB_QUERY_LOG"),
  /** A diagnostic: a Server-Timing header on each page, how long its data and its render took (timings tell a client about the server: off unless asked). */
  SERVER_TIMING: flag("SERVER_TIMING"),
  SESSION_SECRET: z.string().optional(),
  COOKIE_SECURE: flag("COOKIE_SECURE"),
  TRUST_PROXY: trustProxy,
  SEED: flag("SEED"),
  WORKER: flag("WORKER"),
  WORKER_INTERVAL_MS: integer("WORKER_INTERVAL_MS", 100, 3_600_000, 5000),
  SMTP_URL: smtpUrl,
  MAIL_FROM: z.string().min(3).default("Group Sessions <no-reply@group-sessions.local>"),
  MAIL_DIR: z.string().min(1).default(".data/mail"),
  MAIL_VIEWER: flag("MAIL_VIEWER"),
  SMS_PROVIDER_URL: smsProviderUrl,
  SMS_ACCOUNT_SID: z
    .string()
    .optional()
    .refine((v) => !v || /^AC[0-9a-fA-F]{32}$/.test(v), "SMS_ACCOUNT_SID must be the provider's account id: AC followed by 32 hexadecimal characters."),
  SMS_AUTH_TOKEN: z
    .string()
    .optional()
    .refine((v) => !v || /^\S{16,}$/.test(v), "SMS_AUTH_TOKEN must be the provider's auth token (at least 16 characters, no spaces)."),
  SMS_FROM: z
    .string()
    .optional()
    .refine((v) => !v || /^\+[1-9][0-9]{6,14}$/.test(v), "SMS_FROM must be the sending number in international form, like +15551234567."),
  SMS_DIR: z.string().min(1).default(".data/sms"),
  SMS_ALLOWED_COUNTRIES: smsCountries,
  SMS_CODES_PER_ORG_PER_DAY: integer("SMS_CODES_PER_ORG_PER_DAY", 1, 1_000_000, 200),
  PASSWORD_HASH_COST: z
    .enum(["standard", "test"], { error: 'PASSWORD_HASH_COST must be "standard" or "test".' })
    .default("standard"),
  HEADERS_TIMEOUT_MS: integer("HEADERS_TIMEOUT_MS", 1000, 600_000, 10_000),
  REQUEST_TIMEOUT_MS: integer("REQUEST_TIMEOUT_MS", 1000, 3_600_000, 60_000),
  EMBEDDED_PG_PORT: integer("EMBEDDED_PG_PORT", 1, 65535, 54329),
  EMBEDDED_PG_DIR: z.string().min(1).default(".data/postgres"),
  REMIX_BUILD: z.string().min(1).default("build/index.js"),
  REMIX_ASSETS_DIR: z.string().optional(),
  MIGRATIONS_FOLDER: z.string().optional(),
});

export type Config = {
  nodeEnv: "development" | "production" | "test";
  production: boolean;
  port: number;
  host: string;
  /** The one trusted origin every absolute link is built from (no trailing slash). */
  appUrl: string;
  /** Origins a form may be posted from (the app's own; on the embedded default also 127.0.0.1). */
  trustedOrigins: string[];
  databaseUrl: string | undefined;
  databaseEmbedded: boolean;
  databasePoolSize: number;
  dbQueryLog: boolean;
  serverTiming: boolean;
  sessionSecret: string;
  cookieSecure: boolean;
  trustProxy: number | string[] | false;
  seed: boolean;
  worker: boolean;
  workerIntervalMs: number;
  smtpUrl: string | undefined;
  mailFrom: string;
  mailDir: string;
  mailViewer: boolean;
  /** Twilio-compatible provider for text messages; undefined: texts are written as files to `smsDir`. */
  sms: { providerUrl: string; accountSid: string; authToken: string; from: string } | undefined;
  smsDir: string;
  /** Countries whose mobiles may be texted; undefined: each organisation's own default country only. */
  smsAllowedCountries: string[] | undefined;
  /** Confirmation-code texts one organisation may send in 24 hours (a brake on SMS pumping). */
  smsCodesPerOrgPerDay: number;
  passwordHashCost: "standard" | "test";
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  embeddedPgPort: number;
  embeddedPgDir: string;
  remixBuild: string;
  remixAssetsDir: string | undefined;
  migrationsFolder: string | undefined;
};

const DEV_SECRET = "dev-only-session-secret-change-me";

export class ConfigError extends Error {}

/** Parses an environment into the configuration, or throws a ConfigError naming the variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = issue.path.join(".");
    const message = issue.message.includes(name) ? issue.message : `${name}: ${issue.message}`;
    throw new ConfigError(message);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === "production";
  const databaseUrl = e.DATABASE_URL || undefined;
  const ownDatabase = Boolean(databaseUrl) && !e.DATABASE_EMBEDDED;
  if (production && ownDatabase && !e.APP_URL) {
    throw new ConfigError("APP_URL must be set when NODE_ENV=production with DATABASE_URL (the address people open, e.g. https://groups.example.org); every emailed link is built from it.");
  }
  const secret = e.SESSION_SECRET ?? "";
  if (production && ownDatabase && secret.length < 32) {
    throw new ConfigError("SESSION_SECRET must be set to at least 32 random characters when NODE_ENV=production with DATABASE_URL (e.g. `openssl rand -hex 32`).");
  }
  const smsParts = { SMS_PROVIDER_URL: e.SMS_PROVIDER_URL, SMS_ACCOUNT_SID: e.SMS_ACCOUNT_SID, SMS_AUTH_TOKEN: e.SMS_AUTH_TOKEN, SMS_FROM: e.SMS_FROM };
  const smsSet = Object.entries(smsParts).filter(([, v]) => v);
  if (smsSet.length > 0 && smsSet.length < 4) {
    const missing = Object.entries(smsParts).filter(([, v]) => !v).map(([k]) => k);
    throw new ConfigError(`${missing.join(", ")} must be set too: text messages go through the provider only with SMS_PROVIDER_URL, SMS_ACCOUNT_SID, SMS_AUTH_TOKEN and SMS_FROM all set (or none, to write them as files).`);
  }
  const sms = e.SMS_PROVIDER_URL && e.SMS_ACCOUNT_SID && e.SMS_AUTH_TOKEN && e.SMS_FROM
    ? { providerUrl: e.SMS_PROVIDER_URL, accountSid: e.SMS_ACCOUNT_SID, authToken: e.SMS_AUTH_TOKEN, from: e.SMS_FROM }
    : undefined;
  const appUrl = e.APP_URL ?? `http://localhost:${e.PORT}`;
  const trustedOrigins = e.APP_URL ? [appUrl] : [appUrl, `http://127.0.0.1:${e.PORT}`, `http://[::1]:${e.PORT}`];
  return {
    nodeEnv: e.NODE_ENV,
    production,
    port: e.PORT,
    host: e.HOST,
    appUrl,
    trustedOrigins,
    databaseUrl,
    databaseEmbedded: Boolean(e.DATABASE_EMBEDDED),
    databasePoolSize: e.DATABASE_POOL_SIZE,
    dbQueryLog: Boolean(e.DB_QUERY_LOG),
    serverTiming: Boolean(e.SERVER_TIMING),
    sessionSecret: secret || DEV_SECRET,
    cookieSecure: e.COOKIE_SECURE ?? appUrl.startsWith("https:"),
    trustProxy: e.TRUST_PROXY,
    // Demo data only when asked, except for the embedded local database (npm start keeps its demo).
    seed: e.SEED ?? !ownDatabase,
    worker: e.WORKER ?? true,
    workerIntervalMs: e.WORKER_INTERVAL_MS,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    mailDir: path.resolve(e.MAIL_DIR),
    mailViewer: e.MAIL_VIEWER ?? (!production || !ownDatabase),
    sms,
    smsDir: path.resolve(e.SMS_DIR),
    smsAllowedCountries: e.SMS_ALLOWED_COUNTRIES,
    smsCodesPerOrgPerDay: e.SMS_CODES_PER_ORG_PER_DAY,
    passwordHashCost: e.PASSWORD_HASH_COST,
    headersTimeoutMs: e.HEADERS_TIMEOUT_MS,
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    embeddedPgDir: e.EMBEDDED_PG_DIR,
    remixBuild: e.REMIX_BUILD,
    remixAssetsDir: e.REMIX_ASSETS_DIR,
    migrationsFolder: e.MIGRATIONS_FOLDER,
  };
}

const KEYS = Object.keys(schema.shape);
let cached: { fingerprint: string; config: Config } | null = null;
let settled = false;

/**
 * The server calls this once its environment is final (after embedded PostgreSQL set
 * DATABASE_URL): from then on config() returns the parsed configuration without reading the
 * environment again. Comparing its ~40 variables on every call was ~3 % of a small page's
 * server CPU, because the database client asks for the configuration on each query.
 */
export function settleConfig(): Config {
  const value = config();
  settled = true;
  return value;
}

/**
 * The current configuration. Parsed once and kept; parsed again only if the environment changed
 * (the start script sets DATABASE_URL after starting embedded PostgreSQL; test files set theirs).
 */
export function config(): Config {
  if (settled && cached) return cached.config;
  const fingerprint = KEYS.map((k) => process.env[k] ?? "\u0000").join("\u0001");
  if (cached?.fingerprint === fingerprint) return cached.config;
  const value = parseConfig(process.env);
  cached = { fingerprint, config: value };
  return value;
}

/** The trusted base URL for absolute links (emails, invitations, calendars, QR codes, jobs). */
export function appUrl(): string {
  return config().appUrl;
}
