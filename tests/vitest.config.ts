import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import LongestFirst from "./setup/sequencer";

const root = fileURLToPath(new URL("..", import.meta.url));
const alias = {
  "~emails": fileURLToPath(new URL("../emails", import.meta.url)),
  "~": fileURLToPath(new URL("../app", import.meta.url)),
};

const UNIT_ZONES = ["UTC", "Pacific/Auckland", "America/New_York"];

// Vitest's default is one worker per core but one, which is a single worker on a 2-core machine:
// the files then run one after another while the worker often waits — an integration file for
// PostgreSQL (its own process) and the app servers some files start, every file for its imports to
// be transformed by the main process. At least two run side by side (on a busy 2-core machine a
// set of 29 integration files took 180 s instead of 318 s, the unit tests 70 s instead of 158 s);
// each integration file has its own database, so files cannot see each other's rows.
const WORKERS = Math.max(2, availableParallelism() - 1);

export default defineConfig({
  root,
  resolve: { alias },
  test: {
    sequence: { sequencer: LongestFirst },
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
          maxWorkers: WORKERS,
          // The files of a zone share their worker's modules instead of importing the app afresh
          // for each file: 87 files × 3 zones spent 94 s importing (of 156 s of CPU); shared, 39 s
          // (63 s of CPU, 224 → 88 s). Unit code is pure; a file that changes module state it
          // does not own must put it back (tests/unit/config/settled.test.ts settles its own copy).
          isolate: false,
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
          maxWorkers: WORKERS,
          globalSetup: ["tests/setup/global-db.ts"],
          // Runs again before every file (vitest re-imports setup files even when modules are
          // shared): a fresh database per file, and a check that the file left the environment as
          // it found it.
          setupFiles: ["tests/setup/per-file-db.ts"],
          // The files share their worker's modules instead of importing the app afresh per file:
          // 154 files spent 320 s importing and 126 s in setup (of 686 s of CPU, 13:13 wall at load
          // ~7.6); shared, 169–176 files spend 27–54 s and 26–36 s (350–478 s of CPU, 6:34 wall at
          // load ~6, 10:59 at load ~10). Each file still gets its own database: the database client
          // follows DATABASE_URL, which per-file-db.ts sets before the file's imports run, and
          // closes its pool after the file. Hooks registered by a shared helper module (not inside a
          // function the file calls) would run for the first file only; no integration file mocks
          // a module, and one that leaves fake timers or an environment variable behind fails.
          // TEST_FILE_ORDER_SEED=<n> shuffles the file order (tests/setup/sequencer.ts).
          isolate: false,
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
          // Each file runs against its own app server on its own copy of the seeded demo
          // (tests/setup/per-file-app.ts), so files run side by side, as many as integration's.
          globalSetup: ["tests/setup/global-db.ts", "tests/setup/global-app.ts"],
          setupFiles: ["tests/setup/per-file-app.ts"],
          // Files share their worker's modules (playwright-core, axe, the helpers) instead of
          // importing them afresh each time; each file still has its own app and database.
          // tests/setup/per-file-app.ts registers the per-test checks, as it runs for every file.
          isolate: false,
          maxWorkers: WORKERS,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
