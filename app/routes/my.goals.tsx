import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/auth/session.server";
import { addGoalNote, setOwnWords } from "~/modules/metrics/mutations.server";
import { loadPlan } from "~/modules/metrics/queries.server";
import { noteSchema, ownWordsSchema } from "~/modules/metrics/schema";
import { proposeGoal, replyToProposal } from "~/modules/plans/mutations.server";
import { loadServicePlan, proposalTopics } from "~/modules/plans/queries.server";
import { proposalSchema, replySchema } from "~/modules/plans/schema";
import { ErrorSummary, Notice } from "~/ui/form";
import { GoalCard, MeasuresTable } from "~/ui/metrics-goals";
import { MyPlan, myPlanFailure } from "~/ui/plans-participant";
import { attempt, formFailure, parseForm } from "~/web/http.server";
import { pageTitle, useTexts } from "~/ui/i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "participant.goals.pageTitle") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: ["participant"] });
  const self = { id: user.id, organizationId: user.organizationId, currentFacilitatorIds: [] };
  const [plan, servicePlan, topics] = await Promise.all([loadPlan(user.organizationId, user.id, { kind: "all" }), loadServicePlan(user, self, new Date()), proposalTopics(user)]);
  return { plan, servicePlan, topics, zone: user.timezone };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: ["participant"] });
  const self = { id: user.id, organizationId: user.organizationId, currentFacilitatorIds: [] };
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  if (intent === "own-words") {
    const parsed = await parseForm(request, ownWordsSchema, form);
    if (!parsed.ok) return formFailure(parsed);
    await setOwnWords(user, parsed.data.goalId, parsed.data.participantWords);
    return { ok: true as const, message: "Your words were saved." };
  }
  if (intent === "note") {
    const parsed = await parseForm(request, noteSchema, form);
    if (!parsed.ok) return formFailure(parsed);
    await addGoalNote(user, self, parsed.data.goalId, parsed.data.body);
    return { ok: true as const, message: "Your note was added." };
  }
  if (intent === "propose-goal") {
    const parsed = await parseForm(request, proposalSchema, form);
    if (!parsed.ok) return formFailure(parsed);
    const result = await attempt(parsed.values, () => proposeGoal(user, parsed.data.words, parsed.data.about));
    if (!result.ok) return result.response;
    return { ok: true as const, message: result.value.to === "program" ? "Your proposal was sent to the staff of that group or goal's program." : "Your proposal was sent to the managers of your plan." };
  }
  if (intent === "reply-proposal") {
    const parsed = await parseForm(request, replySchema, form);
    if (!parsed.ok) return formFailure(parsed);
    const result = await attempt(parsed.values, () => replyToProposal(user, self, parsed.data.proposalId, parsed.data.body));
    return result.ok ? { ok: true as const, message: "Your reply was sent." } : result.response;
  }
  return formFailure({ errors: { _form: ["Choose an action."] } });
}

export default function MyGoals() {
  const { plan, servicePlan, topics, zone } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t, locale, message } = useTexts();
  const planFailure = myPlanFailure(data, locale);
  return (
    <>
      <h1>{t("participant.goals.title")}</h1>
      <p>{t("participant.goals.intro")}</p>
      {data?.ok ? <Notice>{message(data.message)}</Notice> : null}
      <ErrorSummary
        data={planFailure ? planFailure.summary : data && !data.ok ? data : undefined}
        labels={planFailure ? planFailure.labels : { body: t("participant.goals.note"), participantWords: t("participant.goals.yourWords") }}
      />
      {plan.goals.length === 0 ? <p>{t("participant.goals.none")}</p> : null}
      {plan.goals.map((g) => (
        <GoalCard key={g.id} goal={g} staff={false} own zone={zone} />
      ))}
      <MyPlan servicePlan={servicePlan} topics={topics} zone={zone} failed={planFailure?.failed} />
      <h2>{t("participant.goals.measures")}</h2>
      <MeasuresTable measures={plan.measures} />
      <p>
        <Link to="/my/notes">{t("participant.goals.notesLink")}</Link>
        {t("participant.goals.notesAbout")}
      </p>
    </>
  );
}
