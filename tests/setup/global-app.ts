import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { createTestDatabase } from "./databases";
import { freePort } from "./ports";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    appDatabaseUrl: string;
    mailDir: string;
    /** Where the e2e app writes each text message as a file (no SMS provider configured). */
    smsDir: string;
  }
}

/** Starts the built app (npm start's server, `remix build` done by the test script) on its own database, seeded with the demo. */
export default async function setup(project: TestProject) {
  const url = await createTestDatabase(project.getProvidedContext().pgBase, project.getProvidedContext().templateDb, "e2e");
  const port = await freePort();
  const mailDir = mkdtempSync(path.join(os.tmpdir(), "gs-mail-"));
  const smsDir = mkdtempSync(path.join(os.tmpdir(), "gs-sms-"));
  const child: ChildProcess = spawn(process.execPath, ["app/cli/start.mjs"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: url,
      PORT: String(port),
      APP_URL: `http://127.0.0.1:${port}`,
      SEED: "1",
      HOST: "127.0.0.1",
      SESSION_SECRET: "e2e-session-secret-e2e-session-secret",
      COOKIE_SECURE: "false",
      MAIL_DIR: mailDir,
      SMS_DIR: smsDir,
      // The administrator may read the app's outgoing mail and texts (/admin/mail, /admin/sms).
      MAIL_VIEWER: "1",
      WORKER_INTERVAL_MS: "300",
      PASSWORD_HASH_COST: "test",
      // Parallel runs may build elsewhere (remix.config.js reads the same variables).
      ...(process.env.REMIX_BUILD ? { REMIX_BUILD: process.env.REMIX_BUILD } : {}),
      ...(process.env.REMIX_ASSETS_DIR ? { REMIX_ASSETS_DIR: process.env.REMIX_ASSETS_DIR } : {}),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`app exited early:\n${output}`);
    try {
      const res = await fetch(`${baseUrl}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`app did not start in time:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  project.provide("baseUrl", baseUrl);
  project.provide("appDatabaseUrl", url);
  project.provide("mailDir", mailDir);
  project.provide("smsDir", smsDir);
  return async () => {
    child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 300));
    if (child.exitCode === null) child.kill("SIGKILL");
  };
}
