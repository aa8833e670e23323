import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "~/config.server";

const production = { NODE_ENV: "production", DATABASE_URL: "postgres://u:p@db.example:5432/gs", APP_URL: "https://groups.example.org", SESSION_SECRET: "x".repeat(40) };

function refusal(env: Record<string, string | undefined>): string {
  try {
    parseConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("the configuration was accepted");
}

describe("configuration", () => {
  it("builds links from APP_URL, or from http://localhost:$PORT on the embedded default", () => {
    expect(parseConfig({}).appUrl).toBe("http://localhost:3000");
    expect(parseConfig({ PORT: "4100" }).appUrl).toBe("http://localhost:4100");
    expect(parseConfig({ PORT: "4100" }).trustedOrigins).toContain("http://127.0.0.1:4100");
    const cfg = parseConfig(production);
    expect(cfg.appUrl).toBe("https://groups.example.org");
    // With APP_URL set, only that origin may post forms.
    expect(cfg.trustedOrigins).toEqual(["https://groups.example.org"]);
    expect(cfg.cookieSecure).toBe(true);
  });

  it("requires APP_URL and a long SESSION_SECRET in production with DATABASE_URL, naming the variable", () => {
    expect(refusal({ ...production, APP_URL: undefined })).toMatch(/^APP_URL must be set/);
    expect(refusal({ ...production, SESSION_SECRET: undefined })).toMatch(/^SESSION_SECRET must be set/);
    expect(refusal({ ...production, SESSION_SECRET: "short" })).toMatch(/^SESSION_SECRET/);
    // The embedded database the start script runs itself needs neither.
    expect(parseConfig({ NODE_ENV: "production", DATABASE_URL: "postgres://p@127.0.0.1/x", DATABASE_EMBEDDED: "1" }).appUrl).toBe("http://localhost:3000");
  });

  it("refuses malformed values with one line naming the variable", () => {
    expect(refusal({ WORKER_INTERVAL_MS: "abc" })).toMatch(/^WORKER_INTERVAL_MS must be a whole number/);
    expect(refusal({ WORKER_INTERVAL_MS: "0" })).toMatch(/^WORKER_INTERVAL_MS/);
    expect(refusal({ PORT: "70000" })).toMatch(/^PORT/);
    expect(refusal({ SMTP_URL: "mail.example.org:587" })).toMatch(/^SMTP_URL must look like smtp:\/\//);
    expect(refusal({ SMTP_URL: "smtp://" })).toMatch(/^SMTP_URL/);
    expect(refusal({ APP_URL: "groups.example.org" })).toMatch(/^APP_URL must be a URL/);
    expect(refusal({ APP_URL: "https://groups.example.org/app" })).toMatch(/^APP_URL must be an origin only/);
    expect(refusal({ APP_URL: "ftp://groups.example.org" })).toMatch(/^APP_URL must start with https:\/\//);
    expect(refusal({ TRUST_PROXY: "true" })).toMatch(/^TRUST_PROXY must be a number of proxy hops/);
    expect(refusal({ SEED: "yes" })).toMatch(/^SEED must be 1 or 0/);
    expect(refusal({ DATABASE_URL: "mysql://x" })).toMatch(/DATABASE_URL must start with postgres:\/\//);
    for (const message of [refusal({ WORKER_INTERVAL_MS: "abc" }), refusal({ SMTP_URL: "bad" })]) expect(message).not.toContain("\n");
  });

  it("takes TRUST_PROXY as a hop count or a list of proxy addresses, never 'trust everyone'", () => {
    expect(parseConfig({}).trustProxy).toBe(false);
    expect(parseConfig({ TRUST_PROXY: "1" }).trustProxy).toBe(1);
    expect(parseConfig({ TRUST_PROXY: "10.0.0.2, 10.1.0.0/16,loopback" }).trustProxy).toEqual(["10.0.0.2", "10.1.0.0/16", "loopback"]);
  });

  it("seeds demo data only for the embedded database or when asked", () => {
    expect(parseConfig({}).seed).toBe(true);
    expect(parseConfig({ DATABASE_URL: "postgres://p@127.0.0.1/x", DATABASE_EMBEDDED: "1" }).seed).toBe(true);
    expect(parseConfig({ DATABASE_URL: "postgres://p@db/x" }).seed).toBe(false);
    expect(parseConfig({ DATABASE_URL: "postgres://p@db/x", SEED: "1" }).seed).toBe(true);
    expect(parseConfig({ SEED: "0" }).seed).toBe(false);
  });

  it("keeps the mail viewer off in production with an own database unless enabled", () => {
    expect(parseConfig(production).mailViewer).toBe(false);
    expect(parseConfig({ ...production, MAIL_VIEWER: "1" }).mailViewer).toBe(true);
    expect(parseConfig({}).mailViewer).toBe(true);
  });
});
