import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { clearCriteria, setCriteria, setPart2Program } from "~/modules/completion/mutations.server";
import { programCriteriaPage } from "~/modules/completion/queries.server";
import { clearCriteriaSchema, criteriaSchema, part2Schema } from "~/modules/completion/schema";
import { CriteriaForm, CriteriaSaved, useCriteriaLabels, useCriteriaSentence } from "~/ui/completion";
import { useTexts, pageTitle } from "~/ui/i18n";
import { ErrorSummary, Notice, RadioGroup } from "~/ui/form";
import { attempt, formFailure, formVersion, parseForm, parseId } from "~/web/http.server";
import { revalidateWhenStale } from "~/ui/versions";
import { z } from "zod";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? pageTitle(matches, "manage.programCompletion.pageTitle", { name: data.program.name }) : pageTitle(matches, "manage.programCompletion.pageTitleNone") },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  return programCriteriaPage(user, parseId(params.programId));
}

const actionSchema = z.discriminatedUnion("intent", [criteriaSchema, clearCriteriaSchema, part2Schema], { message: "Choose what to do." });

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const programId = parseId(params.programId);
  await programCriteriaPage(user, programId); // 404 for other organisations
  const formData = await request.formData();
  const form = await parseForm(request, actionSchema, formData);
  if (!form.ok) return formFailure(form);
  const input = form.data;
  const owner = { kind: "program" as const, id: programId };
  if (input.intent === "part2") {
    await setPart2Program(user, programId, input.part2Program === "yes");
    return redirect(`/programs/${programId}/completion?done=part2`);
  }
  // The criteria's version the page was opened on: a save after someone else changed them is refused (nothing saved, entries kept).
  const version = formVersion(formData);
  const result = await attempt(form.values, () =>
    input.intent === "criteria"
      ? setCriteria(user, owner, { minSessionsAttended: input.minSessionsAttended, maxUnexcusedAbsences: input.maxUnexcusedAbsences }, new Date(), { version })
      : clearCriteria(user, owner, { version }),
  );
  if (!result.ok) return result.response;
  return redirect(`/programs/${programId}/completion?done=${input.intent}`);
}

export const shouldRevalidate = revalidateWhenStale;

export default function ProgramCompletion() {
  const { program, criteria, criteriaVersion } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useTexts();
  const labels = useCriteriaLabels();
  const criteriaSentence = useCriteriaSentence();
  return (
    <>
      <h1>{t("manage.programCompletion.title", { name: program.name })}</h1>
      <CriteriaSaved done={params.get("done")} />
      <ErrorSummary data={data} labels={labels} />
      <p>{criteria ? criteriaSentence(criteria) : t("manage.programCompletion.none")}</p>
      <p className="muted">{t("manage.programCompletion.applies")}</p>
      <CriteriaForm current={criteria} version={criteriaVersion} data={data} clearLabel={t("manage.programCompletion.clear")} />
      <h2 id="part2-heading">{t("manage.programCompletion.letters")}</h2>
      {params.get("done") === "part2" ? <Notice>{t("manage.programCompletion.saved")}</Notice> : null}
      <Form method="post" noValidate className="card" aria-labelledby="part2-heading">
        <input type="hidden" name="intent" value="part2" />
        <RadioGroup
          name="part2Program"
          legend={t("manage.programCompletion.part2Legend")}
          hint={t("manage.programCompletion.part2Hint")}
          options={[
            { value: "yes", label: t("manage.programCompletion.yes") },
            { value: "no", label: t("manage.programCompletion.no") },
          ]}
          defaultValue={program.part2Program ? "yes" : "no"}
        />
        <button type="submit" className="secondary">
          {t("manage.programCompletion.save")}
        </button>
      </Form>
      <p>
        <Link to={`/programs/${program.id}`}>{t("manage.programCompletion.back")}</Link>
      </p>
    </>
  );
}
