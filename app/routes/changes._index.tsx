import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/auth/session.server";
import { publishChange } from "~/modules/voice/changes/mutations.server";
import { changeSources, listChanges } from "~/modules/voice/changes/queries.server";
import { canPublishChanges } from "~/modules/voice/policy";
import { changeSchema } from "~/modules/voice/schema";
import { ErrorSummary, Notice, Select, TextArea } from "~/ui/form";
import { ChangeList } from "~/ui/voice-parts";
import { attempt, forbidden, formFailure, parseForm } from "~/web/http.server";
import { pageTitle, useTexts } from "~/ui/i18n";
import { targetOption } from "~/ui/voice-labels";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "voice.changes.pageTitle") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return {
    changes: await listChanges(user),
    zone: user.timezone,
    sources: canPublishChanges(user) ? await changeSources(user) : null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  if (!canPublishChanges(user)) forbidden("Only managers publish changes.");
  const form = await parseForm(request, changeSchema);
  if (!form.ok) return formFailure(form);
  const result = await attempt(form.values, () => publishChange(user, form.data, new Date()));
  if (!result.ok) return result.response;
  return { ok: true as const };
}

const none = { value: "", label: "—" };

export default function Changes() {
  const { changes, zone, sources } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const failed = data && !data.ok ? data : undefined;
  const { t } = useTexts();
  const labels = {
    audience: t("voice.changes.labels.audience"),
    youSaid: t("voice.changes.labels.youSaid"),
    weDid: t("voice.changes.labels.weDid"),
    proposalId: t("voice.changes.labels.proposalId"),
    concernId: t("voice.changes.labels.concernId"),
    feedbackGroupId: t("voice.changes.labels.feedbackGroupId"),
  };
  return (
    <>
      <h1>{t("voice.changes.title")}</h1>
      <p>{t("voice.changes.intro")}</p>
      {data?.ok ? <Notice>{t("voice.changes.published")}</Notice> : null}
      <ChangeList changes={changes} zone={zone} headingLevel={3} />
      {sources ? (
        <section aria-labelledby="publish">
          <h2 id="publish">{t("voice.changes.publishTitle")}</h2>
          <ErrorSummary data={failed} labels={labels} />
          <Form method="post" noValidate>
            <Select name="audience" label={labels.audience} options={[{ value: "org", label: t("voice.changes.everyone") }, ...sources.audiences.map((o) => targetOption(o, t))]} data={failed} />
            <TextArea name="youSaid" label={t("voice.changes.youSaidLabel")} data={failed} rows={2} />
            <TextArea name="weDid" label={t("voice.changes.weDidLabel")} data={failed} rows={3} />
            <p className="muted">{t("voice.changes.link")}</p>
            <Select name="proposalId" label={labels.proposalId} options={[none, ...sources.proposals.map((p) => ({ value: p.id, label: p.title }))]} data={failed} />
            <Select name="concernId" label={labels.concernId} hint={t("voice.changes.concernHint")} options={[none, ...sources.concerns.map((c) => ({ value: c.id, label: c.summary }))]} data={failed} />
            <Select name="feedbackGroupId" label={labels.feedbackGroupId} options={[none, ...sources.groups.map((g) => ({ value: g.id, label: t("voice.changes.feedbackIn", { group: g.name }) }))]} data={failed} />
            <button type="submit">{t("voice.changes.submit")}</button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
