import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { clearCriteria, setCriteria, setPart2Program } from "~/modules/completion/mutations.server";
import { programCriteriaPage } from "~/modules/completion/queries.server";
import { clearCriteriaSchema, criteriaSchema, part2Schema } from "~/modules/completion/schema";
import { CRITERIA_LABELS, CriteriaForm, CriteriaSaved, criteriaSentence } from "~/ui/completion";
import { ErrorSummary, Notice, RadioGroup } from "~/ui/form";
import { attempt, formFailure, parseForm, parseId } from "~/web/http.server";
import { z } from "zod";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Completion criteria of ${data?.program.name ?? "the program"} · Group Sessions` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  return programCriteriaPage(user, parseId(params.programId));
}

const actionSchema = z.discriminatedUnion("intent", [criteriaSchema, clearCriteriaSchema, part2Schema], { message: "Choose what to do." });

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const programId = parseId(params.programId);
  await programCriteriaPage(user, programId); // 404 for other organisations
  const form = await parseForm(request, actionSchema);
  if (!form.ok) return formFailure(form);
  const input = form.data;
  const owner = { kind: "program" as const, id: programId };
  if (input.intent === "part2") {
    await setPart2Program(user, programId, input.part2Program === "yes");
    return redirect(`/programs/${programId}/completion?done=part2`);
  }
  const result = await attempt(form.values, () =>
    input.intent === "criteria"
      ? setCriteria(user, owner, { minSessionsAttended: input.minSessionsAttended, maxUnexcusedAbsences: input.maxUnexcusedAbsences }, new Date())
      : clearCriteria(user, owner),
  );
  if (!result.ok) return result.response;
  return redirect(`/programs/${programId}/completion?done=${input.intent}`);
}

export default function ProgramCompletion() {
  const { program, criteria } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <>
      <h1>Completion criteria: {program.name}</h1>
      <CriteriaSaved done={params.get("done")} />
      <ErrorSummary data={data} labels={CRITERIA_LABELS} />
      <p>{criteria ? criteriaSentence(criteria) : "No criteria yet: participants see no progress toward completion."}</p>
      <p className="muted">These apply to every group of the program unless a group sets its own on its completion page.</p>
      <CriteriaForm current={criteria} data={data} clearLabel="Remove the program's criteria" />
      <h2 id="part2-heading">Letters to third parties</h2>
      {params.get("done") === "part2" ? <Notice>Saved.</Notice> : null}
      <Form method="post" noValidate className="card" aria-labelledby="part2-heading">
        <input type="hidden" name="intent" value="part2" />
        <RadioGroup
          name="part2Program"
          legend="Is this a federally assisted substance-use program (42 CFR Part 2)?"
          hint="If yes, every attendance letter or progress report sent under a participant's release carries the 42 CFR 2.32 notice prohibiting redisclosure. Letters about a peer recovery group always carry it."
          options={[
            { value: "yes", label: "Yes, a Part 2 program" },
            { value: "no", label: "No" },
          ]}
          defaultValue={program.part2Program ? "yes" : "no"}
        />
        <button type="submit" className="secondary">
          Save
        </button>
      </Form>
      <p>
        <Link to={`/programs/${program.id}`}>Back to the program</Link>
      </p>
    </>
  );
}
