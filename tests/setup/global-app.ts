import type { TestProject } from "vitest/node";
import { createTestDatabase } from "./databases";
import { startE2eApp } from "./e2e-app";
import { freePort } from "./ports";

declare module "vitest" {
  export interface ProvidedContext {
    /** A database holding the seeded demo, cloned for each e2e file (tests/setup/per-file-app.ts). */
    demoTemplateDb: string;
  }
}

/**
 * Seeds the demo once: the built app starts with SEED=1 on a fresh database and stops again. That
 * database is then the template every e2e file clones, so each file starts from the same demo
 * whatever ran before it or beside it.
 */
export default async function setup(project: TestProject) {
  const { pgBase, templateDb } = project.getProvidedContext();
  const url = await createTestDatabase(pgBase, templateDb, "e2e_demo");
  const app = await startE2eApp(url, await freePort(), { seed: true });
  await app.stop();
  project.provide("demoTemplateDb", new URL(url).pathname.slice(1));
}
