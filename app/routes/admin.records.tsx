import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { db } from "~/db/client.server";
import { requireUser } from "~/modules/auth/session.server";
import { setRecordsSettings } from "~/modules/records/mutations.server";
import { recordsSettingsOf } from "~/modules/records/queries.server";
import { recordsSettingsFields } from "~/modules/records/schema";
import { ErrorSummary, Notice, RadioGroup } from "~/ui/form";
import { formFailure, parseForm } from "~/web/http.server";

export const meta: MetaFunction = () => [{ title: "Service records settings · Group Sessions" }];

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
  return (
    <>
      <h1>Service records settings</h1>
      {result?.ok ? <Notice>Saved.</Notice> : null}
      <ErrorSummary data={result && !result.ok ? result : undefined} labels={{ participantsSeeProgressNotes: "Participants see their progress notes" }} />
      <Form method="post" className="card">
        <RadioGroup
          name="participantsSeeProgressNotes"
          legend="Participants read their own signed progress notes (on My progress notes)"
          hint="Drafts are never shown. Group notes and other people's notes are never shown to participants."
          options={[
            { value: "no", label: "No (the default)" },
            { value: "yes", label: "Yes" },
          ]}
          data={result && !result.ok ? result : undefined}
          defaultValue={settings.participantsSeeProgressNotes ? "yes" : "no"}
        />
        <button type="submit">Save</button>
      </Form>
    </>
  );
}
