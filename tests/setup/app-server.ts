import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { config } from "../../app/config.server";
import { freePort } from "./ports";

export type AppServer = {
  baseUrl: string;
  port: number;
  mailDir: string;
  /** Everything the process printed so far. */
  output: () => string;
  stop: () => Promise<void>;
};

const START = path.resolve("app/cli/start.mjs");

/**
 * The environment of a production-style start against the test file's own database
 * (process.env.DATABASE_URL, set by per-file-db.ts). `env` entries override; `undefined` removes one.
 */
export function productionEnv(port: number, mailDir: string, env: Record<string, string | undefined> = {}) {
  const base: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TZ: process.env.TZ,
    NODE_ENV: "production",
    DATABASE_URL: process.env.DATABASE_URL,
    PORT: String(port),
    HOST: "127.0.0.1",
    APP_URL: `http://127.0.0.1:${port}`,
    // The test process's own secret, so cookies made by the factories (createPerson) work over HTTP.
    SESSION_SECRET: config().sessionSecret,
    MAIL_DIR: mailDir,
    WORKER: "0",
    PASSWORD_HASH_COST: "test",
    ...(process.env.REMIX_BUILD ? { REMIX_BUILD: process.env.REMIX_BUILD } : {}),
    ...(process.env.REMIX_ASSETS_DIR ? { REMIX_ASSETS_DIR: process.env.REMIX_ASSETS_DIR } : {}),
  };
  const merged = { ...base, ...env };
  return Object.fromEntries(Object.entries(merged).filter((e): e is [string, string] => e[1] !== undefined));
}

function spawnStart(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [START], { env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
  let text = "";
  child.stdout?.on("data", (d: Buffer) => (text += d));
  child.stderr?.on("data", (d: Buffer) => (text += d));
  return { child, output: () => text };
}

/**
 * Starts the built app (`remix build` output, as `npm start` serves it) on a free port, the way
 * the e2e setup does, for tests about HTTP itself: headers, origins, body limits, throttling.
 */
export async function startAppServer(options: { env?: Record<string, string | undefined> } = {}): Promise<AppServer> {
  const port = await freePort();
  const mailDir = mkdtempSync(path.join(os.tmpdir(), "gs-http-mail-"));
  const { child, output } = spawnStart(productionEnv(port, mailDir, options.env));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      rmSync(mailDir, { recursive: true, force: true });
      throw new Error(`app exited early:\n${output()}`);
    }
    try {
      const res = await fetch(`${baseUrl}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      rmSync(mailDir, { recursive: true, force: true });
      throw new Error(`app did not start in time:\n${output()}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return {
    baseUrl,
    port,
    mailDir,
    output,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      rmSync(mailDir, { recursive: true, force: true });
    },
  };
}

/** Runs the start script expecting it to refuse: resolves with its exit code and output. */
export async function startExpectingRefusal(env: Record<string, string | undefined>): Promise<{ code: number | null; output: string }> {
  const port = await freePort();
  const mailDir = mkdtempSync(path.join(os.tmpdir(), "gs-http-mail-"));
  const { child, output } = spawnStart(productionEnv(port, mailDir, env));
  const code = await Promise.race([
    new Promise<number | null>((r) => child.once("exit", (c) => r(c))),
    new Promise<"running">((r) => setTimeout(() => r("running"), 30_000)),
  ]);
  rmSync(mailDir, { recursive: true, force: true });
  if (code === "running") {
    child.kill("SIGKILL");
    throw new Error(`the app started although it should have refused:\n${output()}`);
  }
  return { code, output: output() };
}
