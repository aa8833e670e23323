import type { SerializeFrom } from "@remix-run/node";
import { Form, Link } from "@remix-run/react";
import { SERVICE_PERIODS } from "~/modules/plans/components";
import { reviewState, type ReviewState } from "~/modules/plans/review";
import { OBJECTIVE_STATUSES } from "~/modules/metrics/schema";
import type { intakePrefill, planFormOptions, ServicePlan } from "~/modules/plans/queries.server";
import { ErrorSummary, Notice, type ActionErrors } from "~/ui/form";
import { failureOf, FormKeys, OBJECTIVE_STATUS_KEY, ObjectiveDetails, PlanBasicsView, PlanInput, PlanSelect, PlanTextArea, summaryOf, useComponentOptions } from "~/ui/plans";
import { useTexts } from "~/ui/i18n";
import { lookup } from "~/ui/lookup";
import { CivilDate, When } from "~/ui/time";

/** What the staff plan page's loader (routes/participants.$userId.plan.tsx) hands this page; the route's use of StaffPlanPage checks that they agree. */
export type StaffPlanData = ServicePlan & {
  participant: { id: string; name: string };
  prefill: Awaited<ReturnType<typeof intakePrefill>> | null;
  options: Awaited<ReturnType<typeof planFormOptions>>;
  today: string;
  zone: string;
  userId: string;
  /** The review form's one-time token (the same review sent twice is recorded once). */
  reviewToken: string;
};
type Data = SerializeFrom<StaffPlanData>;
type Result = { ok: true; message: string } | (ActionErrors & { ok: false }) | undefined;

const LABELS: Record<string, string> = {
  strengths: "records.plan.labels.strengths",
  barriers: "records.plan.labels.barriers",
  needs: "records.plan.labels.needs",
  nextReviewOn: "records.plan.labels.nextReviewOn",
  title: "records.plan.labels.title",
  programId: "records.goals.labels.programId",
  description: "records.plan.labels.description",
  measure: "records.plan.labels.measure",
  groupId: "records.plan.labels.groupId",
  timesPerPeriod: "records.plan.labels.timesPerPeriod",
  period: "records.plan.labels.period",
  minutesPerContact: "records.plan.labels.minutesPerContact",
  component: "records.plan.labels.component",
  responsibleId: "records.plan.labels.responsibleId",
  reviewedOn: "records.plan.labels.reviewedOn",
  attendees: "records.plan.labels.attendees",
  whatChanged: "records.plan.labels.whatChanged",
  participantComment: "records.plan.labels.participantComment",
  body: "records.plan.labels.body",
  status: "records.plan.labels.status",
  objectiveId: "records.plan.labels.objectiveId",
  goalId: "records.plan.labels.goalId",
  proposalId: "records.plan.labels.proposalId",
};

const PROPOSAL_STATUS_KEY: Record<string, string> = {
  open: "records.proposalStatus.open",
  discussing: "records.proposalStatus.discussing",
  accepted: "records.proposalStatus.accepted",
  withdrawn: "records.proposalStatus.withdrawn",
};

/** "Review overdue by 3 days", "Review due in 2 days", "Review due today", "Next review in 40 days" (modules/plans/review.ts describeReview, in the page's language). */
function reviewKey(state: ReviewState): { key: string; days?: number } {
  switch (state.state) {
    case "none":
      return { key: "records.plan.review.none" };
    case "overdue":
      return { key: "records.plan.review.overdue", days: state.days };
    case "due_soon":
      return state.days === 0 ? { key: "records.plan.review.today" } : { key: "records.plan.review.dueIn", days: state.days };
    case "scheduled":
      return { key: "records.plan.review.scheduled", days: state.days };
  }
}

/** One line the plan's prefill wrote ("Housing; Mental health", "Also needs: …") in the reader's language; the need areas one by one. */
export function prefillLine(line: string, message: (text: string) => string): string {
  const areas = line.split("; ");
  if (areas.length > 1 && areas.every((area) => message(area) !== area)) return areas.map(message).join("; ");
  return message(line);
}

/** The staff page of one participant's individualized service plan (phone first: add-forms fold away). */
export function StaffPlanPage({ data, result }: { data: Data; result: Result }) {
  const { t, message } = useTexts();
  const componentOptions = useComponentOptions();
  const failed = result && !result.ok ? result : undefined;
  const summary = summaryOf(failed, Object.fromEntries(Object.entries(LABELS).map(([k, v]) => [k, t(v)])));
  const review = reviewKey(reviewState(data.plan?.nextReviewOn ?? null, data.today));
  // A plan not saved yet starts from the intake (modules/plans/prefill.ts writes its lines in English): each line in the reader's language.
  const prefilled = (text: string | undefined) => (text ?? "").split("\n").map((line) => prefillLine(line, message)).join("\n");
  const basics = data.plan ?? { strengths: prefilled(data.prefill?.strengths), barriers: prefilled(data.prefill?.barriers), needs: prefilled(data.prefill?.needs), nextReviewOn: null };
  const groupOptions = data.options.groups.map((g) => ({ value: g.id, label: g.enrolled ? t("records.plan.enrolled", { name: g.name }) : g.name }));
  const staffOptions = data.options.staff.map((s) => ({ value: s.id, label: s.name }));
  const waiting = data.proposals.filter((p) => p.status === "open" || p.status === "discussing");
  // The program a new goal is filed under (a facilitator: one they lead with the person; a manager may leave it empty).
  const programOptions = [...(data.options.anyProgram ? [{ value: "", label: t("records.goals.noProgram") }] : []), ...data.options.programs.map((p) => ({ value: p.id, label: p.name }))];
  return (
    <>
      <p>
        <Link to={`/participants/${data.participant.id}/goals`}>{t("records.plan.goalsLink")}</Link> ·{" "}
        {data.wholePlan ? (
          <>
            <Link to={`/participants/${data.participant.id}/plan/history`}>{t("records.plan.historyLink")}</Link> ·{" "}
          </>
        ) : null}
        <Link to={`/participants/${data.participant.id}/contacts`}>{t("records.plan.contactsLink")}</Link>
      </p>
      <h1>{t("records.plan.title", { name: data.participant.name })}</h1>
      {data.wholePlan ? <p className="muted">{t(review.key, { days: review.days })}.</p> : null}
      {result?.ok ? <Notice>{message(result.message)}</Notice> : null}
      <ErrorSummary data={summary.data} labels={summary.labels} />
      {/* The parts of no program (basics, reviews, history, proposals about the plan as a whole) are sent only to managers. */}
      {data.wholePlan ? null : <p className="notice">{t("records.plan.byProgram")}</p>}
      {data.wholePlan ? (
        <>

      <h2 id="basics">{t("records.plan.basics")}</h2>
      {data.prefill ? (
        <p className="notice warning">
          {data.prefill.intakes
            ? t("records.plan.prefilled", { count: data.prefill.intakes, name: data.participant.name })
            : t("records.plan.noIntake")}
        </p>
      ) : null}
      <Form method="post" noValidate aria-labelledby="basics">
        <FormKeys intent="save-basics" form="basics" extra={{ version: failureOf(failed, "basics")?.values?.version ?? data.basicsVersion ?? "" }} />
        <PlanTextArea form="basics" name="strengths" label={t("records.plan.labels.strengths")} hint={t("records.plan.strengthsHint")} defaultValue={basics.strengths} failed={failureOf(failed, "basics")} />
        <PlanTextArea form="basics" name="barriers" label={t("records.plan.labels.barriers")} defaultValue={basics.barriers} failed={failureOf(failed, "basics")} />
        <PlanTextArea form="basics" name="needs" label={t("records.plan.labels.needs")} defaultValue={basics.needs} failed={failureOf(failed, "basics")} />
        <PlanInput form="basics" name="nextReviewOn" label={t("records.plan.labels.nextReviewOn")} type="date" hint={t("records.plan.nextReviewHint")} defaultValue={basics.nextReviewOn ?? ""} failed={failureOf(failed, "basics")} />
        <button type="submit">{t("records.plan.savePlan")}</button>
      </Form>

        </>
      ) : null}

      {/* The person's proposals of the programs the reader reaches (one about the plan as a whole: managers only). */}
      <h2 id="proposals">{t("records.plan.proposals", { name: data.participant.name })}</h2>
      {waiting.length === 0 ? <p>{t("records.plan.noProposals")}</p> : null}
      {waiting.map((p) => (
        <article key={p.id} className="card" aria-labelledby={`proposal-${p.id}`}>
          <h3 id={`proposal-${p.id}`}>“{p.words}”</h3>
          <p className="muted">
            {p.aboutGoalTitle ? t("records.plan.proposalAboutGoal", { title: p.aboutGoalTitle }) : p.programName ? t("records.plan.proposalProgram", { name: p.programName }) : t("records.plan.proposalWholePlan")}
          </p>
          <p className="muted">
            {lookup(PROPOSAL_STATUS_KEY, p.status) ? t(PROPOSAL_STATUS_KEY[p.status]) : p.status}
            {t("records.plan.proposed")}
            <When at={p.createdAt} zone={data.zone} />
          </p>
          {p.replies.length ? (
            <ul>
              {p.replies.map((r, i) => (
                <li key={i}>
                  <strong>{r.byParticipant ? data.participant.name : (r.author ?? t("records.plan.staff"))}:</strong> {r.body}
                </li>
              ))}
            </ul>
          ) : null}
          <Form method="post" noValidate>
            <FormKeys intent="accept-proposal" form={`accept-${p.id}`} extra={{ proposalId: p.id }} />
            <PlanInput form={`accept-${p.id}`} name="title" label={t("records.plan.staffWording")} hint={t("records.plan.staffWordingHint")} defaultValue={p.words} failed={failureOf(failed, `accept-${p.id}`)} />
            <PlanSelect form={`accept-${p.id}`} name="programId" label={t("records.goals.labels.programId")} options={programOptions} defaultValue={p.programId ?? ""} failed={failureOf(failed, `accept-${p.id}`)} />
            <button type="submit">{t("records.plan.accept")}</button>
          </Form>
          <Form method="post" noValidate>
            <FormKeys intent="reply-proposal" form={`reply-${p.id}`} extra={{ proposalId: p.id }} />
            <PlanTextArea form={`reply-${p.id}`} name="body" label={t("records.plan.replyLabel")} rows={2} failed={failureOf(failed, `reply-${p.id}`)} />
            <button type="submit" className="secondary">
              {t("records.plan.sendReply")}
            </button>
          </Form>
        </article>
      ))}

      <h2 id="goals">{t("records.plan.goalsAndObjectives")}</h2>
      {data.goals.length === 0 ? <p>{t("records.plan.noGoals")}</p> : null}
      {data.goals.map((g) => (
        <section key={g.id} className="card" aria-labelledby={`goal-${g.id}`}>
          <h3 id={`goal-${g.id}`}>{g.title}</h3>
          <p>
            <strong>{t("records.plan.inWords", { name: data.participant.name })}</strong> {g.participantWords ? `“${g.participantWords}”` : <span className="muted">{t("records.plan.notWrittenYet")}</span>}
          </p>
          {g.objectives.map((o) => (
            <div key={o.id} className="card">
              <h4>{o.description}</h4>
              <ObjectiveDetails objective={o} zone={data.zone} remove />
              <details open={Boolean(failureOf(failed, `edit-${o.id}`))}>
                <summary>
                  {t("records.plan.editObjective")}
                  <span className="visually-hidden"> “{o.description}”</span>
                </summary>
                <Form method="post" noValidate>
                  <FormKeys intent="edit-objective" form={`edit-${o.id}`} extra={{ objectiveId: o.id, version: failureOf(failed, `edit-${o.id}`)?.values?.version ?? o.version }} />
                  <PlanTextArea form={`edit-${o.id}`} name="description" label={t("records.plan.labels.objectiveId")} rows={2} defaultValue={o.description} failed={failureOf(failed, `edit-${o.id}`)} />
                  <PlanInput form={`edit-${o.id}`} name="measure" label={t("records.plan.labels.measure")} defaultValue={o.measure} failed={failureOf(failed, `edit-${o.id}`)} />
                  <button type="submit">{t("records.plan.saveObjective")}</button>
                </Form>
                <Form method="post" noValidate>
                  <FormKeys intent="objective-status" form={`status-${o.id}`} extra={{ objectiveId: o.id }} />
                  <PlanSelect form={`status-${o.id}`} name="status" label={t("records.plan.labels.status")} defaultValue={o.status} options={OBJECTIVE_STATUSES.map((s) => ({ value: s, label: t(OBJECTIVE_STATUS_KEY[s]) }))} failed={failureOf(failed, `status-${o.id}`)} />
                  <button type="submit" className="secondary">
                    {t("records.plan.saveStatus")}
                  </button>
                </Form>
              </details>
              <details open={Boolean(failureOf(failed, `service-${o.id}`))}>
                <summary>
                  {t("records.plan.addService")}
                  <span className="visually-hidden">{t("records.plan.toThing", { thing: o.description })}</span>
                </summary>
                <Form method="post" noValidate>
                  <FormKeys intent="add-service" form={`service-${o.id}`} extra={{ objectiveId: o.id }} />
                  <PlanSelect form={`service-${o.id}`} name="groupId" label={t("records.plan.labels.groupId")} options={[{ value: "", label: t("records.plan.chooseGroup") }, ...groupOptions]} failed={failureOf(failed, `service-${o.id}`)} />
                  <PlanInput form={`service-${o.id}`} name="timesPerPeriod" label={t("records.plan.howOften")} type="number" defaultValue="1" failed={failureOf(failed, `service-${o.id}`)} />
                  <PlanSelect form={`service-${o.id}`} name="period" label={t("records.plan.labels.period")} options={SERVICE_PERIODS.map((p) => ({ value: p, label: p === "week" ? t("records.plan.week") : t("records.plan.month") }))} failed={failureOf(failed, `service-${o.id}`)} />
                  <PlanInput form={`service-${o.id}`} name="minutesPerContact" label={t("records.plan.labels.minutesPerContact")} type="number" defaultValue="60" failed={failureOf(failed, `service-${o.id}`)} />
                  <button type="submit">{t("records.plan.addServiceButton")}</button>
                </Form>
              </details>
              <details open={Boolean(failureOf(failed, `intervention-${o.id}`))}>
                <summary>
                  {t("records.plan.addIntervention")}
                  <span className="visually-hidden">{t("records.plan.toThing", { thing: o.description })}</span>
                </summary>
                <Form method="post" noValidate>
                  <FormKeys intent="add-intervention" form={`intervention-${o.id}`} extra={{ objectiveId: o.id }} />
                  <PlanTextArea form={`intervention-${o.id}`} name="description" label={t("records.plan.supportLabel")} hint={t("records.plan.supportHint")} rows={2} failed={failureOf(failed, `intervention-${o.id}`)} />
                  <PlanSelect form={`intervention-${o.id}`} name="component" label={t("records.plan.labels.component")} options={[{ value: "", label: t("records.plan.chooseComponent") }, ...componentOptions]} failed={failureOf(failed, `intervention-${o.id}`)} />
                  <PlanSelect form={`intervention-${o.id}`} name="responsibleId" label={t("records.plan.labels.responsibleId")} defaultValue={data.userId} options={staffOptions} failed={failureOf(failed, `intervention-${o.id}`)} />
                  <button type="submit">{t("records.plan.addInterventionButton")}</button>
                </Form>
              </details>
            </div>
          ))}
          <details open={Boolean(failureOf(failed, `objective-${g.id}`))}>
            <summary>
              {t("records.plan.addObjective")}
              <span className="visually-hidden">{t("records.plan.toThing", { thing: g.title })}</span>
            </summary>
            <Form method="post" noValidate>
              <FormKeys intent="add-objective" form={`objective-${g.id}`} extra={{ goalId: g.id }} />
              <PlanTextArea form={`objective-${g.id}`} name="description" label={t("records.plan.labels.objectiveId")} hint={t("records.plan.objectiveHint")} rows={2} failed={failureOf(failed, `objective-${g.id}`)} />
              <PlanInput form={`objective-${g.id}`} name="measure" label={t("records.plan.labels.measure")} hint={t("records.plan.measureHint")} failed={failureOf(failed, `objective-${g.id}`)} />
              <button type="submit">{t("records.plan.addObjectiveButton")}</button>
            </Form>
          </details>
        </section>
      ))}
      <details open={Boolean(failureOf(failed, "goal"))}>
        <summary>{t("records.plan.addGoal")}</summary>
        <Form method="post" noValidate>
          <FormKeys intent="add-goal" form="goal" />
          <PlanInput form="goal" name="title" label={t("records.plan.labels.title")} hint={t("records.plan.goalHint")} failed={failureOf(failed, "goal")} />
          <PlanSelect form="goal" name="programId" label={t("records.goals.labels.programId")} options={programOptions} failed={failureOf(failed, "goal")} />
          <button type="submit">{t("records.plan.addGoalButton")}</button>
        </Form>
      </details>

      {data.wholePlan ? (
        <>
      <h2 id="reviews">{t("records.plan.reviews")}</h2>
      <PlanBasicsView plan={data.plan} />
      <details open={Boolean(failureOf(failed, "review"))}>
        <summary>{t("records.plan.recordReview")}</summary>
        <Form method="post" noValidate>
          <FormKeys intent="review" form="review" extra={{ formToken: data.reviewToken }} />
          <PlanInput form="review" name="reviewedOn" label={t("records.plan.labels.reviewedOn")} type="date" defaultValue={data.today} failed={failureOf(failed, "review")} />
          <PlanInput form="review" name="attendees" label={t("records.plan.labels.attendees")} hint={t("records.plan.attendeesHint", { name: data.participant.name })} failed={failureOf(failed, "review")} />
          <PlanTextArea form="review" name="whatChanged" label={t("records.plan.labels.whatChanged")} failed={failureOf(failed, "review")} />
          <PlanTextArea form="review" name="participantComment" label={t("records.plan.labels.participantComment")} hint={t("records.plan.commentHint")} failed={failureOf(failed, "review")} />
          <PlanInput form="review" name="nextReviewOn" label={t("records.plan.labels.nextReviewOn")} type="date" failed={failureOf(failed, "review")} />
          <button type="submit">{t("records.plan.recordReviewButton")}</button>
        </Form>
      </details>
      {data.reviews.length === 0 ? <p>{t("records.plan.noReviews")}</p> : null}
      {data.reviews.map((r) => (
        <article key={r.id} className="card" aria-labelledby={`review-${r.id}`}>
          <h3 id={`review-${r.id}`}>
            {t("records.plan.reviewOf")}
            <CivilDate date={r.reviewedOn} />
          </h3>
          <p>
            <strong>{t("records.plan.tookPart")}</strong> {r.attendees}
          </p>
          <p>
            <strong>{t("records.plan.whatChangedColon")}</strong> {r.whatChanged}
          </p>
          {r.participantComment ? (
            <p>
              <strong>{t("records.plan.said", { name: data.participant.name })}</strong> “{r.participantComment}”
            </p>
          ) : null}
          <p className="muted">
            {t("records.plan.recordedBy", { name: r.recordedBy ?? t("records.shared.formerStaff") })}
            {r.nextReviewOn ? (
              <>
                {" "}
                {t("records.plan.nextReviewOn")}
                <CivilDate date={r.nextReviewOn} />
              </>
            ) : null}
          </p>
        </article>
      ))}
        </>
      ) : null}
    </>
  );
}
