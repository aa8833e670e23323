// `npm start`: plain Node, no TypeScript at run time. Builds the app when its sources changed
// (`--build`), then hands over to the compiled server build, which holds all the code
// (app/web/start.server.ts, exported by app/entry.server.tsx). The one variable read here is
// REMIX_BUILD (where the build is); everything else is read by the app's typed configuration.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

process.env.NODE_ENV ??= "production";
const buildFile = path.resolve(process.env.REMIX_BUILD ?? "build/index.js");

/** The newest modification time under the folders and files the build is made from. */
function newestSource(paths) {
  let newest = 0;
  const visit = (entry) => {
    let info;
    try {
      info = statSync(entry);
    } catch {
      return;
    }
    if (info.isDirectory()) {
      if (["build", "node_modules"].includes(path.basename(entry))) return;
      for (const name of readdirSync(entry)) visit(path.join(entry, name));
    } else newest = Math.max(newest, info.mtimeMs);
  };
  paths.forEach(visit);
  return newest;
}

if (process.argv.includes("--build")) {
  const built = existsSync(buildFile) ? statSync(buildFile).mtimeMs : 0;
  const sources = newestSource(["app", "emails", "public", "drizzle", "remix.config.js", "tsconfig.json", "package-lock.json"]);
  if (built <= sources) {
    console.log(built ? "Sources changed since the last build: building…" : "Building the app…");
    const result = spawnSync(path.resolve("node_modules/.bin/remix"), ["build"], { stdio: "inherit" });
    if (result.status !== 0) {
      console.error("The build failed (see above); nothing was started.");
      process.exit(1);
    }
  }
}

if (!existsSync(buildFile)) {
  console.error(`No server build at ${buildFile}: run \`npm run build\` first (or \`npm start\`, which builds).`);
  process.exit(1);
}
const build = await import(pathToFileURL(buildFile).href);
await build.entry.module.startServer(build);
