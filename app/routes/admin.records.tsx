import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { db } from "~/db/client.server";
import { requireUser } from "~/modules/auth/session.server";
import { setRecordsSettings } from "~/modules/records/mutations.server";
import { recordsSettingsOf } from "~/modules/records/queries.server";
import { recordsSettingsFields } from "~/modules/records/schema";
import { ErrorSummary, Notice, RadioGroup } from "~/ui/form";
import { formFailure, parseForm } from "~/web/http.server";
import { pageTitle, useTexts } from "~/ui/i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "records.settings.pageTitle") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: ["admin"] });
  return { settings: await recordsSettingsOf(db, user.organizationId) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: ["admin"] });
  const form = await parseForm(request, recordsSettingsFields);
  if (!form.ok) return formFailure(form);
  await setRecordsSettings(user, form.data, new Date());
  return { ok: true as const };
}

export default function RecordsSettings() {
  const { settings } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTexts();
  return (
    <>
      <h1>{t("records.settings.title")}</h1>
      {result?.ok ? <Notice>{t("records.saved.other")}</Notice> : null}
      <ErrorSummary data={result && !result.ok ? result : undefined} labels={{ participantsSeeProgressNotes: t("records.settings.label") }} />
      <Form method="post" className="card">
        <RadioGroup
          name="participantsSeeProgressNotes"
          legend={t("records.settings.legend")}
          hint={t("records.settings.hint")}
          options={[
            { value: "no", label: t("records.settings.no") },
            { value: "yes", label: t("records.settings.yes") },
          ]}
          data={result && !result.ok ? result : undefined}
          defaultValue={settings.participantsSeeProgressNotes ? "yes" : "no"}
        />
        <button type="submit">{t("records.settings.save")}</button>
      </Form>
    </>
  );
}
