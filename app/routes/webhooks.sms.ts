import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { handleInboundText } from "~/modules/notifications/sms/mutations.server";
import { readSignedProviderPost } from "~/modules/notifications/sms/webhook.server";

/**
 * Inbound texts from the provider (Twilio posts a form here). Only a request signed with our auth
 * token over APP_URL + this path counts: anything else is 403 and changes nothing. This path is
 * exempt from the browser Origin check (app/web/server.server.ts): the provider sends none, and
 * the signature is the proof instead. STOP, START and HELP are handled, each MessageSid once (a
 * replayed capture changes nothing); the answer is TwiML.
 */
const twiml = (message: string | null) =>
  new Response(
    `<?xml version="1.0" encoding="UTF-8"?><Response>${message ? `<Message>${message.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")}</Message>` : ""}</Response>`,
    { headers: { "content-type": "text/xml; charset=utf-8", "cache-control": "no-store" } },
  );

export async function action({ request }: ActionFunctionArgs) {
  const post = await readSignedProviderPost(request);
  if (!post.ok) return post.response;
  const result = await handleInboundText({ from: post.field("From"), body: post.field("Body"), optOutType: post.field("OptOutType"), messageSid: post.field("MessageSid"), now: new Date() });
  // A repeat of a message already handled gets an empty answer (200, so the provider does not retry).
  return twiml(result.reply);
}

export async function loader(_: LoaderFunctionArgs) {
  return new Response("Method not allowed", { status: 405, headers: { allow: "POST" } });
}
