import type { SerializeFrom } from "@remix-run/node";
import { Form } from "@remix-run/react";
import { PROPOSAL_STATUS_LABELS } from "~/modules/plans/components";
import type { ServicePlan } from "~/modules/plans/queries.server";
import type { ActionErrors } from "~/ui/form";
import { failureOf, FormKeys, ObjectiveDetails, PlanBasicsView, PlanTextArea, summaryOf } from "~/ui/plans";
import { When } from "~/ui/time";

type Plan = SerializeFrom<ServicePlan>;

/** A refused plan form on /my/goals (it carries a `form` key): the error summary points at that form's field. */
export function myPlanFailure(data: unknown) {
  const failed = data as (ActionErrors & { ok?: boolean }) | undefined;
  if (!failed || failed.ok !== false || !failed.values?.form) return null;
  const s = summaryOf({ ...failed, ok: false }, { words: "Your goal", body: "Your reply" });
  return { failed, summary: s.data, labels: s.labels };
}

/** The participant's own service plan: what it says about them, the objectives with their support, and goals they propose. */
export function MyPlan({ servicePlan, zone, failed }: { servicePlan: Plan; zone: string; failed?: ActionErrors }) {
  const withObjectives = servicePlan.goals.filter((g) => g.objectives.length);
  return (
    <>
      <h2 id="my-plan">My service plan</h2>
      <PlanBasicsView plan={servicePlan.plan} />
      {withObjectives.map((g) => (
        <section key={g.id} className="card" aria-labelledby={`plan-goal-${g.id}`}>
          <h3 id={`plan-goal-${g.id}`}>{g.participantWords ? `“${g.participantWords}”` : g.title}</h3>
          {g.participantWords ? <p className="muted">As staff wrote it: {g.title}</p> : null}
          {g.objectives.map((o) => (
            <div key={o.id}>
              <h4>{o.description}</h4>
              <ObjectiveDetails objective={o} zone={zone} />
            </div>
          ))}
        </section>
      ))}
      <h2 id="propose">Propose a goal</h2>
      <p>Something you want to work on? Write it in your own words. Your facilitators will add it to your plan or talk it through with you.</p>
      <Form method="post" noValidate aria-labelledby="propose">
        <FormKeys intent="propose-goal" form="propose" />
        <PlanTextArea form="propose" name="words" label="Your goal" rows={2} failed={failureOf(failed, "propose")} />
        <button type="submit">Send my proposal</button>
      </Form>
      {servicePlan.proposals.length ? (
        <>
          <h3 id="my-proposals">My proposals</h3>
          <ul>
            {servicePlan.proposals.map((p) => (
              <li key={p.id} className="card">
                <p>
                  <strong>“{p.words}”</strong>
                  <br />
                  <span className="muted">
                    {PROPOSAL_STATUS_LABELS[p.status]}
                    {p.goalTitle ? ` as “${p.goalTitle}”` : ""} · sent <When at={p.createdAt} zone={zone} />
                  </span>
                </p>
                {p.replies.length ? (
                  <ul>
                    {p.replies.map((r, i) => (
                      <li key={i}>
                        <strong>{r.byParticipant ? "You" : (r.author ?? "Staff")}:</strong> {r.body}
                      </li>
                    ))}
                  </ul>
                ) : null}
                {p.status === "discussing" ? (
                  <Form method="post" noValidate>
                    <FormKeys intent="reply-proposal" form={`reply-${p.id}`} extra={{ proposalId: p.id }} />
                    <PlanTextArea form={`reply-${p.id}`} name="body" label="Your reply" rows={2} failed={failureOf(failed, `reply-${p.id}`)} />
                    <button type="submit" className="secondary">
                      Reply
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}
