import { readFileSync } from "node:fs";
import path from "node:path";
import semver from "semver";
import { describe, expect, it } from "vitest";

// The machines run Node 20 (DESIGN.md). A dependency whose `engines` excludes the running Node
// installs with only a warning and may break on any call — as i18next 27 and react-i18next 18
// (node >=22) would have. Optional platform binaries are left out: npm skips those that do not fit.
describe("every installed package supports this Node", () => {
  it("declares an engines range that includes the running version (or none)", () => {
    const lock = JSON.parse(readFileSync(path.resolve("package-lock.json"), "utf8")) as {
      packages: Record<string, { engines?: { node?: string } | string[]; optional?: boolean }>;
    };
    const misfits = Object.entries(lock.packages)
      .filter(([, p]) => !p.optional && p.engines && !Array.isArray(p.engines) && p.engines.node)
      .filter(([, p]) => !semver.satisfies(process.versions.node, (p.engines as { node: string }).node))
      .map(([name, p]) => `${name.replace(/^node_modules\//, "")} needs node ${(p.engines as { node: string }).node}`);
    expect(misfits, `on Node ${process.versions.node}`).toEqual([]);
  });
});
