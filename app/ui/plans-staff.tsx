import type { SerializeFrom } from "@remix-run/node";
import { Form, Link } from "@remix-run/react";
import { PROPOSAL_STATUS_LABELS, SERVICE_PERIODS } from "~/modules/plans/components";
import { describeReview, reviewState } from "~/modules/plans/review";
import { OBJECTIVE_STATUS_LABELS, OBJECTIVE_STATUSES } from "~/modules/metrics/schema";
import type { intakePrefill, planFormOptions, ServicePlan } from "~/modules/plans/queries.server";
import { ErrorSummary, Notice, type ActionErrors } from "~/ui/form";
import { componentOptions, failureOf, FormKeys, ObjectiveDetails, PlanBasicsView, PlanInput, PlanSelect, PlanTextArea, summaryOf } from "~/ui/plans";
import { CivilDate, When } from "~/ui/time";

/** What the staff plan page's loader (routes/participants.$userId.plan.tsx) hands this page; the route's use of StaffPlanPage checks that they agree. */
export type StaffPlanData = ServicePlan & {
  participant: { id: string; name: string };
  prefill: Awaited<ReturnType<typeof intakePrefill>> | null;
  options: Awaited<ReturnType<typeof planFormOptions>>;
  today: string;
  zone: string;
  userId: string;
};
type Data = SerializeFrom<StaffPlanData>;
type Result = { ok: true; message: string } | (ActionErrors & { ok: false }) | undefined;

const LABELS: Record<string, string> = {
  strengths: "Strengths",
  barriers: "Barriers",
  needs: "Needs",
  nextReviewOn: "Next review",
  title: "Goal",
  description: "Description",
  measure: "Measured by",
  groupId: "Group",
  timesPerPeriod: "How often",
  period: "Per",
  minutesPerContact: "Minutes per contact",
  component: "Component of peer support",
  responsibleId: "Responsible",
  reviewedOn: "Reviewed on",
  attendees: "Who took part",
  whatChanged: "What changed",
  participantComment: "Participant's comment",
  body: "Reply",
  status: "Status",
  objectiveId: "Objective",
  goalId: "Goal",
  proposalId: "Proposal",
};

/** The staff page of one participant's individualized service plan (phone first: add-forms fold away). */
export function StaffPlanPage({ data, result }: { data: Data; result: Result }) {
  const failed = result && !result.ok ? result : undefined;
  const summary = summaryOf(failed, LABELS);
  const basics = data.plan ?? { strengths: data.prefill?.strengths ?? "", barriers: data.prefill?.barriers ?? "", needs: data.prefill?.needs ?? "", nextReviewOn: null };
  const groupOptions = data.options.groups.map((g) => ({ value: g.id, label: g.enrolled ? `${g.name} (enrolled)` : g.name }));
  const staffOptions = data.options.staff.map((s) => ({ value: s.id, label: s.name }));
  const waiting = data.proposals.filter((p) => p.status === "open" || p.status === "discussing");
  return (
    <>
      <p>
        <Link to={`/participants/${data.participant.id}/goals`}>Goals and outcome measures</Link> · <Link to={`/participants/${data.participant.id}/plan/history`}>Plan history</Link> ·{" "}
        <Link to={`/participants/${data.participant.id}/contacts`}>One-to-one contacts</Link>
      </p>
      <h1>Service plan: {data.participant.name}</h1>
      <p className="muted">{describeReview(reviewState(data.plan?.nextReviewOn ?? null, data.today))}.</p>
      {result?.ok ? <Notice>{result.message}</Notice> : null}
      <ErrorSummary data={summary.data} labels={summary.labels} />

      <h2 id="basics">Strengths, barriers and needs</h2>
      {data.prefill ? (
        <p className="notice warning">
          {data.prefill.intakes
            ? `Filled in from ${data.prefill.intakes === 1 ? "their intake answers" : `their ${data.prefill.intakes} intakes`}. The intake does not ask about strengths: write them with ${data.participant.name}. Nothing is kept until you save.`
            : "No intake answers you can read: write the plan with the participant. Nothing is kept until you save."}
        </p>
      ) : null}
      <Form method="post" noValidate aria-labelledby="basics">
        <FormKeys intent="save-basics" form="basics" />
        <PlanTextArea form="basics" name="strengths" label="Strengths" hint="What the person does well, in their words where possible." defaultValue={basics.strengths} failed={failureOf(failed, "basics")} />
        <PlanTextArea form="basics" name="barriers" label="Barriers" defaultValue={basics.barriers} failed={failureOf(failed, "basics")} />
        <PlanTextArea form="basics" name="needs" label="Needs" defaultValue={basics.needs} failed={failureOf(failed, "basics")} />
        <PlanInput form="basics" name="nextReviewOn" label="Next review" type="date" hint="The participant and their facilitators get a reminder a week before." defaultValue={basics.nextReviewOn ?? ""} failed={failureOf(failed, "basics")} />
        <button type="submit">Save the plan</button>
      </Form>

      <h2 id="proposals">Goals {data.participant.name} proposed</h2>
      {waiting.length === 0 ? <p>No proposals waiting.</p> : null}
      {waiting.map((p) => (
        <article key={p.id} className="card" aria-labelledby={`proposal-${p.id}`}>
          <h3 id={`proposal-${p.id}`}>“{p.words}”</h3>
          <p className="muted">
            {PROPOSAL_STATUS_LABELS[p.status]} · proposed <When at={p.createdAt} zone={data.zone} />
          </p>
          {p.replies.length ? (
            <ul>
              {p.replies.map((r, i) => (
                <li key={i}>
                  <strong>{r.byParticipant ? data.participant.name : (r.author ?? "Staff")}:</strong> {r.body}
                </li>
              ))}
            </ul>
          ) : null}
          <Form method="post" noValidate>
            <FormKeys intent="accept-proposal" form={`accept-${p.id}`} extra={{ proposalId: p.id }} />
            <PlanInput form={`accept-${p.id}`} name="title" label="Goal in staff wording" hint="Their own words stay beside it." defaultValue={p.words} failed={failureOf(failed, `accept-${p.id}`)} />
            <button type="submit">Accept into the plan</button>
          </Form>
          <Form method="post" noValidate>
            <FormKeys intent="reply-proposal" form={`reply-${p.id}`} extra={{ proposalId: p.id }} />
            <PlanTextArea form={`reply-${p.id}`} name="body" label="Reply to discuss it" rows={2} failed={failureOf(failed, `reply-${p.id}`)} />
            <button type="submit" className="secondary">
              Send reply
            </button>
          </Form>
        </article>
      ))}

      <h2 id="goals">Goals and objectives</h2>
      {data.goals.length === 0 ? <p>No goals yet.</p> : null}
      {data.goals.map((g) => (
        <section key={g.id} className="card" aria-labelledby={`goal-${g.id}`}>
          <h3 id={`goal-${g.id}`}>{g.title}</h3>
          <p>
            <strong>In {data.participant.name}'s words:</strong> {g.participantWords ? `“${g.participantWords}”` : <span className="muted">not written yet</span>}
          </p>
          {g.objectives.map((o) => (
            <div key={o.id} className="card">
              <h4>{o.description}</h4>
              <ObjectiveDetails objective={o} zone={data.zone} remove />
              <details open={Boolean(failureOf(failed, `edit-${o.id}`))}>
                <summary>
                  Edit objective<span className="visually-hidden"> “{o.description}”</span>
                </summary>
                <Form method="post" noValidate>
                  <FormKeys intent="edit-objective" form={`edit-${o.id}`} extra={{ objectiveId: o.id }} />
                  <PlanTextArea form={`edit-${o.id}`} name="description" label="Objective" rows={2} defaultValue={o.description} failed={failureOf(failed, `edit-${o.id}`)} />
                  <PlanInput form={`edit-${o.id}`} name="measure" label="Measured by" defaultValue={o.measure} failed={failureOf(failed, `edit-${o.id}`)} />
                  <button type="submit">Save objective</button>
                </Form>
                <Form method="post" noValidate>
                  <FormKeys intent="objective-status" form={`status-${o.id}`} extra={{ objectiveId: o.id }} />
                  <PlanSelect form={`status-${o.id}`} name="status" label="Status" defaultValue={o.status} options={OBJECTIVE_STATUSES.map((s) => ({ value: s, label: OBJECTIVE_STATUS_LABELS[s] }))} failed={failureOf(failed, `status-${o.id}`)} />
                  <button type="submit" className="secondary">
                    Save status
                  </button>
                </Form>
              </details>
              <details open={Boolean(failureOf(failed, `service-${o.id}`))}>
                <summary>
                  Add a planned service<span className="visually-hidden"> to “{o.description}”</span>
                </summary>
                <Form method="post" noValidate>
                  <FormKeys intent="add-service" form={`service-${o.id}`} extra={{ objectiveId: o.id }} />
                  <PlanSelect form={`service-${o.id}`} name="groupId" label="Group" options={[{ value: "", label: "Choose a group" }, ...groupOptions]} failed={failureOf(failed, `service-${o.id}`)} />
                  <PlanInput form={`service-${o.id}`} name="timesPerPeriod" label="How often (times)" type="number" defaultValue="1" failed={failureOf(failed, `service-${o.id}`)} />
                  <PlanSelect form={`service-${o.id}`} name="period" label="Per" options={SERVICE_PERIODS.map((p) => ({ value: p, label: p === "week" ? "Week" : "Month" }))} failed={failureOf(failed, `service-${o.id}`)} />
                  <PlanInput form={`service-${o.id}`} name="minutesPerContact" label="Minutes per contact" type="number" defaultValue="60" failed={failureOf(failed, `service-${o.id}`)} />
                  <button type="submit">Add service</button>
                </Form>
              </details>
              <details open={Boolean(failureOf(failed, `intervention-${o.id}`))}>
                <summary>
                  Add an intervention<span className="visually-hidden"> to “{o.description}”</span>
                </summary>
                <Form method="post" noValidate>
                  <FormKeys intent="add-intervention" form={`intervention-${o.id}`} extra={{ objectiveId: o.id }} />
                  <PlanTextArea form={`intervention-${o.id}`} name="description" label="How you will support it" hint="Through the lens of your lived experience." rows={2} failed={failureOf(failed, `intervention-${o.id}`)} />
                  <PlanSelect form={`intervention-${o.id}`} name="component" label="Component of peer support" options={[{ value: "", label: "Choose a component" }, ...componentOptions]} failed={failureOf(failed, `intervention-${o.id}`)} />
                  <PlanSelect form={`intervention-${o.id}`} name="responsibleId" label="Responsible" defaultValue={data.userId} options={staffOptions} failed={failureOf(failed, `intervention-${o.id}`)} />
                  <button type="submit">Add intervention</button>
                </Form>
              </details>
            </div>
          ))}
          <details open={Boolean(failureOf(failed, `objective-${g.id}`))}>
            <summary>
              Add an objective<span className="visually-hidden"> to “{g.title}”</span>
            </summary>
            <Form method="post" noValidate>
              <FormKeys intent="add-objective" form={`objective-${g.id}`} extra={{ goalId: g.id }} />
              <PlanTextArea form={`objective-${g.id}`} name="description" label="Objective" hint="Specific and measurable: what, how much, by when." rows={2} failed={failureOf(failed, `objective-${g.id}`)} />
              <PlanInput form={`objective-${g.id}`} name="measure" label="Measured by" hint="For example “attends 6 of 8 sessions” or “savings of $200”." failed={failureOf(failed, `objective-${g.id}`)} />
              <button type="submit">Add objective</button>
            </Form>
          </details>
        </section>
      ))}
      <details open={Boolean(failureOf(failed, "goal"))}>
        <summary>Add a goal</summary>
        <Form method="post" noValidate>
          <FormKeys intent="add-goal" form="goal" />
          <PlanInput form="goal" name="title" label="Goal" hint="Staff wording; the participant adds their own words on My goals, or proposes goals there." failed={failureOf(failed, "goal")} />
          <button type="submit">Add goal</button>
        </Form>
      </details>

      <h2 id="reviews">Reviews</h2>
      <PlanBasicsView plan={data.plan} />
      <details open={Boolean(failureOf(failed, "review"))}>
        <summary>Record a review</summary>
        <Form method="post" noValidate>
          <FormKeys intent="review" form="review" />
          <PlanInput form="review" name="reviewedOn" label="Reviewed on" type="date" defaultValue={data.today} failed={failureOf(failed, "review")} />
          <PlanInput form="review" name="attendees" label="Who took part" hint={`For example “${data.participant.name}, their facilitator”.`} failed={failureOf(failed, "review")} />
          <PlanTextArea form="review" name="whatChanged" label="What changed" failed={failureOf(failed, "review")} />
          <PlanTextArea form="review" name="participantComment" label="Participant's comment" hint="In their words." failed={failureOf(failed, "review")} />
          <PlanInput form="review" name="nextReviewOn" label="Next review" type="date" failed={failureOf(failed, "review")} />
          <button type="submit">Record review</button>
        </Form>
      </details>
      {data.reviews.length === 0 ? <p>No reviews recorded yet.</p> : null}
      {data.reviews.map((r) => (
        <article key={r.id} className="card" aria-labelledby={`review-${r.id}`}>
          <h3 id={`review-${r.id}`}>
            Review of <CivilDate date={r.reviewedOn} />
          </h3>
          <p>
            <strong>Took part:</strong> {r.attendees}
          </p>
          <p>
            <strong>What changed:</strong> {r.whatChanged}
          </p>
          {r.participantComment ? (
            <p>
              <strong>{data.participant.name} said:</strong> “{r.participantComment}”
            </p>
          ) : null}
          <p className="muted">
            Recorded by {r.recordedBy ?? "a former staff member"}
            {r.nextReviewOn ? (
              <>
                {" "}
                · next review <CivilDate date={r.nextReviewOn} />
              </>
            ) : null}
          </p>
        </article>
      ))}
    </>
  );
}
