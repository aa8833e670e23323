import http from "node:http";
import net from "node:net";

export type RawResponse = { status: number; headers: http.IncomingHttpHeaders; body: string };

/**
 * One HTTP request with full control of the headers (fetch forbids Host and friends), so tests can
 * send what an attacker would: a forged Host, X-Forwarded-*, Origin: null, odd bodies.
 */
export function rawRequest(
  baseUrl: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<RawResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: options.method ?? (options.body !== undefined ? "POST" : "GET"),
        path: options.path,
        headers: {
          ...(options.body !== undefined ? { "content-length": String(Buffer.byteLength(options.body)) } : {}),
          ...options.headers,
        },
        agent: false,
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => (body += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

export const form = (values: Record<string, string>) => new URLSearchParams(values).toString();
export const FORM = "application/x-www-form-urlencoded";

/** Opens a raw TCP connection, writes `head`, and reports what the server answers and when it closes. */
export function rawSocket(baseUrl: string) {
  const url = new URL(baseUrl);
  const socket = net.connect(Number(url.port), url.hostname);
  let received = "";
  socket.setEncoding("latin1");
  socket.on("data", (d: string) => (received += d));
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  socket.on("error", () => {});
  return { socket, closed, received: () => received };
}
