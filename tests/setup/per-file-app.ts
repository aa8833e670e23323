import { afterAll, afterEach, inject } from "vitest";
import { expectNoProblemsLeft } from "../e2e/browser";
import { createTestDatabase } from "./databases";
import { startE2eApp } from "./e2e-app";
import { freePort } from "./ports";

// Each e2e file gets its own copy of the seeded demo and its own app server on it, so files run
// side by side and none sees what another changed. The file reads them through tests/e2e/app.ts.
const databaseUrl = await createTestDatabase(inject("pgBase"), inject("demoTemplateDb"), "e2e");
const app = await startE2eApp(databaseUrl, await freePort(), { seed: false });
process.env.E2E_BASE_URL = app.baseUrl;
process.env.E2E_DATABASE_URL = app.databaseUrl;
process.env.E2E_MAIL_DIR = app.mailDir;
process.env.E2E_SMS_DIR = app.smsDir;

// After every test of every file: no console error or uncaught error left in the tabs it opened.
afterEach(() => expectNoProblemsLeft());

afterAll(async () => {
  await app.stop();
});
