import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { saveCoverage, saveDemographicsFor } from "~/modules/demographics/mutations.server";
import { personDemographicsPage, staffAnswerSchema } from "~/modules/demographics/queries.server";
import { coverageSchema } from "~/modules/demographics/schema";
import { CoverageFields, CoverageSummary, DemographicsFields, DemographicsSummary, useFieldLabels } from "~/ui/demographics";
import { changedMeanwhile, revalidateWhenStale, SavedNow } from "~/ui/versions";
import { pageTitle, useTexts } from "~/ui/i18n";
import { ErrorSummary, Notice } from "~/ui/form";
import { attempt, formFailure, formVersion, parseForm, parseId } from "~/web/http.server";
import { confirmRecordedView } from "~/web/recorded-view.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  {
    title: data?.person.name
      ? pageTitle(matches, "participant.demographics.staff.pageTitle", { name: data.person.name })
      : pageTitle(matches, "participant.demographics.staff.pageTitleNoName"),
  },
];

/** Staff with a current relationship (managers, the facilitators of the person's current groups): answers, payer, Medicaid ID. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  confirmRecordedView(request, user);
  return personDemographicsPage(user, parseId(params.userId));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const personId = parseId(params.userId);
  const form = await request.formData();
  const now = new Date();
  if (form.get("intent") === "coverage") {
    const parsed = await parseForm(request, coverageSchema, form);
    if (!parsed.ok) return formFailure(parsed);
    const removeMedicaidId = form.getAll("removeMedicaidId[]").includes("yes");
    const result = await attempt(parsed.values, () => saveCoverage(user, personId, { ...parsed.data, removeMedicaidId }, now, { version: formVersion(form) }));
    if (!result.ok) return result.response;
    return { ok: true as const, message: result.value.length ? "Payer and Medicaid ID were saved." : "Nothing changed." };
  }
  if (form.get("intent") === "demographics") {
    // The relationship first: the schema reads the person's answers (their retired categories).
    const parsed = await parseForm(request, await staffAnswerSchema(user, personId, now), form);
    if (!parsed.ok) return formFailure(parsed);
    const result = await attempt(parsed.values, () => saveDemographicsFor(user, personId, parsed.data, now, { version: formVersion(form) }));
    if (!result.ok) return result.response;
    return { ok: true as const, message: result.value.length ? "The answers were saved." : "Nothing changed." };
  }
  return formFailure({ errors: { _form: ["Choose what to save."] } });
}

export const shouldRevalidate = revalidateWhenStale;

export default function PersonDemographics() {
  const { person, demographics, coverage, coverageVersion, categories, version } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const failed = data && !data.ok ? data : undefined;
  // Each form carries its own version: a refused save sends back the current one for the form it came from.
  const sentBack = (intent: string) => (failed?.values?.intent === intent ? failed.values.version : undefined);
  const { t, message } = useTexts();
  const labels = useFieldLabels();
  return (
    <>
      <h1>{t("participant.demographics.staff.title", { name: person.name })}</h1>
      <p>
        {t("participant.demographics.staff.intro")}
        <Link to={`/participants/${person.id}/goals`}>{t("participant.demographics.staff.goalsLink")}</Link>
      </p>
      {data?.ok ? <Notice>{message(data.message)}</Notice> : null}
      <ErrorSummary data={failed} labels={labels} />
      <DemographicsSummary current={demographics} categories={categories} />
      <SavedNow changed={sentBack("coverage") === undefined ? [] : changedMeanwhile(failed)} labels={labels}>
        <CoverageSummary current={coverage} />
      </SavedNow>
      <Form method="post" noValidate className="card">
        <h2>{t("participant.demographics.staff.coverageTitle")}</h2>
        <p className="muted">{t("participant.demographics.staff.coverageIntro")}</p>
        <input type="hidden" name="intent" value="coverage" />
        {/* Payer and Medicaid ID as this page shows them: a save after someone else changed them is refused. */}
        <input type="hidden" name="version" value={sentBack("coverage") ?? coverageVersion} />
        <CoverageFields data={failed} current={coverage} />
        <button type="submit">{t("participant.demographics.staff.saveCoverage")}</button>
      </Form>
      <Form method="post" noValidate className="card">
        <h2>{t("participant.demographics.staff.change")}</h2>
        <input type="hidden" name="intent" value="demographics" />
        {/* The answers' version this page shows (or the one a refused save sent back): a save after someone else changed them is refused. */}
        <input type="hidden" name="version" value={sentBack("demographics") ?? version} />
        <DemographicsFields data={failed} current={demographics} categories={categories} />
        <button type="submit">{t("participant.demographics.staff.save")}</button>
      </Form>
    </>
  );
}
