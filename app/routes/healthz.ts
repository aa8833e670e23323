/** Liveness: the process answers. It never touches the database, so CPU load or a database outage cannot make a load balancer restart a healthy process (readiness is /readyz). */
export function loader() {
  return new Response("ok", { status: 200, headers: { "content-type": "text/plain", "cache-control": "no-store" } });
}
