import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { getUser } from "~/modules/auth/session.server";
import { isValidZone } from "~/modules/time/zoned";
import { TimezoneSelect } from "~/ui/timezone-select";
import { addSubmitterMessage } from "~/modules/voice/concerns/mutations.server";
import { getConcernByToken } from "~/modules/voice/concerns/queries.server";
import { followUpSchema } from "~/modules/voice/schema";
import { ErrorSummary, Notice, TextArea } from "~/ui/form";
import { ConcernThread } from "~/ui/voice-parts";
import { formFailure, parseForm } from "~/web/http.server";

/**
 * The anonymous submitter's private page. The secret token in the URL is the only credential
 * (no sign-in, which would tie the concern to an account); it is never sent to other sites as a referrer (same-origin policy keeps the Origin header for our own form).
 */
export const meta: MetaFunction = () => [
  { title: "Your concern · Group Sessions" },
  { name: "robots", content: "noindex" },
  { name: "referrer", content: "same-origin" },
];
export const headers: HeadersFunction = () => ({ "Referrer-Policy": "same-origin", "Cache-Control": "no-store" });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { concern } = await getConcernByToken(params.token ?? "");
  // Times in the reader's zone: their profile's when they happen to be signed in (nothing is
  // recorded), else the zone named in the link (?tz=, set when the link was made) or chosen below.
  const viewer = await getUser(request);
  const query = new URL(request.url).searchParams;
  const asked = query.get("timezone") ?? query.get("tz") ?? "";
  const chosen = asked.length <= 64 && isValidZone(asked) ? asked : null;
  return { concern, zone: viewer?.timezone ?? chosen ?? "UTC", signedIn: Boolean(viewer), chosen };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { concern } = await getConcernByToken(params.token ?? "");
  const form = await parseForm(request, followUpSchema);
  if (!form.ok) return formFailure(form);
  await addSubmitterMessage({ token: params.token ?? "" }, concern.id, form.data.body, new Date());
  return { ok: true as const };
}

export default function AnonymousFollowUp() {
  const { concern, zone, signedIn, chosen } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const failed = data && !data.ok ? data : undefined;
  return (
    <>
      <h1>{concern.summary}</h1>
      <p className="muted">Your anonymous concern. Times are shown in {zone.replace(/_/g, " ")}. Keep this link private.</p>
      {data?.ok ? <Notice>Your message was sent.</Notice> : null}
      {!signedIn ? (
        <Form method="get" className="row">
          <TimezoneSelect defaultValue={chosen ?? undefined} />
          <button type="submit" className="secondary">
            Show times in this zone
          </button>
        </Form>
      ) : null}
      <ConcernThread concern={concern} zone={zone} submitterLabel="you (anonymous)" />
      <h2>Reply</h2>
      <ErrorSummary data={failed} labels={{ body: "Your message" }} />
      <Form method="post" noValidate>
        <TextArea name="body" label="Your message" data={failed} rows={4} />
        <button type="submit">Send message</button>
      </Form>
    </>
  );
}
