import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { bindableMetrics, metricFormat } from "~/modules/metrics/definitions";
import { addLogicLine, logicModelVersion, removeLogicLine, saveLogicModel } from "~/modules/metrics/mutations.server";
import { loadLogicModel, prepareView } from "~/modules/metrics/queries.server";
import { filterQuery, lineIdSchema, logicLineSchema, logicModelSchema } from "~/modules/metrics/schema";
import { ErrorSummary, Field, Notice, Select, TextArea } from "~/ui/form";
import { OutcomesWithheld, PeriodForm } from "~/ui/metrics-dashboard";
import { attempt, formFailure, formVersion, parseForm, parseId } from "~/web/http.server";
import { changedMeanwhile, revalidateWhenStale, SavedNow } from "~/ui/versions";
import { pageTitle } from "~/ui/i18n";
import { useMetricsTexts } from "~/ui/metrics-texts";
import { logicMetricName } from "~/ui/outcomes-texts";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: pageTitle(matches, "outcomes.logicModel.pageTitle", { program: data?.program.name ?? pageTitle(matches, "outcomes.logicModel.programFallback") }) },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const programId = parseId(params.programId);
  const view = await prepareView(user, request, new Date());
  const model = await loadLogicModel(user, programId, view);
  return { ...model, version: logicModelVersion(model.model), period: view.period, values: view.values, periods: view.options.periods, metrics: bindableMetrics() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const programId = parseId(params.programId);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  if (intent === "model") {
    const parsed = await parseForm(request, logicModelSchema, form);
    if (!parsed.ok) return formFailure(parsed);
    // The version the page was opened on: a save after a colleague changed a text box is refused (nothing saved, entries kept).
    const result = await attempt(parsed.values, () => saveLogicModel(user, programId, parsed.data, { version: formVersion(form) }));
    if (!result.ok) return result.response;
    return { ok: true as const, message: "The logic model was saved." };
  }
  if (intent === "add-line") {
    const parsed = await parseForm(request, logicLineSchema, form);
    if (!parsed.ok) return formFailure(parsed);
    await addLogicLine(user, programId, parsed.data);
    return { ok: true as const, message: "The line was added." };
  }
  if (intent === "remove-line") {
    const parsed = await parseForm(request, lineIdSchema, form);
    if (!parsed.ok) return formFailure(parsed);
    await removeLogicLine(user, programId, parsed.data.lineId);
    return { ok: true as const, message: "The line was removed." };
  }
  return formFailure({ errors: { _form: ["Choose an action."] } });
}

export const shouldRevalidate = revalidateWhenStale;

export default function LogicModel() {
  const { program, model, version, lines, period, values, periods, metrics, outcomesWithheld } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const failed = data && !data.ok ? data : undefined;
  const { t, message, figure, periodLabel, english } = useMetricsTexts();
  const section = (kind: "output" | "outcome", title: string) => {
    const rows = lines.filter((l) => l.kind === kind);
    return (
      <section aria-labelledby={`${kind}s`}>
        <h2 id={`${kind}s`}>{title}</h2>
        {rows.length === 0 ? <p className="muted">{t("outcomes.logicModel.noneYet")}</p> : null}
        {rows.length ? (
          // Six columns do not fit a phone: the table scrolls inside its region, never the page.
          <div className="table-scroll" role="region" aria-labelledby={`${kind}s`} tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{kind === "output" ? t("outcomes.logicModel.output") : t("outcomes.logicModel.outcome")}</th>
                <th scope="col">{t("outcomes.logicModel.metric")}</th>
                <th scope="col">{t("outcomes.logicModel.target")}</th>
                <th scope="col">{t("outcomes.logicModel.actual", { period: periodLabel(period) })}</th>
                <th scope="col">{t("outcomes.logicModel.met")}</th>
                <th scope="col" className="no-print">
                  {t("outcomes.logicModel.remove")}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((l) => {
                const format = l.metricKey ? metricFormat(l.metricKey) : "count";
                // Percent targets are entered 0–100 ("75" for 75%); a figure of that format is a share.
                const target = l.target === null ? "—" : format === "percent" ? (english ? `${l.target}%` : figure(l.target / 100, "percent")) : figure(l.target, format);
                return (
                  <tr key={l.id}>
                    <th scope="row">{l.description}</th>
                    <td>{l.metricKey ? logicMetricName(t, l.metricKey) : <span className="muted">{t("outcomes.logicModel.notBound")}</span>}</td>
                    <td>{l.metricKey ? target : "—"}</td>
                    <td>{l.metricKey ? (l.withheld ? t("outcomes.logicModel.withheld") : l.suppressed ? t("outcomes.logicModel.fewerThan5") : figure(l.actual, format)) : "—"}</td>
                    <td>{l.met === null ? "—" : l.met ? t("outcomes.logicModel.yes") : t("outcomes.logicModel.notYet")}</td>
                    <td className="no-print">
                      <Form method="post">
                        <input type="hidden" name="intent" value="remove-line" />
                        <input type="hidden" name="lineId" value={l.id} />
                        <button type="submit" className="secondary">
                          {t("outcomes.logicModel.remove")}
                          <span className="visually-hidden"> “{l.description}”</span>
                        </button>
                      </Form>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          </div>
        ) : null}
        {kind === "outcome" && outcomesWithheld ? (
          <OutcomesWithheld section={{ withheld: outcomesWithheld.reason, lastQuarter: outcomesWithheld.lastQuarter }} values={values} path={`/programs/${program.id}/logic-model`} />
        ) : null}
      </section>
    );
  };
  return (
    <>
      <p className="no-print">
        <Link to={`/programs/${program.id}`}>{program.name}</Link> ·{" "}
        <Link to={`/metrics${filterQuery({ program: program.id, period: values.period })}`}>{t("outcomes.logicModel.metrics")}</Link>
      </p>
      <h1>{t("outcomes.logicModel.title", { program: program.name })}</h1>
      {program.purpose ? <p>{program.purpose}</p> : null}
      {data?.ok ? <Notice>{message(data.message)}</Notice> : null}
      <ErrorSummary
        data={failed}
        labels={{ description: t("outcomes.logicModel.description"), metricKey: t("outcomes.logicModel.metric"), target: t("outcomes.logicModel.target"), kind: t("outcomes.logicModel.kind") }}
      />
      <PeriodForm label={t("outcomes.logicModel.actualsFor")} value={values.period} periods={periods} />
      <h2 id="narrative">{t("outcomes.logicModel.narrative")}</h2>
      <SavedNow
        changed={failed?.values?.intent === "model" ? changedMeanwhile(failed) : []}
        labels={{ needs: t("outcomes.logicModel.needs"), inputs: t("outcomes.logicModel.inputs"), activities: t("outcomes.logicModel.activities"), impact: t("outcomes.logicModel.impact") }}
      >
        <dl>
          {(["needs", "inputs", "activities", "impact"] as const).map((field) => (
            <div key={field}>
              <dt>{t(`outcomes.logicModel.${field}`)}</dt>
              <dd style={{ whiteSpace: "pre-line" }}>{model[field]}</dd>
            </div>
          ))}
        </dl>
      </SavedNow>
      <Form method="post" aria-labelledby="narrative">
        <input type="hidden" name="intent" value="model" />
        {/* The text boxes' version this page shows (or the one a refused save sent back): a save after someone else changed them is refused. */}
        <input type="hidden" name="version" value={(failed?.values?.intent === "model" ? failed.values.version : undefined) ?? version} />
        <TextArea name="needs" label={t("outcomes.logicModel.needs")} hint={t("outcomes.logicModel.needsHint")} defaultValue={model.needs} data={failed} />
        <TextArea name="inputs" label={t("outcomes.logicModel.inputs")} hint={t("outcomes.logicModel.inputsHint")} defaultValue={model.inputs} data={failed} />
        <TextArea name="activities" label={t("outcomes.logicModel.activities")} hint={t("outcomes.logicModel.activitiesHint")} defaultValue={model.activities} data={failed} />
        <TextArea name="impact" label={t("outcomes.logicModel.impact")} hint={t("outcomes.logicModel.impactHint")} defaultValue={model.impact} data={failed} />
        <button type="submit">{t("outcomes.logicModel.save")}</button>
      </Form>
      {section("output", t("outcomes.logicModel.outputs"))}
      {section("outcome", t("outcomes.logicModel.outcomes"))}
      <h2 id="add-line">{t("outcomes.logicModel.addTitle")}</h2>
      <Form method="post" noValidate aria-labelledby="add-line" className="no-print">
        <input type="hidden" name="intent" value="add-line" />
        <Select
          name="kind"
          label={t("outcomes.logicModel.kind")}
          options={[
            { value: "output", label: t("outcomes.logicModel.output") },
            { value: "outcome", label: t("outcomes.logicModel.outcome") },
          ]}
          data={failed}
        />
        <Field name="description" label={t("outcomes.logicModel.description")} data={failed} />
        <Select
          name="metricKey"
          label={t("outcomes.logicModel.metric")}
          options={[{ value: "", label: t("outcomes.logicModel.notBoundOption") }, ...metrics.map((m) => ({ value: m.value, label: logicMetricName(t, m.value) }))]}
          data={failed}
        />
        <Field name="target" label={t("outcomes.logicModel.target")} hint={t("outcomes.logicModel.targetHint")} inputMode="numeric" data={failed} />
        <button type="submit">{t("outcomes.logicModel.add")}</button>
      </Form>
    </>
  );
}
