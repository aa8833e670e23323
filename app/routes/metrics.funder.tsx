import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { deleteFunderDefinition, saveFunderDefinition } from "~/modules/demographics/mutations.server";
import { PERIOD_RULE_LABELS, PERIOD_RULES, RETIRED_PERIOD_RULE_LABELS, resolveFunderPeriod } from "~/modules/demographics/periods";
import { pageTitle } from "~/ui/i18n";
import { useMetricsTexts } from "~/ui/metrics-texts";
import { funderPage, organisationZone } from "~/modules/demographics/queries.server";
import { deleteDefinitionSchema, saveDefinitionSchema } from "~/modules/demographics/schema";
import { ErrorSummary, Field, Notice, Select } from "~/ui/form";
import { FunderReportTables } from "~/ui/funder-report";
import { attempt, formFailure, parseForm } from "~/web/http.server";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "metrics.funder.pageTitle") }];

const LABELS = {
  rule: "metrics.filters.period",
  from: "metrics.filters.firstDay",
  to: "metrics.filters.lastDay",
  program: "metrics.funder.programs",
  name: "metrics.funder.name",
  definitionId: "metrics.funder.savedReport",
} as const;
const RULE_LABEL: Record<string, string> = {
  last_quarter: "metrics.funder.rule.lastQuarter",
  last_year: "metrics.funder.rule.lastYear",
  fixed: "metrics.funder.rule.fixed",
  last_month: "metrics.funder.rule.lastMonth",
  year_to_date: "metrics.funder.rule.yearToDate",
  last_12_months: "metrics.funder.rule.last12Months",
};

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
  const { t, message, funderPeriod } = useMetricsTexts();
  const ruleLabel = (rule: string) => (RULE_LABEL[rule] ? t(RULE_LABEL[rule]) : (PERIOD_RULE_LABELS[rule as keyof typeof PERIOD_RULE_LABELS] ?? RETIRED_PERIOD_RULE_LABELS[rule] ?? rule));
  const labels = Object.fromEntries(Object.entries(LABELS).map(([k, v]) => [k, t(v)]));
  return (
    <>
      <style dangerouslySetInnerHTML={{ __html: PRINT_CSS }} />
      <h1>{savedName ? t("metrics.funder.titleSaved", { name: savedName }) : t("metrics.funder.title")}</h1>
      <p className="no-print">
        {t("metrics.funder.intro")} <Link to="/outcomes">{t("metrics.dashboard.outcomes")}</Link> · <Link to="/metrics">{t("metrics.funder.dashboard")}</Link>
      </p>
      {notice ? <Notice>{message(notice)}</Notice> : null}
      <ErrorSummary data={Object.keys(errors).length ? formData : failed && !failed.ok ? failed : undefined} labels={labels} />
      <Form method="get" className="no-print card">
        <h2>{t("metrics.funder.run")}</h2>
        <Select name="rule" label={t("metrics.filters.period")} data={formData} defaultValue={values.rule} options={PERIOD_RULES.map((r) => ({ value: r, label: ruleLabel(r) }))} />
        <Field
          name="from"
          label={t("metrics.funder.from")}
          hint={t("metrics.funder.fromHint")}
          type="date"
          data={formData}
          defaultValue={values.from}
        />
        <Field
          name="to"
          label={t("metrics.funder.to")}
          hint={t("metrics.funder.toHint")}
          type="date"
          data={formData}
          defaultValue={values.to}
        />
        <Select
          name="program"
          label={t("metrics.funder.programs")}
          data={formData}
          defaultValue={values.program[0] ?? ""}
          options={[{ value: "", label: t("metrics.filters.allPrograms") }, ...programs.map((p) => ({ value: p.id, label: p.name }))]}
        />
        <button type="submit">{t("metrics.funder.runButton")}</button>
      </Form>
      {report ? (
        <>
          <h2>
            {organization}: {funderPeriod(report.period)}
          </h2>
          <p>
            {report.allPrograms ? t("metrics.filters.allPrograms") : report.programs.map((p) => p.name).join(", ")}
            {t("metrics.funder.days", { zone: report.timezone.replace(/_/g, " ") })}
          </p>
          <p className="no-print">
            <a href={`/metrics/funder.csv${csvQuery}`} download>
              {t("metrics.funder.download")}
            </a>{" "}
            {t("metrics.funder.print")}
          </p>
          <FunderReportTables report={report} />
          <Form method="post" className="no-print card">
            <h2>{t("metrics.funder.save")}</h2>
            <input type="hidden" name="intent" value="save" />
            <input type="hidden" name="rule" value={values.rule} />
            <input type="hidden" name="from" value={values.from} />
            <input type="hidden" name="to" value={values.to} />
            {values.program.map((p) => (
              <input key={p} type="hidden" name="program" value={p} />
            ))}
            <Field name="name" label={t("metrics.funder.name")} hint={t("metrics.funder.nameHint", { rule: ruleLabel(values.rule) })} data={failed && !failed.ok ? failed : undefined} />
            <button type="submit">{t("metrics.funder.saveButton")}</button>
          </Form>
        </>
      ) : null}
      <section className="no-print" aria-labelledby="saved-reports">
        <h2 id="saved-reports">{t("metrics.funder.saved")}</h2>
        {saved.length === 0 ? <p className="muted">{t("metrics.funder.noneSaved")}</p> : null}
        <ul className="saved-reports">
          {saved.map((d) => (
            <li key={d.id}>
              <Link to={`/metrics/funder?saved=${d.id}`}>{d.name}</Link>{" "}
              <span className="muted">
                ({ruleLabel(d.periodRule)}
                {d.periodRule === "fixed" ? t("metrics.funder.fixedDates", { from: d.fixedFrom ?? "", to: d.fixedTo ?? "" }) : ""})
              </span>
              {d.problem ? <span className="error-text">{t("metrics.funder.noLongerRuns", { problem: message(d.problem) })}</span> : null}
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="delete" />
                <input type="hidden" name="definitionId" value={d.id} />
                <button type="submit" className="secondary" aria-label={t("metrics.funder.deleteLabel", { name: d.name })}>
                  {t("metrics.funder.delete")}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      </section>
      <p className="no-print">
        {t("metrics.funder.billing")}
        <a href="/metrics/medicaid-ids.csv">{t("metrics.funder.medicaid")}</a>
        {t("metrics.funder.billingAfter")}
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
