import { Writable } from "node:stream";
import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { NonceContext } from "~/ui/nonce";
import { log, REQUEST_ID_HEADER } from "~/web/request-log.server";

// The server's start-up lives in this build too, so `npm start` (app/cli/start.mjs) runs
// compiled code and loads the domain modules once.
export { startServer } from "~/web/start.server";

const ABORT_DELAY = 5_000;

export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  log("error", "request.error", {
    requestId: request.headers.get(REQUEST_ID_HEADER) ?? undefined,
    path: new URL(request.url).pathname,
    error: error instanceof Error ? error.message : String(error),
    stack: error instanceof Error ? error.stack : undefined,
  });
};

/**
 * A page is rendered whole, then sent as one body. No route defers data (nothing uses defer, Await
 * or Suspense of its own; single fetch's inline data is the only suspended part, and it is ready
 * as soon as the loaders are), so nothing would arrive earlier for being streamed; collecting
 * React's output skips the Node-stream → web-stream → reader hops per chunk on every page.
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = typeof loadContext.cspNonce === "string" ? loadContext.cspNonce : "";
  const renderStarted = loadContext.requestStartedAt ? { wall: performance.now(), cpu: process.cpuUsage() } : null;
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const chunks: Buffer[] = [];
    const body = new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
        done();
      },
    });
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        onShellReady() {
          shellRendered = true;
        },
        onAllReady() {
          pipe(body);
        },
        onShellError(error: unknown) {
          clearTimeout(timer);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // A shell error reaches Remix (and its log) through onShellError.
          if (shellRendered) console.error(error);
        },
      },
    );
    const timer = setTimeout(abort, ABORT_DELAY);
    body.once("finish", () => {
      clearTimeout(timer);
      responseHeaders.set("Content-Type", "text/html; charset=utf-8");
      // SERVER_TIMING=1 (a diagnostic; the pages benchmark reads it): the time to the page's data
      // (its loaders, database waits included) and to render it, and the process's CPU time in
      // each (the request's own only while it is the one in flight).
      const started = loadContext.requestStartedAt;
      if (started && renderStarted) {
        const ms = (x: number) => x.toFixed(2);
        const cpuMs = (from: NodeJS.CpuUsage, to: NodeJS.CpuUsage) => (to.user - from.user + to.system - from.system) / 1000;
        const [wall, cpu] = [performance.now(), process.cpuUsage()];
        responseHeaders.set(
          "Server-Timing",
          `data;dur=${ms(renderStarted.wall - started.wall)}, render;dur=${ms(wall - renderStarted.wall)}, ` +
            `data-cpu;dur=${ms(cpuMs(started.cpu, renderStarted.cpu))}, render-cpu;dur=${ms(cpuMs(renderStarted.cpu, cpu))}`,
        );
      }
      resolve(new Response(Buffer.concat(chunks), { headers: responseHeaders, status: responseStatusCode }));
    });
  });
}
