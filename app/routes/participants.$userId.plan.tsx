import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { setObjectiveStatus, viewPlan } from "~/modules/metrics/mutations.server";
import { canEditPlan } from "~/modules/metrics/policy";
import { PLAN_REFUSED } from "~/modules/metrics/plan-access.server";
import { newFormToken } from "~/modules/forms/mutations.server";
import { formToken as formTokenField, OUT_OF_DATE } from "~/modules/forms/schema";
import { findParticipant } from "~/modules/metrics/queries.server";
import { objectiveStatusSchema } from "~/modules/metrics/schema";
import { acceptProposal, addIntervention, addObjective, addPlanGoal, addService, recordReview, removeIntervention, removeService, replyToProposal, savePlanBasics, updateObjective } from "~/modules/plans/mutations.server";
import { intakePrefill, loadServicePlan, orgToday, planFormOptions } from "~/modules/plans/queries.server";
import {
  acceptProposalSchema,
  interventionSchema,
  objectiveEditSchema,
  objectiveSchema,
  planBasicsSchema,
  planGoalSchema,
  removeInterventionSchema,
  removeServiceSchema,
  replySchema,
  reviewSchema,
  serviceSchema,
} from "~/modules/plans/schema";
import { StaffPlanPage } from "~/ui/plans-staff";
import { pageTitle } from "~/ui/i18n";
import { attempt, forbidden, formFailure, formVersion, parseForm, parseId } from "~/web/http.server";
import { confirmRecordedView } from "~/web/recorded-view.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? pageTitle(matches, "records.plan.pageTitle", { name: data.participant.name }) : pageTitle(matches, "records.plan.pageTitleNoName") },
];

/** Staff with a current relationship (metrics/policy.ts canEditPlan), as on the goals page. */
async function guard(request: Request, userId: string | undefined) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const participant = await findParticipant(user, parseId(userId));
  if (!canEditPlan(user, participant)) forbidden(PLAN_REFUSED);
  return { user, participant };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, participant } = await guard(request, params.userId);
  confirmRecordedView(request, user);
  const now = new Date();
  const [plan, options, { today }] = await Promise.all([loadServicePlan(user, participant, now), planFormOptions(user, participant), orgToday(user.organizationId, now)]);
  // A plan not saved yet starts from the intake answers this staff member may read (only for those who write the basics).
  const prefill = plan.plan || !plan.wholePlan ? null : await intakePrefill(user, participant);
  await viewPlan(user, participant.id);
  return { participant: { id: participant.id, name: participant.name }, ...plan, prefill, options, today, zone: user.timezone, userId: user.id, reviewToken: newFormToken() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user: u, participant: p } = await guard(request, params.userId);
  const form = await request.formData();
  const now = new Date();
  const { today } = await orgToday(u.organizationId, now);
  const handle = async <S extends z.ZodTypeAny>(schema: S, run: (d: z.infer<S>) => Promise<string>) => {
    const parsed = await parseForm(request, schema, form);
    if (!parsed.ok) return formFailure(parsed);
    const result = await attempt(parsed.values, () => run(parsed.data));
    return result.ok ? { ok: true as const, message: result.value } : result.response;
  };
  const changed = (fields: string[], what: string) => (fields.length ? `The ${what} was saved.` : `Nothing changed: the ${what} already reads like that.`);
  switch (String(form.get("intent") ?? "")) {
    case "save-basics":
      return handle(planBasicsSchema, async (d) => changed(await savePlanBasics(u, p, d, today, now, { version: formVersion(form) }), "plan"));
    case "add-goal":
      return handle(planGoalSchema, async (d) => (await addPlanGoal(u, p, d.title, d.programId), "The goal was added."));
    case "add-objective":
      return handle(objectiveSchema, async (d) => (await addObjective(u, p, d), "The objective was added."));
    case "edit-objective":
      return handle(objectiveEditSchema, async (d) => changed(await updateObjective(u, p, d, { version: formVersion(form) }), "objective"));
    case "objective-status":
      return handle(objectiveStatusSchema, async (d) => (await setObjectiveStatus(u, p, d.objectiveId, d.status), "The objective status was saved."));
    case "add-service":
      return handle(serviceSchema, async (d) => (await addService(u, p, d), "The planned service was added."));
    case "remove-service":
      return handle(removeServiceSchema, async (d) => (await removeService(u, p, d.serviceId), "The planned service was removed."));
    case "add-intervention":
      return handle(interventionSchema, async (d) => (await addIntervention(u, p, d), "The intervention was added."));
    case "remove-intervention":
      return handle(removeInterventionSchema, async (d) => (await removeIntervention(u, p, d.interventionId), "The intervention was removed."));
    case "review": {
      const parsed = await parseForm(request, reviewSchema, form);
      if (!parsed.ok) return formFailure(parsed);
      // The one-time token: the same review sent twice is recorded once (a copy would sit in the plan's history).
      const token = formTokenField.safeParse(form.get("formToken") ?? undefined);
      if (!token.success) return formFailure({ errors: { _form: [OUT_OF_DATE] }, values: parsed.values });
      const claim = token.data ? { token: token.data, form: "plan-review", fields: { participantId: p.id, ...parsed.values } } : undefined;
      const result = await attempt(parsed.values, () => recordReview(u, p, parsed.data, today, claim));
      return result.ok ? { ok: true as const, message: "The review was recorded." } : result.response;
    }
    case "accept-proposal":
      return handle(acceptProposalSchema, async (d) => (await acceptProposal(u, p, d.proposalId, d.title, now, d.programId), "The proposed goal is now part of the plan."));
    case "reply-proposal":
      return handle(replySchema, async (d) => (await replyToProposal(u, p, d.proposalId, d.body), "Your reply was sent."));
    default:
      return formFailure({ errors: { _form: ["Choose an action."] } });
  }
}

export default function ParticipantPlan() {
  const data = useLoaderData<typeof loader>();
  const done = useActionData<typeof action>();
  return <StaffPlanPage data={data} result={done} />;
}
