import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { deleteFunderDefinition, saveFunderDefinition } from "~/modules/demographics/mutations.server";
import { PERIOD_RULE_LABELS, PERIOD_RULES, RETIRED_PERIOD_RULE_LABELS, resolveFunderPeriod } from "~/modules/demographics/periods";
import { funderPage, organisationZone } from "~/modules/demographics/queries.server";
import { deleteDefinitionSchema, saveDefinitionSchema } from "~/modules/demographics/schema";
import { ErrorSummary, Field, Notice, Select } from "~/ui/form";
import { FunderReportTables } from "~/ui/funder-report";
import { attempt, formFailure, parseForm } from "~/web/http.server";

export const meta: MetaFunction = () => [{ title: "Funder report · Group Sessions" }];

const LABELS = { rule: "Period", from: "First day", to: "Last day", program: "Programs", name: "Name of the saved report", definitionId: "Saved report" };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const url = new URL(request.url);
  const page = await funderPage(user, url.searchParams, new Date());
  return { ...page, organization: user.organizationName, query: url.search, saved: page.saved, notice: url.searchParams.get("notice") };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const form = await request.formData();
  if (form.get("intent") === "delete") {
    const parsed = await parseForm(request, deleteDefinitionSchema, form);
    if (!parsed.ok) return formFailure(parsed);
    const name = await deleteFunderDefinition(user, parsed.data.definitionId);
    return redirect(`/metrics/funder?notice=${encodeURIComponent(`“${name}” was deleted.`)}`);
  }
  const parsed = await parseForm(request, saveDefinitionSchema, form);
  if (!parsed.ok) return formFailure(parsed);
  const q = parsed.data;
  // The rule is checked now (fixed dates must be a whole month, quarter or year that has ended); relative rules resolve at each run.
  const check = resolveFunderPeriod(q.rule, { now: new Date(), zone: await organisationZone(user.organizationId), fixedFrom: q.from, fixedTo: q.to });
  if (!check.ok) return formFailure({ errors: { [check.field === "fixedFrom" ? "from" : "to"]: [check.message] }, values: parsed.values });
  const fixed = q.rule === "fixed";
  const saved = await attempt(parsed.values, () =>
    saveFunderDefinition(user, { name: q.name, periodRule: q.rule, fixedFrom: fixed ? q.from : null, fixedTo: fixed ? q.to : null, programIds: q.program }),
  );
  if (!saved.ok) return saved.response;
  return redirect(`/metrics/funder?saved=${saved.value}&notice=${encodeURIComponent(`Saved as “${q.name}”. Run it again any time from the list of saved reports.`)}`);
}

export default function FunderReportPage() {
  const { report, values, errors, programs, saved, savedName, organization, query, notice } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const formData = { errors, values: { rule: values.rule, from: values.from, to: values.to, program: values.program.join(",") } };
  const csvQuery = query.replace(/([?&])notice=[^&]*&?/, "$1");
  return (
    <>
      <style dangerouslySetInnerHTML={{ __html: PRINT_CSS }} />
      <h1>Funder report{savedName ? `: ${savedName}` : ""}</h1>
      <p className="no-print">
        Unduplicated participants, new and continuing, sessions and hours, completion and outcome change — each broken down by the demographics people chose to
        give. Cells of fewer than 5 people are not shown, nor any cell from which one could be worked out — within this report, or by comparing it with the
        quarter or year around it or with all programs. Reports cover whole months, quarters or years, for all programs or one. <Link to="/outcomes">Outcomes</Link> ·{" "}
        <Link to="/metrics">Dashboard</Link>
      </p>
      {notice ? <Notice>{notice}</Notice> : null}
      <ErrorSummary data={Object.keys(errors).length ? formData : failed && !failed.ok ? failed : undefined} labels={LABELS} />
      <Form method="get" className="no-print card">
        <h2>Run a report</h2>
        <Select name="rule" label="Period" data={formData} defaultValue={values.rule} options={PERIOD_RULES.map((r) => ({ value: r, label: PERIOD_RULE_LABELS[r] }))} />
        <Field
          name="from"
          label="First day (fixed dates only)"
          hint="The first day of a month, for example 2026-07-01."
          type="date"
          data={formData}
          defaultValue={values.from}
        />
        <Field
          name="to"
          label="Last day (fixed dates only)"
          hint="The last day of that month, of its quarter or of its year, for example 2026-09-30. The period must have ended."
          type="date"
          data={formData}
          defaultValue={values.to}
        />
        <Select
          name="program"
          label="Programs"
          data={formData}
          defaultValue={values.program[0] ?? ""}
          options={[{ value: "", label: "All programs" }, ...programs.map((p) => ({ value: p.id, label: p.name }))]}
        />
        <button type="submit">Run the report</button>
      </Form>
      {report ? (
        <>
          <h2>
            {organization}: {report.period.label}
          </h2>
          <p>
            {report.allPrograms ? "All programs" : report.programs.map((p) => p.name).join(", ")}. Days run midnight to midnight in {report.timezone.replace(/_/g, " ")}.
          </p>
          <p className="no-print">
            <a href={`/metrics/funder.csv${csvQuery}`} download>
              Download this report (CSV)
            </a>{" "}
            · Use your browser&apos;s Print command to print it or save it as PDF.
          </p>
          <FunderReportTables report={report} />
          <Form method="post" className="no-print card">
            <h2>Save this report to run again</h2>
            <input type="hidden" name="intent" value="save" />
            <input type="hidden" name="rule" value={values.rule} />
            <input type="hidden" name="from" value={values.from} />
            <input type="hidden" name="to" value={values.to} />
            {values.program.map((p) => (
              <input key={p} type="hidden" name="program" value={p} />
            ))}
            <Field name="name" label="Name of the saved report" hint={`It reruns “${PERIOD_RULE_LABELS[values.rule as keyof typeof PERIOD_RULE_LABELS] ?? values.rule}” for the same programs.`} data={failed && !failed.ok ? failed : undefined} />
            <button type="submit">Save</button>
          </Form>
        </>
      ) : null}
      <section className="no-print" aria-labelledby="saved-reports">
        <h2 id="saved-reports">Saved reports</h2>
        {saved.length === 0 ? <p className="muted">None yet. Run a report, then save it.</p> : null}
        <ul className="saved-reports">
          {saved.map((d) => (
            <li key={d.id}>
              <Link to={`/metrics/funder?saved=${d.id}`}>{d.name}</Link>{" "}
              <span className="muted">
                ({PERIOD_RULE_LABELS[d.periodRule as keyof typeof PERIOD_RULE_LABELS] ?? RETIRED_PERIOD_RULE_LABELS[d.periodRule] ?? d.periodRule}
                {d.periodRule === "fixed" ? `: ${d.fixedFrom} to ${d.fixedTo}` : ""})
              </span>
              {d.problem ? <span className="error-text">No longer runs: {d.problem}</span> : null}
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="delete" />
                <input type="hidden" name="definitionId" value={d.id} />
                <button type="submit" className="secondary" aria-label={`Delete the saved report ${d.name}`}>
                  Delete
                </button>
              </Form>
            </li>
          ))}
        </ul>
      </section>
      <p className="no-print">
        For billing: <a href="/metrics/medicaid-ids.csv">download Medicaid IDs (CSV)</a> — the only file that holds them in full; each person listed sees the download in their disclosure history.
      </p>
    </>
  );
}

/** Print rules for this page only: each dimension starts a new page; tables never split. */
const PRINT_CSS = `@media print {
  .report-dimension { break-before: page; }
  table { break-inside: avoid; }
  a[href]::after { content: ""; }
  body { font-size: 10pt; }
}
.report-dimension td { font-variant-numeric: tabular-nums; }
.report-dimension tr.total-row th, .report-dimension tr.total-row td { font-weight: 700; border-top: 2px solid var(--color-line); }
.saved-reports li { display: flex; flex-wrap: wrap; gap: var(--space-2); align-items: center; margin-bottom: var(--space-2); }`;
