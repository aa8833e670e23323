import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { bindableMetrics, formatFigure, metricFormat, metricLabel } from "~/modules/metrics/definitions";
import { addLogicLine, removeLogicLine, saveLogicModel } from "~/modules/metrics/mutations.server";
import { loadLogicModel, prepareView } from "~/modules/metrics/queries.server";
import { filterQuery, lineIdSchema, logicLineSchema, logicModelSchema } from "~/modules/metrics/schema";
import { ErrorSummary, Field, Notice, Select, TextArea } from "~/ui/form";
import { PeriodForm } from "~/ui/metrics-dashboard";
import { formFailure, parseForm, parseId } from "~/web/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Logic model: ${data?.program.name ?? "program"} · Group Sessions` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const programId = parseId(params.programId);
  const view = await prepareView(user, request, new Date());
  const model = await loadLogicModel(user, programId, view);
  return { ...model, period: view.period, values: view.values, periods: view.options.periods, metrics: bindableMetrics() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const programId = parseId(params.programId);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  if (intent === "model") {
    const parsed = await parseForm(request, logicModelSchema, form);
    if (!parsed.ok) return formFailure(parsed);
    await saveLogicModel(user, programId, parsed.data);
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

const TARGET_HINT = "For percentages enter 0–100 (e.g. 75 for 75%).";

export default function LogicModel() {
  const { program, model, lines, period, values, periods, metrics } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const failed = data && !data.ok ? data : undefined;
  const section = (kind: "output" | "outcome", title: string) => {
    const rows = lines.filter((l) => l.kind === kind);
    return (
      <section aria-labelledby={`${kind}s`}>
        <h2 id={`${kind}s`}>{title}</h2>
        {rows.length === 0 ? <p className="muted">None yet.</p> : null}
        {rows.length ? (
          <table>
            <thead>
              <tr>
                <th scope="col">{kind === "output" ? "Output" : "Outcome"}</th>
                <th scope="col">Live metric</th>
                <th scope="col">Target</th>
                <th scope="col">Actual ({period.label})</th>
                <th scope="col">Met?</th>
                <th scope="col" className="no-print">
                  Remove
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((l) => {
                const format = l.metricKey ? metricFormat(l.metricKey) : "count";
                const target = l.target === null ? "—" : format === "percent" ? `${l.target}%` : formatFigure(l.target, format);
                return (
                  <tr key={l.id}>
                    <th scope="row">{l.description}</th>
                    <td>{l.metricKey ? metricLabel(l.metricKey) : <span className="muted">not bound</span>}</td>
                    <td>{l.metricKey ? target : "—"}</td>
                    <td>{l.metricKey ? (l.suppressed ? `fewer than 5 people` : formatFigure(l.actual, format)) : "—"}</td>
                    <td>{l.met === null ? "—" : l.met ? "Yes" : "Not yet"}</td>
                    <td className="no-print">
                      <Form method="post">
                        <input type="hidden" name="intent" value="remove-line" />
                        <input type="hidden" name="lineId" value={l.id} />
                        <button type="submit" className="secondary">
                          Remove<span className="visually-hidden"> “{l.description}”</span>
                        </button>
                      </Form>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        ) : null}
      </section>
    );
  };
  return (
    <>
      <p className="no-print">
        <Link to={`/programs/${program.id}`}>{program.name}</Link> · <Link to={`/metrics${filterQuery({ program: program.id, period: values.period })}`}>Metrics for this program</Link>
      </p>
      <h1>Logic model: {program.name}</h1>
      {program.purpose ? <p>{program.purpose}</p> : null}
      {data?.ok ? <Notice>{data.message}</Notice> : null}
      <ErrorSummary data={failed} labels={{ description: "Description", metricKey: "Live metric", target: "Target", kind: "Kind" }} />
      <PeriodForm label="Actuals for" value={values.period} periods={periods} />
      <h2 id="narrative">Needs, inputs, activities and impact</h2>
      <Form method="post" aria-labelledby="narrative">
        <input type="hidden" name="intent" value="model" />
        <TextArea name="needs" label="Needs" hint="The needs of the people the program serves." defaultValue={model.needs} data={failed} />
        <TextArea name="inputs" label="Inputs" hint="Staff, volunteers, places, funding, partners." defaultValue={model.inputs} data={failed} />
        <TextArea name="activities" label="Activities" hint="What the program does: its groups and sessions." defaultValue={model.activities} data={failed} />
        <TextArea name="impact" label="Impact" hint="The long-term change the program contributes to." defaultValue={model.impact} data={failed} />
        <button type="submit">Save logic model</button>
      </Form>
      {section("output", "Outputs")}
      {section("outcome", "Outcomes")}
      <h2 id="add-line">Add an output or outcome</h2>
      <Form method="post" noValidate aria-labelledby="add-line" className="no-print">
        <input type="hidden" name="intent" value="add-line" />
        <Select name="kind" label="Kind" options={[{ value: "output", label: "Output" }, { value: "outcome", label: "Outcome" }]} data={failed} />
        <Field name="description" label="Description" data={failed} />
        <Select name="metricKey" label="Live metric" options={[{ value: "", label: "Not bound to a metric" }, ...metrics]} data={failed} />
        <Field name="target" label="Target" hint={TARGET_HINT} inputMode="numeric" data={failed} />
        <button type="submit">Add line</button>
      </Form>
    </>
  );
}
