/**
 * Reading a post from the text-message provider: only a form signed with our auth token over
 * APP_URL + the path (X-Twilio-Signature) for our account is believed. Used by /webhooks/sms
 * (inbound texts) and /webhooks/sms-status (delivery reports).
 */
import { appUrl, config } from "~/config.server";
import { signatureMatches } from "./signature";

export type ProviderPost = { ok: true; field: (name: string) => string } | { ok: false; response: Response };

const refuse = (status: number, text: string, headers: Record<string, string> = {}): ProviderPost => ({ ok: false, response: new Response(text, { status, headers }) });

export async function readSignedProviderPost(request: Request): Promise<ProviderPost> {
  const sms = config().sms;
  if (request.method !== "POST") return refuse(405, "Method not allowed", { allow: "POST" });
  // Without a provider there is nobody to sign these posts: refuse them all.
  if (!sms) return refuse(403, "Text messages are not connected to a provider on this server.");
  const type = request.headers.get("content-type") ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded")) return refuse(415, "Expected a form post.");
  const text = await request.text();
  if (text.length > 20_000) return refuse(413, "Too large.");
  const params = [...new URLSearchParams(text).entries()];
  // The URL the provider signed: our trusted origin and this path (and query), never the Host header.
  const requested = new URL(request.url);
  const url = `${appUrl()}${requested.pathname}${requested.search}`;
  if (!signatureMatches(sms.authToken, url, params, request.headers.get("x-twilio-signature"))) return refuse(403, "Signature check failed.");
  const field = (name: string) => params.find(([k]) => k === name)?.[1] ?? "";
  if (field("AccountSid") !== sms.accountSid) return refuse(403, "Signature check failed.");
  return { ok: true, field };
}
