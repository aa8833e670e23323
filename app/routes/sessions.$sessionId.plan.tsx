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

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Session plan: ${data?.session.groupName ?? "session"} · Group Sessions` }];

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
  return (
    <>
      <h1>Session plan: {s.groupName}</h1>
      <p>
        <SessionTime start={s.startsAt} end={s.endsAt} zone={viewerZone} />
      </p>
      <p className="row">
        <Link to={`/sessions/${s.id}/roster`}>Roster</Link>
        <Link to={`/sessions/${s.id}/notes`}>Group and progress notes</Link>
        <Link to={`/groups/${s.groupId}/curriculum`}>The group&apos;s curriculum</Link>
      </p>
      {params.get("saved") ? <Notice>Unit saved for this session.</Notice> : null}
      <ErrorSummary data={failed} labels={{ unitId: "Unit" }} />
      <SessionUnitPanel unit={unit} sessionId={s.id} full />
      {choice === "manual" ? <p className="muted">Chosen for this session by hand: giving units in order leaves it as it is.</p> : null}
      {options.length ? (
        <Form method="post" className="card" aria-label="Change the unit">
          <Select
            name="unitId"
            label="Unit this session covers"
            options={[{ value: "", label: "No unit" }, ...options.map((o, i) => ({ value: o.id, label: `${i + 1}. ${o.title}` }))]}
            data={failed}
            defaultValue={unit && !unit.archivedAt ? unit.id : ""}
          />
          <button type="submit">Save unit</button>
        </Form>
      ) : (
        <p>
          This group has no curriculum yet.{canEditCurriculum ? <> <Link to={`/groups/${s.groupId}/curriculum`}>Add units</Link>.</> : " A manager adds its units."}
        </p>
      )}
    </>
  );
}
