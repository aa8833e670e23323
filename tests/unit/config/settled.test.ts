import { afterAll, describe, expect, it } from "vitest";
import { config, settleConfig } from "~/config.server";

/**
 * The database client asks for the configuration on every query; once the server has settled it,
 * the environment is not compared again (~3 % of a small page's server CPU). Before that, a change
 * is seen (the start script sets DATABASE_URL after starting embedded PostgreSQL; test files set theirs).
 */
const saved = process.env.APP_URL;
afterAll(() => {
  if (saved === undefined) delete process.env.APP_URL;
  else process.env.APP_URL = saved;
});

describe("settled configuration", () => {
  it("follows the environment until the server settles it, then keeps what it had", () => {
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
