import type { SerializeFrom } from "@remix-run/node";
import { Form } from "@remix-run/react";
import { PROPOSAL_STATUS_LABELS } from "~/modules/plans/components";
import type { proposalTopics, ServicePlan } from "~/modules/plans/queries.server";
import type { ActionErrors } from "~/ui/form";
import { failureOf, FormKeys, ObjectiveDetails, PlanBasicsView, PlanSelect, PlanTextArea, summaryOf } from "~/ui/plans";
import { When } from "~/ui/time";
import { useTexts } from "~/ui/i18n";
import { translatorFor } from "~/i18n/catalog";
import type { Locale } from "~/i18n/locales";

type Plan = SerializeFrom<ServicePlan>;

const PROPOSAL_STATUS: Record<keyof typeof PROPOSAL_STATUS_LABELS, string> = {
  open: "participant.goals.proposalStatus.open",
  discussing: "participant.goals.proposalStatus.discussing",
  accepted: "participant.goals.proposalStatus.accepted",
  withdrawn: "participant.goals.proposalStatus.withdrawn",
};

/** A refused plan form on /my/goals (it carries a `form` key): the error summary points at that form's field. */
export function myPlanFailure(data: unknown, locale: Locale) {
  const failed = data as (ActionErrors & { ok?: boolean }) | undefined;
  if (!failed || failed.ok !== false || !failed.values?.form) return null;
  const t = translatorFor(locale);
  const s = summaryOf({ ...failed, ok: false }, { words: t("participant.goals.yourGoal"), about: t("participant.goals.about"), body: t("participant.goals.yourReply") });
  return { failed, summary: s.data, labels: s.labels };
}

/** The participant's own service plan: what it says about them, the objectives with their support, and goals they propose. */
export function MyPlan({ servicePlan, topics, zone, failed }: { servicePlan: Plan; topics: Awaited<ReturnType<typeof proposalTopics>>; zone: string; failed?: ActionErrors }) {
  const withObjectives = servicePlan.goals.filter((g) => g.objectives.length);
  const { t } = useTexts();
  // What the proposal is about decides who reads it: a group's or goal's program staff, or the managers (the plan as a whole).
  const aboutOptions = [
    ...topics.groups.map((g) => ({ value: `group:${g.id}`, label: t("participant.goals.aboutGroup", { name: g.name }) })),
    ...topics.goals.map((g) => ({ value: `goal:${g.id}`, label: t("participant.goals.aboutGoal", { title: g.title }) })),
    { value: "", label: t("participant.goals.aboutPlan") },
  ];
  return (
    <>
      <h2 id="my-plan">{t("participant.goals.myPlan")}</h2>
      <PlanBasicsView plan={servicePlan.plan} />
      {withObjectives.map((g) => (
        <section key={g.id} className="card" aria-labelledby={`plan-goal-${g.id}`}>
          <h3 id={`plan-goal-${g.id}`}>{g.participantWords ? `“${g.participantWords}”` : g.title}</h3>
          {g.participantWords ? <p className="muted">{t("participant.goals.asStaffWrote", { title: g.title })}</p> : null}
          {g.objectives.map((o) => (
            <div key={o.id}>
              <h4>{o.description}</h4>
              <ObjectiveDetails objective={o} zone={zone} />
            </div>
          ))}
        </section>
      ))}
      <h2 id="propose">{t("participant.goals.propose")}</h2>
      <p>{t("participant.goals.proposeIntro")}</p>
      <Form method="post" noValidate aria-labelledby="propose">
        <FormKeys intent="propose-goal" form="propose" />
        <PlanTextArea form="propose" name="words" label={t("participant.goals.yourGoal")} rows={2} failed={failureOf(failed, "propose")} />
        <PlanSelect form="propose" name="about" label={t("participant.goals.about")} hint={t("participant.goals.aboutHint")} options={aboutOptions} defaultValue={topics.groups.length === 1 ? `group:${topics.groups[0].id}` : ""} failed={failureOf(failed, "propose")} />
        <button type="submit">{t("participant.goals.sendProposal")}</button>
      </Form>
      {servicePlan.proposals.length ? (
        <>
          <h3 id="my-proposals">{t("participant.goals.myProposals")}</h3>
          <ul>
            {servicePlan.proposals.map((p) => (
              <li key={p.id} className="card">
                <p>
                  <strong>“{p.words}”</strong>
                  <br />
                  <span className="muted">
                    {t(PROPOSAL_STATUS[p.status])}
                    {p.goalTitle ? t("participant.goals.asTitle", { title: p.goalTitle }) : ""}
                    {t("participant.goals.sent")}
                    <When at={p.createdAt} zone={zone} />
                  </span>
                </p>
                {p.replies.length ? (
                  <ul>
                    {p.replies.map((r, i) => (
                      <li key={i}>
                        <strong>{r.byParticipant ? t("participant.goals.you") : (r.author ?? t("participant.goals.staff"))}:</strong> {r.body}
                      </li>
                    ))}
                  </ul>
                ) : null}
                {p.status === "discussing" ? (
                  <Form method="post" noValidate>
                    <FormKeys intent="reply-proposal" form={`reply-${p.id}`} extra={{ proposalId: p.id }} />
                    <PlanTextArea form={`reply-${p.id}`} name="body" label={t("participant.goals.yourReply")} rows={2} failed={failureOf(failed, `reply-${p.id}`)} />
                    <button type="submit" className="secondary">
                      {t("participant.goals.reply")}
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
