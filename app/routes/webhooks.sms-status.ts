import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { recordDeliveryStatus } from "~/modules/notifications/sms/mutations.server";
import { readSignedProviderPost } from "~/modules/notifications/sms/webhook.server";

/**
 * Delivery reports from the provider (Twilio's StatusCallback, set on every text we send): signed
 * like /webhooks/sms and exempt from the Origin check the same way. Records the message's state.
 */
export async function action({ request }: ActionFunctionArgs) {
  const post = await readSignedProviderPost(request);
  if (!post.ok) return post.response;
  await recordDeliveryStatus({ providerId: post.field("MessageSid"), status: post.field("MessageStatus"), now: new Date() });
  return new Response(null, { status: 204 });
}

export async function loader(_: LoaderFunctionArgs) {
  return new Response("Method not allowed", { status: 405, headers: { allow: "POST" } });
}
