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

export const meta: MetaFunction = () => [{ title: "Caseload and supervisors · Group Sessions" }];

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

const labels = {
  maxGroupsPerFacilitator: "Most groups per facilitator",
  maxParticipantsPerFacilitator: "Most participants per facilitator",
  defaultSupervisorId: "Default supervisor",
  supervisorId: "Supervisor",
  facilitatorId: "Facilitator",
  urgentParticipantWeight: "An urgent intake counts as",
  appliesTo: "Applies to",
  maxGroups: "Most groups",
  maxParticipants: "Most participant load",
};

export default function CompetencySettings() {
  const { settings, staff, facilitators, supervisorOf, limits, qualifications } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const failed = data && !data.ok ? data : undefined;
  const staffOptions = [{ value: "", label: "None (the managers)" }, ...staff.map((s) => ({ value: s.id, label: `${s.name} (${s.role})` }))];
  return (
    <>
      <h1>Caseload and supervisors</h1>
      {data?.ok ? <Notice>{data.message}</Notice> : null}
      <ErrorSummary data={failed} labels={labels} />
      <section aria-labelledby="limits">
        <h2 id="limits">Caseload limits (PA-CSE 2.08)</h2>
        <p>
          Assigning a facilitator past a limit needs a manager's written reason, which is recorded. Leave a limit empty for none. The
          participant load counts each participant enrolled in the groups a facilitator leads once, or more when their registration intake
          was marked urgent (their level of need).
        </p>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="limits" />
          <Field name="maxGroupsPerFacilitator" label="Most groups per facilitator" type="number" inputMode="numeric" min={1} data={failed} defaultValue={settings.maxGroupsPerFacilitator ?? ""} />
          <Field name="maxParticipantsPerFacilitator" label="Most participants per facilitator" hint="The participant load across all the groups they lead." type="number" inputMode="numeric" min={1} data={failed} defaultValue={settings.maxParticipantsPerFacilitator ?? ""} />
          <Field name="urgentParticipantWeight" label="An urgent intake counts as" hint="1 to 5 participants; 1 counts everyone the same." type="number" inputMode="numeric" min={1} max={5} data={failed} defaultValue={settings.urgentParticipantWeight} />
          <Select name="defaultSupervisorId" label="Default supervisor" hint="Gets expiry reminders for facilitators without their own supervisor; if none, every manager does." data={failed} defaultValue={settings.defaultSupervisorId ?? ""} options={staffOptions} />
          <button type="submit">Save limits</button>
        </Form>
      </section>
      <CaseloadLimitsByRole limits={limits} qualifications={qualifications} data={failed} />
      <section aria-labelledby="supervisors">
        <h2 id="supervisors">Each facilitator's supervisor</h2>
        <p>A supervisor may observe, verify and send back that facilitator's records, and is reminded before they expire.</p>
        <table>
          <caption className="visually-hidden">Facilitators and their supervisors</caption>
          <thead>
            <tr>
              <th scope="col">Facilitator</th>
              <th scope="col">Supervisor</th>
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
                      Supervisor of {f.name}
                    </label>
                    <select id={`supervisor-${f.id}`} name="supervisorId" defaultValue={supervisorOf[f.id] ?? ""}>
                      {staffOptions
                        .filter((o) => o.value !== f.id)
                        .map((o) => (
                          <option key={o.value} value={o.value}>
                            {o.value === "" ? "Default" : o.label}
                          </option>
                        ))}
                    </select>
                    <button type="submit" className="secondary">
                      Save<span className="visually-hidden"> supervisor of {f.name}</span>
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <p>
        <Link to="/competency">Back to the matrix</Link>
      </p>
    </>
  );
}
