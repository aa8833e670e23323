import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { addUnit, assignInOrderNow, copyCurriculum, moveUnit } from "~/modules/records/curriculum/mutations.server";
import { getCurriculum } from "~/modules/records/curriculum/queries.server";
import { newFormToken } from "~/modules/forms/mutations.server";
import { formToken as formTokenField, OUT_OF_DATE } from "~/modules/forms/schema";
import { curriculumAction } from "~/modules/records/curriculum/schema";
import { ErrorSummary, Field, Notice, Select, TextArea } from "~/ui/form";
import { attempt, formFailure, parseForm, parseId } from "~/web/http.server";
import { lookup } from "~/ui/lookup";
import { pageTitle, useTexts } from "~/ui/i18n";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? pageTitle(matches, "records.curriculum.pageTitle", { group: data.group.name }) : pageTitle(matches, "records.curriculum.pageTitleNoGroup") },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  return { ...(await getCurriculum(user, parseId(params.groupId))), unitToken: newFormToken() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const groupId = parseId(params.groupId);
  const formData = await request.formData();
  const form = await parseForm(request, curriculumAction, formData);
  if (!form.ok) return formFailure(form);
  const data = form.data;
  const now = new Date();
  // The add-unit form's one-time token: the same unit sent twice is added once (a copy would take the next sessions).
  const token = formTokenField.safeParse(formData.get("formToken") ?? undefined);
  if (!token.success) return formFailure({ errors: { _form: [OUT_OF_DATE] }, values: form.values });
  const claim = data.intent === "addUnit" && token.data ? { token: token.data, form: "curriculum-unit", fields: { groupId, ...form.values } } : undefined;
  const result = await attempt(form.values, async () => {
    if (data.intent === "addUnit") await addUnit(user, groupId, data, now, claim);
    else if (data.intent === "move") await moveUnit(user, groupId, data.unitId, data.direction, now);
    else if (data.intent === "copy") await copyCurriculum(user, groupId, data.sourceGroupId, now);
    else return (await assignInOrderNow(user, groupId, now)).changed;
    return null;
  });
  if (!result.ok) return result.response;
  return redirect(`/groups/${groupId}/curriculum?done=${data.intent}${result.value === null ? "" : `&changed=${result.value}`}`);
}

const DONE: Record<string, string> = { addUnit: "records.curriculum.done.addUnit", move: "records.curriculum.done.move", copy: "records.curriculum.done.copy" };

export default function Curriculum() {
  const { group, units, withoutUnit, canEdit, copySources, unitToken } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = params.get("done");
  const active = units.filter((u) => !u.archivedAt);
  const archived = units.filter((u) => u.archivedAt);
  const { t } = useTexts();
  const doneKey = lookup(DONE, done);
  return (
    <>
      <h1>{t("records.curriculum.title", { group: group.name })}</h1>
      <p className="row">
        <Link to={`/groups/${group.id}`}>{t("records.curriculum.backToGroup")}</Link>
      </p>
      {done === "assignInOrder" ? (
        <Notice>{t("records.curriculum.done.assignInOrder", { count: /^\d{1,6}$/.test(params.get("changed") ?? "") ? params.get("changed") : "0" })}</Notice>
      ) : doneKey ? (
        <Notice>{t(doneKey)}</Notice>
      ) : null}
      <ErrorSummary data={failed} labels={{
          title: t("records.curriculum.labels.title"),
          objectives: t("records.curriculum.labels.objectives"),
          durationMinutes: t("records.curriculum.labels.duration"),
          guidance: t("records.curriculum.labels.guidance"),
          unitId: t("records.curriculum.labels.unit"),
          sourceGroupId: t("records.curriculum.labels.sourceGroup"),
        }} />
      <p className="muted">{t("records.curriculum.intro")}</p>
      {active.length === 0 ? <p>{t("records.curriculum.noUnits")}</p> : null}
      <ol aria-label={t("records.curriculum.unitsInOrder")} className="units">
        {active.map((u, i) => (
          <li key={u.id} className="card">
            <h2>
              <Link to={`/groups/${group.id}/curriculum/${u.id}`}>
                {i + 1}. {u.title}
              </Link>
            </h2>
            <p className="muted">
              {t("records.curriculum.unitFacts", { minutes: u.durationMinutes, materials: u.materials, sessions: u.sessions })}
            </p>
            {canEdit ? (
              <Form method="post" className="row">
                <input type="hidden" name="unitId" value={u.id} />
                <input type="hidden" name="intent" value="move" />
                <button type="submit" name="direction" value="up" className="secondary" disabled={i === 0}>
                  {t("records.curriculum.moveUp")}
                  <span className="visually-hidden"> {u.title}</span>
                </button>
                <button type="submit" name="direction" value="down" className="secondary" disabled={i === active.length - 1}>
                  {t("records.curriculum.moveDown")}
                  <span className="visually-hidden"> {u.title}</span>
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ol>
      {archived.length ? (
        <section aria-labelledby="archived">
          <h2 id="archived">{t("records.curriculum.archivedUnits")}</h2>
          <ul>
            {archived.map((u) => (
              <li key={u.id}>
                <Link to={`/groups/${group.id}/curriculum/${u.id}`}>{u.title}</Link> <span className="muted">{t("records.curriculum.sessionCount", { sessions: u.sessions })}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {canEdit ? (
        <>
          <section aria-labelledby="assign">
            <h2 id="assign">{t("records.curriculum.assignTitle")}</h2>
            <p>
              {t("records.curriculum.withoutUnit", { count: withoutUnit })}
            </p>
            <Form method="post">
              <button type="submit" name="intent" value="assignInOrder">
                {t("records.curriculum.assign")}
              </button>
            </Form>
          </section>
          {copySources.length ? (
            <section aria-labelledby="copy">
              <h2 id="copy">{t("records.curriculum.copyTitle")}</h2>
              <Form method="post" className="card">
                <Select name="sourceGroupId" label={t("records.curriculum.copyFrom")} options={copySources.map((g) => ({ value: g.id, label: t("records.curriculum.copyOption", { name: g.name, units: g.units }) }))} data={failed} />
                <button type="submit" name="intent" value="copy">
                  {t("records.curriculum.copy")}
                </button>
              </Form>
            </section>
          ) : null}
          <section aria-labelledby="add-unit">
            <h2 id="add-unit">{t("records.curriculum.addUnit")}</h2>
            {/* Keyed by the units: after an add the form starts empty again (the page is not remounted). */}
            <Form key={units.length} method="post" className="card" noValidate>
              <input type="hidden" name="formToken" value={unitToken} />
              <Field name="title" label={t("records.curriculum.labels.title")} data={failed} />
              <TextArea name="objectives" label={t("records.curriculum.labels.objectives")} hint={t("records.curriculum.objectivesHint")} data={failed} rows={3} />
              <Field name="durationMinutes" label={t("records.curriculum.durationMinutes")} type="number" inputMode="numeric" min={1} max={1440} data={failed} defaultValue={90} />
              <TextArea name="guidance" label={t("records.curriculum.labels.guidance")} hint={t("records.curriculum.guidanceHint")} data={failed} rows={4} />
              <button type="submit" name="intent" value="addUnit">
                {t("records.curriculum.addUnitButton")}
              </button>
            </Form>
          </section>
        </>
      ) : null}
    </>
  );
}
