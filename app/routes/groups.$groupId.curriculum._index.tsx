import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { addUnit, assignInOrderNow, copyCurriculum, moveUnit } from "~/modules/records/curriculum/mutations.server";
import { getCurriculum } from "~/modules/records/curriculum/queries.server";
import { curriculumAction } from "~/modules/records/curriculum/schema";
import { ErrorSummary, Field, Notice, Select, TextArea } from "~/ui/form";
import { attempt, formFailure, parseForm, parseId } from "~/web/http.server";
import { lookup } from "~/ui/lookup";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Curriculum: ${data?.group.name ?? "group"} · Group Sessions` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  return getCurriculum(user, parseId(params.groupId));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const groupId = parseId(params.groupId);
  const form = await parseForm(request, curriculumAction);
  if (!form.ok) return formFailure(form);
  const data = form.data;
  const now = new Date();
  const result = await attempt(form.values, async () => {
    if (data.intent === "addUnit") await addUnit(user, groupId, data, now);
    else if (data.intent === "move") await moveUnit(user, groupId, data.unitId, data.direction, now);
    else if (data.intent === "copy") await copyCurriculum(user, groupId, data.sourceGroupId, now);
    else return (await assignInOrderNow(user, groupId, now)).changed;
    return null;
  });
  if (!result.ok) return result.response;
  return redirect(`/groups/${groupId}/curriculum?done=${data.intent}${result.value === null ? "" : `&changed=${result.value}`}`);
}

const DONE: Record<string, string> = { addUnit: "Unit added.", move: "Order changed; sessions still to come follow it.", copy: "Curriculum copied; sessions still to come take its units in order." };

export default function Curriculum() {
  const { group, units, withoutUnit, canEdit, copySources } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = params.get("done");
  const active = units.filter((u) => !u.archivedAt);
  const archived = units.filter((u) => u.archivedAt);
  return (
    <>
      <h1>Curriculum: {group.name}</h1>
      <p className="row">
        <Link to={`/groups/${group.id}`}>Back to the group</Link>
      </p>
      {done === "assignInOrder" ? <Notice>{`Units given in order: ${/^\d{1,6}$/.test(params.get("changed") ?? "") ? params.get("changed") : "0"} session(s) changed.`}</Notice> : lookup(DONE, done) ? <Notice>{lookup(DONE, done)}</Notice> : null}
      <ErrorSummary data={failed} labels={{ title: "Title", objectives: "Objectives", durationMinutes: "Duration", guidance: "Facilitator guidance", unitId: "Unit", sourceGroupId: "Group to copy from" }} />
      <p className="muted">Sessions take the units in this order as they are scheduled. A facilitator can choose another unit for one session on its plan page; that choice is kept.</p>
      {active.length === 0 ? <p>No units yet.</p> : null}
      <ol aria-label="Units in order" className="units">
        {active.map((u, i) => (
          <li key={u.id} className="card">
            <h2>
              <Link to={`/groups/${group.id}/curriculum/${u.id}`}>
                {i + 1}. {u.title}
              </Link>
            </h2>
            <p className="muted">
              {u.durationMinutes} minutes · {u.materials} material{u.materials === 1 ? "" : "s"} · {u.sessions} session{u.sessions === 1 ? "" : "s"}
            </p>
            {canEdit ? (
              <Form method="post" className="row">
                <input type="hidden" name="unitId" value={u.id} />
                <input type="hidden" name="intent" value="move" />
                <button type="submit" name="direction" value="up" className="secondary" disabled={i === 0}>
                  Move up<span className="visually-hidden"> {u.title}</span>
                </button>
                <button type="submit" name="direction" value="down" className="secondary" disabled={i === active.length - 1}>
                  Move down<span className="visually-hidden"> {u.title}</span>
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ol>
      {archived.length ? (
        <section aria-labelledby="archived">
          <h2 id="archived">Archived units</h2>
          <ul>
            {archived.map((u) => (
              <li key={u.id}>
                <Link to={`/groups/${group.id}/curriculum/${u.id}`}>{u.title}</Link> <span className="muted">({u.sessions} session{u.sessions === 1 ? "" : "s"})</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {canEdit ? (
        <>
          <section aria-labelledby="assign">
            <h2 id="assign">Give units to sessions in order</h2>
            <p>
              {withoutUnit} session{withoutUnit === 1 ? " has" : "s have"} no unit. This gives every session without one (earlier ones too) and every session still to come the units in order; units chosen for a session by hand stay.
            </p>
            <Form method="post">
              <button type="submit" name="intent" value="assignInOrder">
                Assign in order
              </button>
            </Form>
          </section>
          {copySources.length ? (
            <section aria-labelledby="copy">
              <h2 id="copy">Start from another group&apos;s curriculum</h2>
              <Form method="post" className="card">
                <Select name="sourceGroupId" label="Group of the same program" options={copySources.map((g) => ({ value: g.id, label: `${g.name} (${g.units} unit${g.units === 1 ? "" : "s"})` }))} data={failed} />
                <button type="submit" name="intent" value="copy">
                  Copy its units and materials
                </button>
              </Form>
            </section>
          ) : null}
          <section aria-labelledby="add-unit">
            <h2 id="add-unit">Add a unit</h2>
            {/* Keyed by the units: after an add the form starts empty again (the page is not remounted). */}
            <Form key={units.length} method="post" className="card" noValidate>
              <Field name="title" label="Title" data={failed} />
              <TextArea name="objectives" label="Objectives" hint="What participants will be able to do after this unit." data={failed} rows={3} />
              <Field name="durationMinutes" label="Duration in minutes" type="number" inputMode="numeric" min={1} max={1440} data={failed} defaultValue={90} />
              <TextArea name="guidance" label="Facilitator guidance" hint="Only facilitators and managers see this." data={failed} rows={4} />
              <button type="submit" name="intent" value="addUnit">
                Add unit
              </button>
            </Form>
          </section>
        </>
      ) : null}
    </>
  );
}
