/**
 * One JSON line on the server's log: the request log (app/web/request-log.server.ts) and
 * capabilities that note an event (never bodies, query strings or personal data) share it.
 */
export function log(level: "info" | "warn" | "error", event: string, fields: Record<string, unknown>) {
  const line = JSON.stringify({ time: new Date().toISOString(), level, event, ...fields });
  if (level === "error") console.error(line);
  else console.log(line);
}
