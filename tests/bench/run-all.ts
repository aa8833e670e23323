/**
 * Runs every benchmark in tests/bench/ one after another and prints their figures
 * (`npm run bench`). Benchmarks print ratios and times; they are not pass/fail tests.
 * The attendance and pages benchmarks serve the built app, so the app is built first
 * (`npm run bench -- pages` runs only tests/bench/pages.bench.ts).
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const only = process.argv.slice(2);
const benches = readdirSync(here)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => only.length === 0 || only.some((name) => f.startsWith(name)))
  .sort();

const run = (command: string, args: string[]) => spawnSync(command, args, { cwd: root, stdio: "inherit" }).status ?? 1;

if (run(path.join(root, "node_modules/.bin/remix"), ["build"]) !== 0) process.exit(1);
let failed = 0;
for (const bench of benches) {
  console.log(`\n=== ${bench} ===`);
  if (run(path.join(root, "node_modules/.bin/tsx"), [path.join(here, bench)]) !== 0) failed++;
}
process.exit(failed ? 1 : 0);
