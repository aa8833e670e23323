import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/auth/session.server";
import { saveOwnDemographics } from "~/modules/demographics/mutations.server";
import { myDemographicsPage, ownAnswerSchema } from "~/modules/demographics/queries.server";
import { DemographicsFields, useFieldLabels } from "~/ui/demographics";
import { pageTitle, useTexts } from "~/ui/i18n";
import { ErrorSummary, Notice } from "~/ui/form";
import { formFailure, parseForm } from "~/web/http.server";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "participant.demographics.mine.pageTitle") }];

/** A participant's own demographic answers: all optional, each with "Prefer not to say". */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: ["participant"] });
  return myDemographicsPage(user);
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: ["participant"] });
  const now = new Date();
  const parsed = await parseForm(request, await ownAnswerSchema(user, now));
  if (!parsed.ok) return formFailure(parsed);
  const changed = await saveOwnDemographics(user, parsed.data, now);
  return { ok: true as const, message: changed.length ? "Your answers were saved." : "Nothing changed: your answers already read like that." };
}

export default function MyDemographics() {
  const { demographics, categories } = useLoaderData<typeof loader>();
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
      <Form method="post" noValidate>
        <DemographicsFields data={failed} current={demographics} categories={categories} />
        <button type="submit">{t("participant.demographics.mine.save")}</button>
      </Form>
    </>
  );
}
