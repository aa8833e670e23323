import "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    cspNonce?: string;
    /** SERVER_TIMING=1 only: when the request reached Remix, as performance.now() and the process's CPU time (entry.server.tsx reports data and render times from them). */
    requestStartedAt?: { wall: number; cpu: NodeJS.CpuUsage };
  }
}
