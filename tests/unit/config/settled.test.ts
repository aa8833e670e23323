import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

/**
 * The database client asks for the configuration on every query; once the server has settled it,
 * the environment is not compared again (~3 % of a small page's server CPU). Before that, a change
 * is seen (the start script sets DATABASE_URL after starting embedded PostgreSQL; test files set theirs).
 *
 * Unit files share their worker's modules (isolate: false in tests/vitest.config.ts), so this file
 * settles a copy of the configuration module of its own and leaves the shared one unsettled.
 */
type ConfigModule = typeof import("~/config.server");
let mod: ConfigModule;
const saved = process.env.APP_URL;
beforeAll(async () => {
  vi.resetModules();
  mod = await import("~/config.server");
});
afterAll(() => {
  if (saved === undefined) delete process.env.APP_URL;
  else process.env.APP_URL = saved;
  // The next file in this worker imports a fresh, unsettled configuration module.
  vi.resetModules();
});

describe("settled configuration", () => {
  it("follows the environment until the server settles it, then keeps what it had", () => {
    const { config, settleConfig } = mod;
    process.env.APP_URL = "https://first.example";
    expect(config().appUrl).toBe("https://first.example");
    process.env.APP_URL = "https://second.example";
    expect(config().appUrl).toBe("https://second.example");
    expect(settleConfig().appUrl).toBe("https://second.example");
    process.env.APP_URL = "https://third.example";
    expect(config().appUrl).toBe("https://second.example");
    expect(config()).toBe(config());
  });
});
