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

export const meta: MetaFunction = () => [{ title: "Outcome measures · Group Sessions" }];

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
  const labels = { name: "Name", instrument: "Scale or instrument", scoreMin: "Lowest possible score", scoreMax: "Highest possible score", direction: "Which way is improvement?", measureId: "Measure" };
  return (
    <>
      <h1>Outcome measures of the organisation</h1>
      <p>
        Besides the five PA-CSE 1.02 domains, the organisation can measure other outcomes as appropriate: name each measure, the scale or instrument its score comes from, the range of scores and which way is better. Staff record them at intake, at intervals and at exit on a
        participant's plan; <Link to="/outcomes">Outcomes</Link> shows the change from baseline with the same small-number rule (fewer than 5 people: not shown).
      </p>
      {data?.ok ? <Notice>{data.message}</Notice> : null}
      <ErrorSummary data={failed} labels={labels} />
      <CustomMeasuresList measures={measures} />
      {/* Keyed by the count: after a measure is added the empty form remounts, so it is not sent twice. */}
      <CustomMeasureForm key={editing?.id ?? `new-${measures.length}`} measure={editing ?? undefined} failed={failed} />
    </>
  );
}
