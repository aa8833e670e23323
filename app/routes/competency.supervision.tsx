import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { supervisionEntrySchema, supervisionFilterSchema } from "~/modules/competency/schema";
import { addSupervisionEntry } from "~/modules/competency/supervision/mutations.server";
import { newFormToken } from "~/modules/forms/mutations.server";
import { formToken as formTokenField, OUT_OF_DATE } from "~/modules/forms/schema";
import { getSupervisionLog } from "~/modules/competency/supervision/queries.server";
import { SupervisionEntries, SupervisionTotals } from "~/ui/competency-supervision";
import { ErrorSummary, Field, Notice, Select, TextArea } from "~/ui/form";
import { attempt, formFailure, parseForm } from "~/web/http.server";
import { pageTitle, useTexts } from "~/ui/i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "competency.supervision.pageTitle") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const url = new URL(request.url);
  const filter = supervisionFilterSchema.parse({ person: url.searchParams.get("person") ?? "" });
  return { log: await getSupervisionLog(user, filter, new Date()), me: user.id, formToken: newFormToken() };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const data = await request.formData();
  const form = await parseForm(request, supervisionEntrySchema, data);
  if (!form.ok) return formFailure(form);
  // The one-time token: the same session sent twice is recorded once (a copy would count its hours twice).
  const token = formTokenField.safeParse(data.get("formToken") ?? undefined);
  if (!token.success) return formFailure({ errors: { _form: [OUT_OF_DATE] }, values: form.values });
  const claim = token.data ? { token: token.data, form: "supervision-entry", fields: form.values } : undefined;
  const result = await attempt(form.values, () => addSupervisionEntry(user, form.data, new Date(), claim));
  if (!result.ok) return result.response;
  return { ok: true as const, message: "Supervision entry saved." };
}


export default function SupervisionLog() {
  const { log, me, formToken } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const failed = data && !data.ok ? data : undefined;
  const { t, message } = useTexts();
  const labels = {
    heldOn: t("competency.supervision.date"),
    peerWorkerId: t("competency.supervision.peerWorker"),
    supervisorId: t("competency.supervision.supervisor"),
    minutes: t("competency.supervision.minutes"),
    topics: t("competency.supervision.topics"),
    followUps: t("competency.supervision.followUps"),
  };
  return (
    <>
      <h1>{t("competency.supervision.title")}</h1>
      <p>{t("competency.supervision.intro", { zone: log.zone.replace(/_/g, " "), today: log.today })}</p>
      {data?.ok ? <Notice>{message(data.message)}</Notice> : null}
      <ErrorSummary data={failed} labels={labels} />
      {log.peerWorkers.length > 0 ? (
        <section aria-labelledby="record">
          <h2 id="record">{t("competency.supervision.recordTitle")}</h2>
          <Form method="post" noValidate key={data?.ok ? "saved" : "form"}>
            <input type="hidden" name="formToken" value={formToken} />
            <Field name="heldOn" label={labels.heldOn} type="date" max={log.today} data={failed} defaultValue={log.today} />
            <Select
              name="peerWorkerId"
              label={labels.peerWorkerId}
              data={failed}
              options={[{ value: "", label: t("competency.supervision.choose") }, ...log.peerWorkers.map((p) => ({ value: p.id, label: p.name }))]}
            />
            <Select
              name="supervisorId"
              label={labels.supervisorId}
              data={failed}
              defaultValue={log.supervisors.some((s) => s.id === me) ? me : ""}
              options={log.supervisors.map((s) => ({ value: s.id, label: s.name }))}
            />
            <Field name="minutes" label={labels.minutes} type="number" inputMode="numeric" min={1} max={600} data={failed} />
            <TextArea name="topics" label={labels.topics} data={failed} rows={3} />
            <TextArea name="followUps" label={t("competency.supervision.followUpsOptional")} hint={t("competency.supervision.followUpsHint")} data={failed} rows={2} />
            <div className="field">
              <label>
                <input type="checkbox" name="mentoring" defaultChecked={failed?.values?.mentoring === "on"} /> {t("competency.supervision.mentoring")}
              </label>
            </div>
            <button type="submit">{t("competency.supervision.save")}</button>
          </Form>
        </section>
      ) : (
        <p className="muted">{t("competency.supervision.nobody")}</p>
      )}
      <section aria-labelledby="totals">
        <h2 id="totals">{t("competency.supervision.totalsTitle")}</h2>
        <SupervisionTotals totals={log.totals} since={log.since} />
      </section>
      <section aria-labelledby="entries">
        <h2 id="entries">{t("competency.supervision.entriesTitle")}</h2>
        <Form method="get" className="row" aria-label={t("competency.supervision.filterLabel")}>
          <Select
            name="person"
            label={t("competency.supervision.showFor")}
            defaultValue={log.person}
            options={[{ value: "", label: t("competency.supervision.everyone") }, ...log.people.map((p) => ({ value: p.id, label: p.name }))]}
          />
          <div className="field">
            <button type="submit" className="secondary">{t("competency.supervision.show")}</button>
          </div>
        </Form>
        <SupervisionEntries entries={log.entries} />
      </section>
      <p>
        <Link to="/competency/me">{t("competency.supervision.mine")}</Link>
      </p>
    </>
  );
}
