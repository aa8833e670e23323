import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { removeCaseloadLimit, saveCompetencySettings, setCaseloadLimit, setSupervisor } from "~/modules/competency/settings/mutations.server";
import { getSettingsPage } from "~/modules/competency/settings/queries.server";
import { caseloadLimitSchema, removeCaseloadLimitSchema, settingsSchema, supervisorSchema } from "~/modules/competency/schema";
import { CaseloadLimitsByRole } from "~/ui/competency-caseload";
import { ErrorSummary, Field, Notice, Select } from "~/ui/form";
import { attempt, formFailure, parseForm } from "~/web/http.server";
import { pageTitle, useTexts } from "~/ui/i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "competency.settings.pageTitle") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  return getSettingsPage(user);
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (intent === "limit" || intent === "remove-limit") {
    const form = intent === "limit" ? await parseForm(request, caseloadLimitSchema, formData) : await parseForm(request, removeCaseloadLimitSchema, formData);
    if (!form.ok) return formFailure(form);
    const data = form.data;
    const result = await attempt(form.values, () => ("limitId" in data ? removeCaseloadLimit(user, data.limitId) : setCaseloadLimit(user, data)));
    if (!result.ok) return result.response;
    return { ok: true as const, message: intent === "limit" ? "Limit saved." : "Limit removed." };
  }
  if (intent === "supervisor") {
    const form = await parseForm(request, supervisorSchema, formData);
    if (!form.ok) return formFailure(form);
    const result = await attempt(form.values, () => setSupervisor(user, form.data));
    if (!result.ok) return result.response;
    return { ok: true as const, message: "Supervisor saved." };
  }
  const form = await parseForm(request, settingsSchema, formData);
  if (!form.ok) return formFailure(form);
  const result = await attempt(form.values, () => saveCompetencySettings(user, form.data));
  if (!result.ok) return result.response;
  return { ok: true as const, message: "Caseload limits and default supervisor saved." };
}

const ROLE_KEY: Record<string, string> = {
  participant: "competency.roles.participant",
  facilitator: "competency.roles.facilitator",
  manager: "competency.roles.manager",
  admin: "competency.roles.admin",
};

export default function CompetencySettings() {
  const { settings, staff, facilitators, supervisorOf, limits, qualifications } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const failed = data && !data.ok ? data : undefined;
  const { t, message } = useTexts();
  const labels = {
    maxGroupsPerFacilitator: t("competency.settings.maxGroups"),
    maxParticipantsPerFacilitator: t("competency.settings.maxParticipants"),
    defaultSupervisorId: t("competency.settings.defaultSupervisor"),
    supervisorId: t("competency.settings.supervisor"),
    facilitatorId: t("competency.settings.facilitator"),
    urgentParticipantWeight: t("competency.settings.urgentWeight"),
    appliesTo: t("competency.caseload.appliesTo"),
    maxGroups: t("competency.caseload.maxGroups"),
    maxParticipants: t("competency.caseload.maxParticipants"),
  };
  const staffOptions = [
    { value: "", label: t("competency.settings.noneManagers") },
    ...staff.map((s) => ({ value: s.id, label: `${s.name} (${ROLE_KEY[s.role] ? t(ROLE_KEY[s.role]) : s.role})` })),
  ];
  return (
    <>
      <h1>{t("competency.settings.title")}</h1>
      {data?.ok ? <Notice>{message(data.message)}</Notice> : null}
      <ErrorSummary data={failed} labels={labels} />
      <section aria-labelledby="limits">
        <h2 id="limits">{t("competency.settings.limitsTitle")}</h2>
        <p>{t("competency.settings.limitsIntro")}</p>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="limits" />
          <Field name="maxGroupsPerFacilitator" label={labels.maxGroupsPerFacilitator} type="number" inputMode="numeric" min={1} data={failed} defaultValue={settings.maxGroupsPerFacilitator ?? ""} />
          <Field
            name="maxParticipantsPerFacilitator"
            label={labels.maxParticipantsPerFacilitator}
            hint={t("competency.settings.maxParticipantsHint")}
            type="number"
            inputMode="numeric"
            min={1}
            data={failed}
            defaultValue={settings.maxParticipantsPerFacilitator ?? ""}
          />
          <Field
            name="urgentParticipantWeight"
            label={labels.urgentParticipantWeight}
            hint={t("competency.settings.urgentWeightHint")}
            type="number"
            inputMode="numeric"
            min={1}
            max={5}
            data={failed}
            defaultValue={settings.urgentParticipantWeight}
          />
          <Select
            name="defaultSupervisorId"
            label={labels.defaultSupervisorId}
            hint={t("competency.settings.defaultSupervisorHint")}
            data={failed}
            defaultValue={settings.defaultSupervisorId ?? ""}
            options={staffOptions}
          />
          <button type="submit">{t("competency.settings.saveLimits")}</button>
        </Form>
      </section>
      <CaseloadLimitsByRole limits={limits} qualifications={qualifications} data={failed} />
      <section aria-labelledby="supervisors">
        <h2 id="supervisors">{t("competency.settings.supervisorsTitle")}</h2>
        <p>{t("competency.settings.supervisorsIntro")}</p>
        <table>
          <caption className="visually-hidden">{t("competency.settings.supervisorsCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("competency.settings.facilitator")}</th>
              <th scope="col">{t("competency.settings.supervisor")}</th>
            </tr>
          </thead>
          <tbody>
            {facilitators.map((f) => (
              <tr key={f.id}>
                <th scope="row">{f.name}</th>
                <td>
                  <Form method="post" className="row">
                    <input type="hidden" name="intent" value="supervisor" />
                    <input type="hidden" name="facilitatorId" value={f.id} />
                    <label className="visually-hidden" htmlFor={`supervisor-${f.id}`}>
                      {t("competency.settings.supervisorOf", { name: f.name })}
                    </label>
                    <select id={`supervisor-${f.id}`} name="supervisorId" defaultValue={supervisorOf[f.id] ?? ""}>
                      {staffOptions
                        .filter((o) => o.value !== f.id)
                        .map((o) => (
                          <option key={o.value} value={o.value}>
                            {o.value === "" ? t("competency.settings.default") : o.label}
                          </option>
                        ))}
                    </select>
                    <button type="submit" className="secondary">
                      {t("competency.settings.save")}
                      <span className="visually-hidden">{t("competency.settings.saveSupervisorOf", { name: f.name })}</span>
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <p>
        <Link to="/competency">{t("competency.settings.back")}</Link>
      </p>
    </>
  );
}
