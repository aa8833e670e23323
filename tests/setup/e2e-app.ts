import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * The built app (npm start's server, `remix build` done by the test script) as the e2e tests run
 * it: production mode, its own mail and text-message folders, the demo's sign-in secret.
 */
export type E2eApp = { baseUrl: string; databaseUrl: string; mailDir: string; smsDir: string; stop: () => Promise<void> };

export async function startE2eApp(databaseUrl: string, port: number, options: { seed: boolean }): Promise<E2eApp> {
  const mailDir = mkdtempSync(path.join(os.tmpdir(), "gs-mail-"));
  const smsDir = mkdtempSync(path.join(os.tmpdir(), "gs-sms-"));
  const baseUrl = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, ["app/cli/start.mjs"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      APP_URL: baseUrl,
      SEED: options.seed ? "1" : "0",
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
  const removeFolders = () => {
    rmSync(mailDir, { recursive: true, force: true });
    rmSync(smsDir, { recursive: true, force: true });
  };
  let started = false;
  let stopping = false;
  child.once("exit", (code, signal) => {
    // An app that stops on its own mid-file leaves its tests with "connection refused": say why.
    if (started && !stopping) console.error(`The e2e app on ${baseUrl} (database ${databaseUrl}) exited by itself (${signal ?? `code ${code}`}):\n${output}`);
  });
  const stop = async () => {
    stopping = true;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGKILL");
        await exited;
      }
    }
    removeFolders();
  };
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) {
      removeFolders();
      throw new Error(`app exited early:\n${output}`);
    }
    try {
      const res = await fetch(`${baseUrl}/healthz`);
      if (res.ok) {
        started = true;
        break;
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`app did not start in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { baseUrl, databaseUrl, mailDir, smsDir, stop };
}
