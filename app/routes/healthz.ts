import { databaseIsUp } from "~/db/client.server";

export async function loader() {
  const up = await databaseIsUp();
  return new Response(up ? "ok" : "database unavailable", {
    status: up ? 200 : 503,
    headers: { "content-type": "text/plain", "cache-control": "no-store" },
  });
}
