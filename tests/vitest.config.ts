import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("..", import.meta.url));
const alias = {
  "~emails": fileURLToPath(new URL("../emails", import.meta.url)),
  "~": fileURLToPath(new URL("../app", import.meta.url)),
};

const UNIT_ZONES = ["UTC", "Pacific/Auckland", "America/New_York"];

export default defineConfig({
  root,
  resolve: { alias },
  test: {
    projects: [
      // The unit tests once per machine time zone (UTC, and two with daylight saving on either side
      // of the equator): pure code must give the same answers wherever the server runs. Each
      // project's workers start with its TZ, checked by tests/unit/time/machine-zone.test.ts.
      ...UNIT_ZONES.map((zone) => ({
        resolve: { alias },
        test: {
          name: zone === "UTC" ? "unit" : `unit ${zone}`,
          root,
          include: ["tests/unit/**/*.test.ts"],
          environment: "node",
          env: { TZ: zone, EXPECTED_TZ: zone },
        },
      })),
      {
        resolve: { alias },
        test: {
          name: "integration",
          root,
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/setup/global-db.ts"],
          setupFiles: ["tests/setup/per-file-db.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "e2e",
          root,
          include: ["tests/e2e/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/setup/global-db.ts", "tests/setup/global-app.ts"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
