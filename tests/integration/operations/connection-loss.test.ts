import net from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { rawRequest } from "../../factories/http";
import { startAppServer, type AppServer } from "../../setup/app-server";

// postgres.js (3.4.x) asks each new connection for the server's array types before its first
// query, and drops that promise (porsager/postgres#1192): when the pool is ended while that
// question is unanswered — as the app does when the database stops answering — the rejection is
// unhandled, and Node ends the process. In CI it struck once in the middle of the
// database-outage test (ECONNRESET, then ECONNREFUSED for every later request). Here a proxy
// between the app and PostgreSQL holds that question unanswered, on demand, as a frozen server would.

/** What the proxy holds back (never forwards): nothing, the types question, or every query. */
type Hold = "nothing" | "types" | "everything";
type Proxy = { url: string; hold: (what: Hold) => void; held: () => number; dropAll: () => void; close: () => Promise<void> };

async function startHoldingProxy(target: URL): Promise<Proxy> {
  const sockets = new Set<net.Socket>();
  let hold: Hold = "nothing";
  let held = 0;
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    sockets.add(client);
    sockets.add(upstream);
    let ready = false;
    const cut = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("data", (chunk: Buffer) => {
      // A frozen server: the handshake went through, and then no answer ever comes.
      if ((hold === "everything" && ready) || (hold === "types" && chunk.includes("pg_catalog.pg_type"))) {
        held += 1;
        return;
      }
      upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => {
      // ReadyForQuery ('Z', length 5): the handshake is over.
      if (chunk.includes(Buffer.from([0x5a, 0, 0, 0, 5]))) ready = true;
      client.write(chunk);
    });
    for (const s of [client, upstream]) {
      s.on("error", cut);
      s.on("close", () => {
        sockets.delete(s);
        cut();
      });
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as net.AddressInfo).port;
  const url = new URL(target.href);
  url.hostname = "127.0.0.1";
  url.port = String(port);
  return {
    url: url.href,
    hold: (what) => (hold = what),
    held: () => held,
    dropAll: () => sockets.forEach((s) => s.destroy()),
    close: () => new Promise((r) => server.close(() => r())),
  };
}

let proxy: Proxy;
let app: AppServer;

beforeAll(async () => {
  proxy = await startHoldingProxy(new URL(process.env.DATABASE_URL!));
  app = await startAppServer({ env: { DATABASE_URL: proxy.url } });
});
// When a test here fails, what the server printed (a crash's stack, the logged events) says why.
beforeEach((context) => context.onTestFailed(() => console.error(`app output:\n${app?.output()}`)));
afterAll(async () => {
  await app?.stop();
  proxy?.dropAll();
  await proxy?.close();
});

async function statusWithin(pathName: string, want: number, ms: number): Promise<number> {
  const deadline = Date.now() + ms;
  let status = 0;
  while (Date.now() < deadline) {
    try {
      status = (await rawRequest(app.baseUrl, { path: pathName })).status;
    } catch {
      status = -1;
    }
    if (status === want) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return status;
}

describe("a database connection lost while it opens", () => {
  it("is logged, and the server keeps answering", async () => {
    expect((await rawRequest(app.baseUrl, { path: "/o/no-such-organisation" })).status).toBe(404);

    // The pool's connections are cut; the page's new connection gets no answer to its types question…
    proxy.hold("types");
    proxy.dropAll();
    await new Promise((r) => setTimeout(r, 1100));
    const waiting = rawRequest(app.baseUrl, { path: "/o/no-such-organisation" }).catch((error: Error) => error);
    // Until the page's new connection has asked its question (a fixed 300 ms was too short on a
    // loaded machine: the question had not reached the proxy yet).
    for (const deadline = Date.now() + 10_000; proxy.held() === 0 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 50));
    expect(proxy.held()).toBeGreaterThan(0);

    // …then the server freezes: the gate's probe gets no answer and the app ends its pool, with
    // that question still in flight.
    proxy.hold("everything");
    await new Promise((r) => setTimeout(r, 1100));
    const during = await rawRequest(app.baseUrl, { path: "/o/no-such-organisation" });
    expect(during.status).toBe(503);
    const first = await waiting;
    expect(first, "the page that was waiting got an answer").not.toBeInstanceOf(Error);

    // Back: the same process serves pages again.
    proxy.hold("nothing");
    expect((await rawRequest(app.baseUrl, { path: "/healthz" })).status).toBe(200);
    expect(await statusWithin("/o/no-such-organisation", 404, 5000)).toBe(404);
    const lines = app
      .output()
      .split("\n")
      .filter((l) => l.includes('"event":"database.connection_lost"'));
    expect(lines.length).toBeGreaterThan(0);
    expect(JSON.parse(lines[0])).toEqual(expect.objectContaining({ level: "error", code: "CONNECTION_DESTROYED" }));
  });
});
