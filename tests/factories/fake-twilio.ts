import http from "node:http";
import type { AddressInfo } from "node:net";

export type FakeTwilioRequest = { method: string; path: string; authorization: string; form: Record<string, string> };

/**
 * A local stand-in for Twilio's Messages API over real HTTP. `respond` decides each answer
 * (status and JSON); by default 201 with a fresh SM… sid. `hang` keeps requests open (timeouts).
 */
export async function startFakeTwilio(options: { respond?: (n: number, req: FakeTwilioRequest) => { status: number; body: unknown } } = {}) {
  const requests: FakeTwilioRequest[] = [];
  let hang = false;
  const server = http.createServer((req, res) => {
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (d: string) => (raw += d));
    req.on("end", () => {
      const entry = { method: req.method ?? "", path: req.url ?? "", authorization: req.headers.authorization ?? "", form: Object.fromEntries(new URLSearchParams(raw)) };
      requests.push(entry);
      if (hang) return; // never answers: the client's timeout must end the attempt
      const answer = options.respond?.(requests.length, entry) ?? { status: 201, body: { sid: `SM${String(requests.length).padStart(32, "0")}`, status: "queued" } };
      res.writeHead(answer.status, { "content-type": "application/json" });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setHang(value: boolean) {
      hang = value;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const PROVIDER_KEYS = ["SMS_PROVIDER_URL", "SMS_ACCOUNT_SID", "SMS_AUTH_TOKEN", "SMS_FROM"] as const;

/** Points the app's text-message provider configuration at a fake Twilio with these credentials. */
export function useSmsProvider(url: string, credentials: { sid: string; token: string; from: string }): void {
  process.env.SMS_PROVIDER_URL = url;
  process.env.SMS_ACCOUNT_SID = credentials.sid;
  process.env.SMS_AUTH_TOKEN = credentials.token;
  process.env.SMS_FROM = credentials.from;
}

/** Takes the provider configuration away again (texts go to files). */
export function clearSmsProvider(): void {
  for (const key of PROVIDER_KEYS) delete process.env[key];
}
