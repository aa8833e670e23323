import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/auth/session.server";
import { addGoalNote, setOwnWords } from "~/modules/metrics/mutations.server";
import { loadPlan } from "~/modules/metrics/queries.server";
import { noteSchema, ownWordsSchema } from "~/modules/metrics/schema";
import { ErrorSummary, Notice } from "~/ui/form";
import { GoalCard, MeasuresTable } from "~/ui/metrics-goals";
import { formFailure, parseForm } from "~/web/http.server";

export const meta: MetaFunction = () => [{ title: "My goals · Group Sessions" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: ["participant"] });
  const plan = await loadPlan(user.organizationId, user.id);
  return { plan, zone: user.timezone };
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
  return formFailure({ errors: { _form: ["Choose an action."] } });
}

export default function MyGoals() {
  const { plan, zone } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <>
      <h1>My goals</h1>
      <p>The goals you agreed with your group facilitators. Add your own words or a note at any time; your facilitators read them.</p>
      {data?.ok ? <Notice>{data.message}</Notice> : null}
      <ErrorSummary data={data && !data.ok ? data : undefined} labels={{ body: "Note", participantWords: "Your words" }} />
      {plan.goals.length === 0 ? <p>You have no goals yet. Your facilitator can set them up with you.</p> : null}
      {plan.goals.map((g) => (
        <GoalCard key={g.id} goal={g} staff={false} own zone={zone} />
      ))}
      <h2>My progress measures</h2>
      <MeasuresTable measures={plan.measures} />
      <p>
        <Link to="/my/notes">My progress notes</Link> (the notes staff write after your sessions, when your organisation shares them)
      </p>
    </>
  );
}
