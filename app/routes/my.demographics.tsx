import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/auth/session.server";
import { saveOwnDemographics } from "~/modules/demographics/mutations.server";
import { myDemographicsPage, ownAnswerSchema } from "~/modules/demographics/queries.server";
import { DemographicsFields, DemographicsSummary, useFieldLabels } from "~/ui/demographics";
import { pageTitle, useTexts } from "~/ui/i18n";
import { ErrorSummary, Notice } from "~/ui/form";
import { changedMeanwhile, revalidateWhenStale, SavedNow } from "~/ui/versions";
import { attempt, formFailure, formVersion, parseForm } from "~/web/http.server";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "participant.demographics.mine.pageTitle") }];

/** A participant's own demographic answers: all optional, each with "Prefer not to say". */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: ["participant"] });
  return myDemographicsPage(user);
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: ["participant"] });
  const now = new Date();
  const form = await request.formData();
  const parsed = await parseForm(request, await ownAnswerSchema(user, now), form);
  if (!parsed.ok) return formFailure(parsed);
  // The version the page was opened on: a save after staff changed an answer meanwhile is refused (nothing saved, entries kept).
  const result = await attempt(parsed.values, () => saveOwnDemographics(user, parsed.data, now, { version: formVersion(form) }));
  if (!result.ok) return result.response;
  return { ok: true as const, message: result.value.length ? "Your answers were saved." : "Nothing changed: your answers already read like that." };
}

export const shouldRevalidate = revalidateWhenStale;

export default function MyDemographics() {
  const { demographics, categories, version } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const failed = data && !data.ok ? data : undefined;
  const { t, message } = useTexts();
  const labels = useFieldLabels();
  return (
    <>
      <h1>{t("participant.demographics.mine.title")}</h1>
      <p>
        {t("participant.demographics.mine.intro")}
        <Link to="/my/privacy">{t("participant.demographics.mine.privacyLink")}</Link>.
      </p>
      {data?.ok ? <Notice>{message(data.message)}</Notice> : null}
      <ErrorSummary data={failed} labels={labels} />
      <SavedNow changed={changedMeanwhile(failed)} labels={labels}>
        <DemographicsSummary current={demographics} categories={categories} />
      </SavedNow>
      <Form method="post" noValidate>
        {/* The answers' version this page shows (or the one a refused save sent back): a save after staff changed them is refused. */}
        <input type="hidden" name="version" value={failed?.values?.version ?? version} />
        <DemographicsFields data={failed} current={demographics} categories={categories} />
        <button type="submit">{t("participant.demographics.mine.save")}</button>
      </Form>
    </>
  );
}
