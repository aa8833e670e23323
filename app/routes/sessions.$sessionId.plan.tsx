import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { setSessionUnit } from "~/modules/records/curriculum/mutations.server";
import { getSessionPlan } from "~/modules/records/curriculum/queries.server";
import { sessionUnitFields } from "~/modules/records/curriculum/schema";
import { SessionUnitPanel } from "~/ui/curriculum";
import { ErrorSummary, Notice, Select } from "~/ui/form";
import { SessionTime } from "~/ui/time";
import { attempt, formFailure, parseForm, parseId } from "~/web/http.server";
import { pageTitle, useTexts } from "~/ui/i18n";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: pageTitle(matches, "attendance.plan.pageTitle", { group: data?.session.groupName ?? pageTitle(matches, "attendance.roster.sessionFallback") }) },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  return { ...(await getSessionPlan(user, parseId(params.sessionId))), viewerZone: user.timezone };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const sessionId = parseId(params.sessionId);
  const form = await parseForm(request, sessionUnitFields);
  if (!form.ok) return formFailure(form);
  const result = await attempt(form.values, () => setSessionUnit(user, sessionId, form.data.unitId, new Date()));
  if (!result.ok) return result.response;
  return redirect(`/sessions/${sessionId}/plan?saved=1`);
}

export default function SessionPlan() {
  const { session: s, unit, choice, options, canEditCurriculum, viewerZone } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useTexts();
  return (
    <>
      <h1>{t("attendance.plan.title", { group: s.groupName })}</h1>
      <p>
        <SessionTime start={s.startsAt} end={s.endsAt} zone={viewerZone} />
      </p>
      <p className="row">
        <Link to={`/sessions/${s.id}/roster`}>{t("attendance.plan.roster")}</Link>
        <Link to={`/sessions/${s.id}/notes`}>{t("attendance.roster.links.notes")}</Link>
        <Link to={`/groups/${s.groupId}/curriculum`}>{t("attendance.plan.curriculum")}</Link>
      </p>
      {params.get("saved") ? <Notice>{t("attendance.plan.saved")}</Notice> : null}
      <ErrorSummary data={failed} labels={{ unitId: t("attendance.plan.unit") }} />
      <SessionUnitPanel unit={unit} sessionId={s.id} full />
      {choice === "manual" ? <p className="muted">{t("attendance.plan.manual")}</p> : null}
      {options.length ? (
        <Form method="post" className="card" aria-label={t("attendance.plan.change")}>
          <Select
            name="unitId"
            label={t("attendance.plan.unitLabel")}
            options={[{ value: "", label: t("attendance.plan.noUnit") }, ...options.map((o, i) => ({ value: o.id, label: `${i + 1}. ${o.title}` }))]}
            data={failed}
            defaultValue={unit && !unit.archivedAt ? unit.id : ""}
          />
          <button type="submit">{t("attendance.plan.save")}</button>
        </Form>
      ) : (
        <p>
          {t("attendance.plan.none")}
          {canEditCurriculum ? (
            <>
              {" "}
              <Link to={`/groups/${s.groupId}/curriculum`}>{t("attendance.plan.addUnits")}</Link>.
            </>
          ) : (
            t("attendance.plan.managerAdds")
          )}
        </p>
      )}
    </>
  );
}
