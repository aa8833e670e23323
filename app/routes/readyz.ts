import { readiness } from "~/modules/notifications/readiness.server";

/** Readiness: database reachable within a short timeout, migrations applied, this instance's worker ticking. */
export async function loader() {
  const report = await readiness(new Date());
  const body = `${report.ready ? "ready" : "not ready"}\n${report.checks.map((c) => `${c.ok ? "ok" : "FAIL"} ${c.name}${c.detail ? `: ${c.detail}` : ""}`).join("\n")}\n`;
  return new Response(body, { status: report.ready ? 200 : 503, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
}
