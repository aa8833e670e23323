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
import { pageTitle, useTexts } from "~/ui/i18n";

/**
 * The anonymous submitter's private page. The secret token in the URL is the only credential
 * (no sign-in, which would tie the concern to an account); it is never sent to other sites as a referrer (same-origin policy keeps the Origin header for our own form).
 */
export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, "voice.followUp.pageTitle") },
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
  const { t } = useTexts();
  return (
    <>
      <h1>{concern.summary}</h1>
      <p className="muted">{t("voice.followUp.intro", { zone: zone.replace(/_/g, " ") })}</p>
      {data?.ok ? <Notice>{t("voice.concernPage.messageSent")}</Notice> : null}
      {!signedIn ? (
        <Form method="get" className="row">
          <TimezoneSelect defaultValue={chosen ?? undefined} />
          <button type="submit" className="secondary">
            {t("voice.followUp.showTimes")}
          </button>
        </Form>
      ) : null}
      <ConcernThread concern={concern} zone={zone} submitterLabel={t("voice.followUp.youAnonymous")} />
      <h2>{t("voice.concernPage.reply")}</h2>
      <ErrorSummary data={failed} labels={{ body: t("voice.concernPage.yourMessage") }} />
      <Form method="post" noValidate>
        <TextArea name="body" label={t("voice.concernPage.yourMessage")} data={failed} rows={4} />
        <button type="submit">{t("voice.concernPage.sendMessage")}</button>
      </Form>
    </>
  );
}
