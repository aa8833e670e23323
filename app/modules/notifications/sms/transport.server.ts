/**
 * Where text messages go: Twilio's REST API over HTTPS when SMS_PROVIDER_URL and its credentials
 * are set, otherwise one file per message under SMS_DIR (.data/sms), which administrators can read
 * at /admin/sms like the mail viewer. Both are behind one adapter (SmsTransport).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { config } from "~/config.server";

export type OutgoingText = { outboxId: number; to: string; body: string };
export type SmsTransport = { describe: string; send(message: OutgoingText): Promise<{ providerId?: string }> };

/** A refusal that will not change by retrying (a 4xx from the provider: bad number, unsubscribed). */
export class PermanentSmsError extends Error {}
export const isPermanentSmsFailure = (error: unknown) => error instanceof PermanentSmsError;

/** Bounded wait for the provider: a hanging API fails the attempt (retried later) instead of stalling the worker. */
export const PROVIDER_TIMEOUT_MS = 10_000;

/** The file transport's name for a message: its outbox id, so a retry overwrites instead of duplicating. */
export const smsFileName = (outboxId: number) => `sms-${String(outboxId).padStart(10, "0")}.txt`;

export function fileSmsTransport(dir: string, from = "group-sessions"): SmsTransport {
  return {
    describe: `files in ${dir}`,
    async send(message) {
      mkdirSync(dir, { recursive: true });
      const name = smsFileName(message.outboxId);
      writeFileSync(path.join(dir, name), `From: ${from}\nTo: ${message.to}\n\n${message.body}\n`);
      return { providerId: name };
    },
  };
}

export function twilioTransport(options: {
  providerUrl: string;
  accountSid: string;
  authToken: string;
  from: string;
  timeoutMs?: number;
  /** Where the provider reports delivery (APP_URL/webhooks/sms-status). */
  statusCallbackUrl?: string;
}): SmsTransport {
  const endpoint = `${options.providerUrl}/2010-04-01/Accounts/${encodeURIComponent(options.accountSid)}/Messages.json`;
  const authorization = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString("base64")}`;
  return {
    describe: `Twilio at ${new URL(options.providerUrl).host}`,
    async send(message) {
      const response = await fetch(endpoint, {
        method: "POST",
        headers: { authorization, "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
        body: new URLSearchParams({ To: message.to, From: options.from, Body: message.body, ...(options.statusCallbackUrl ? { StatusCallback: options.statusCallbackUrl } : {}) }).toString(),
        signal: AbortSignal.timeout(options.timeoutMs ?? PROVIDER_TIMEOUT_MS),
      });
      const text = await response.text();
      let parsed: { sid?: unknown; code?: unknown; message?: unknown } = {};
      try {
        parsed = JSON.parse(text) as typeof parsed;
      } catch {
        // not JSON (a proxy's error page): reported by status below
      }
      if (response.ok) return { providerId: typeof parsed.sid === "string" ? parsed.sid : undefined };
      const detail = `provider answered ${response.status}${parsed.code ? ` (code ${String(parsed.code)})` : ""}${typeof parsed.message === "string" ? `: ${parsed.message.slice(0, 200)}` : ""}`;
      // 4xx: the request itself is refused (bad number, unsubscribed recipient, bad credentials)
      // and retrying changes nothing; 429 and 5xx are the provider's temporary trouble.
      if (response.status >= 400 && response.status < 500 && response.status !== 429 && response.status !== 408) throw new PermanentSmsError(detail);
      throw new Error(detail);
    },
  };
}

/** The configured transport: Twilio when SMS_PROVIDER_URL and its credentials are set, else files. */
export function createSmsTransport(cfg = config()): SmsTransport {
  return cfg.sms ? twilioTransport({ ...cfg.sms, statusCallbackUrl: `${cfg.appUrl}/webhooks/sms-status` }) : fileSmsTransport(cfg.smsDir);
}
