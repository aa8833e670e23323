import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { appUrl, config } from "~/config.server";
import { handleInboundText } from "~/modules/notifications/sms/mutations.server";
import { signatureMatches } from "~/modules/notifications/sms/signature";

/**
 * Inbound texts from the provider (Twilio posts a form here). Only a request signed with our auth
 * token over APP_URL + this path counts: anything else is 403 and changes nothing. This path alone
 * is exempt from the browser Origin check (app/web/server.server.ts): the provider sends none,
 * and the signature is the proof instead. STOP, START and HELP are handled; the answer is TwiML.
 */
const twiml = (message: string | null) =>
  new Response(
    `<?xml version="1.0" encoding="UTF-8"?><Response>${message ? `<Message>${message.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")}</Message>` : ""}</Response>`,
    { headers: { "content-type": "text/xml; charset=utf-8", "cache-control": "no-store" } },
  );

export async function action({ request }: ActionFunctionArgs) {
  const sms = config().sms;
  if (request.method !== "POST") return new Response("Method not allowed", { status: 405, headers: { allow: "POST" } });
  // Without a provider there is nobody to sign inbound texts: refuse them all.
  if (!sms) return new Response("Text messages are not connected to a provider on this server.", { status: 403 });
  const type = request.headers.get("content-type") ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded")) return new Response("Expected a form post.", { status: 415 });
  const text = await request.text();
  if (text.length > 20_000) return new Response("Too large.", { status: 413 });
  const params = [...new URLSearchParams(text).entries()];
  // The URL the provider signed: our trusted origin and this path (and query), never the Host header.
  const url = `${appUrl()}${new URL(request.url).pathname}${new URL(request.url).search}`;
  if (!signatureMatches(sms.authToken, url, params, request.headers.get("x-twilio-signature"))) {
    return new Response("Signature check failed.", { status: 403 });
  }
  const field = (name: string) => params.find(([k]) => k === name)?.[1] ?? "";
  if (field("AccountSid") !== sms.accountSid) return new Response("Signature check failed.", { status: 403 });
  const result = await handleInboundText({ from: field("From"), body: field("Body"), now: new Date() });
  return twiml(result.reply);
}

export async function loader(_: LoaderFunctionArgs) {
  return new Response("Method not allowed", { status: 405, headers: { allow: "POST" } });
}
