import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { defineCustomMeasure, editCustomMeasure, setCustomMeasureRetired } from "~/modules/metrics/custom-measures/mutations.server";
import { customMeasuresPage } from "~/modules/metrics/custom-measures/queries.server";
import { customMeasureEditSchema, customMeasureIdSchema, customMeasureSchema } from "~/modules/metrics/schema";
import { ErrorSummary, Notice } from "~/ui/form";
import { CustomMeasureForm, CustomMeasuresList } from "~/ui/metrics-custom-measures";
import { attempt, formFailure, parseForm, parseId } from "~/web/http.server";
import { pageTitle, useTexts } from "~/ui/i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "outcomes.measures.pageTitle") }];

/** PA-CSE 1.02 "other outcomes as appropriate": managers define the organisation's own measures (domain `other`). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const measures = await customMeasuresPage(user);
  const editParam = new URL(request.url).searchParams.get("edit");
  const editing = editParam ? measures.find((m) => m.id === parseId(editParam)) : undefined;
  if (editParam && !editing) throw new Response("Measure not found", { status: 404 });
  return { measures, editing: editing ?? null };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const done = (message: string) => ({ ok: true as const, message });
  if (intent === "define") {
    const parsed = await parseForm(request, customMeasureSchema, form);
    if (!parsed.ok) return formFailure(parsed);
    const result = await attempt(parsed.values, () => defineCustomMeasure(user, parsed.data));
    return result.ok ? done(`“${parsed.data.name}” was added. Staff can record it now under the domain “Other”.`) : result.response;
  }
  if (intent === "edit") {
    const parsed = await parseForm(request, customMeasureEditSchema, form);
    if (!parsed.ok) return formFailure(parsed);
    const result = await attempt(parsed.values, () => editCustomMeasure(user, parsed.data.measureId, parsed.data));
    if (!result.ok) return result.response;
    return done(result.value ? `“${parsed.data.name}” was saved.` : "Nothing changed: the measure already reads like that.");
  }
  if (intent === "retire" || intent === "reinstate") {
    const parsed = await parseForm(request, customMeasureIdSchema, form);
    if (!parsed.ok) return formFailure(parsed);
    const changed = await setCustomMeasureRetired(user, parsed.data.measureId, intent === "retire", new Date());
    if (!changed) return done(intent === "retire" ? "The measure was already retired." : "The measure was already in use.");
    return done(intent === "retire" ? "The measure was retired: its recorded scores and figures stay; it takes no new scores." : "The measure was reinstated: staff can record it again.");
  }
  return formFailure({ errors: { _form: ["Choose an action."] } });
}

export default function OutcomeMeasures() {
  const { measures, editing } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const failed = data && !data.ok ? data : undefined;
  const { t, message } = useTexts();
  const labels = {
    name: t("outcomes.measureForm.name"),
    instrument: t("outcomes.measureForm.instrument"),
    scoreMin: t("outcomes.measureForm.scoreMin"),
    scoreMax: t("outcomes.measureForm.scoreMax"),
    direction: t("outcomes.measureForm.direction"),
    measureId: t("outcomes.measures.measure"),
  };
  return (
    <>
      <h1>{t("outcomes.measures.title")}</h1>
      <p>
        {t("outcomes.measures.introBefore")}
        <Link to="/outcomes">{t("outcomes.measures.outcomesLink")}</Link>
        {t("outcomes.measures.introAfter")}
      </p>
      {data?.ok ? <Notice>{message(data.message)}</Notice> : null}
      <ErrorSummary data={failed} labels={labels} />
      <CustomMeasuresList measures={measures} />
      {/* Keyed by the count: after a measure is added the empty form remounts, so it is not sent twice. */}
      <CustomMeasureForm key={editing?.id ?? `new-${measures.length}`} measure={editing ?? undefined} failed={failed} />
    </>
  );
}
