import { Form, Link } from "@remix-run/react";
import { DISCHARGE_REASONS } from "~/modules/completion/schema";
import { CriteriaForm, CriteriaSaved, useCriteriaLabels, useCriteriaSentence, type CriteriaValues } from "~/ui/completion";
import { useTexts } from "~/ui/i18n";
import { ErrorSummary, Field, Notice, RadioGroup, Select, TextArea, type ActionErrors } from "~/ui/form";
import { lookup } from "~/ui/lookup";
import { progressText, withCompletionRefusal, type ProgressFigures } from "~/ui/completion-texts";

type Page = {
  group: { id: string; name: string; programId: string; programName: string };
  criteria: (NonNullable<CriteriaValues> & { from: "group" | "program" }) | null;
  ownCriteria: CriteriaValues;
  criteriaVersion: string;
  canSetCriteria: boolean;
  people: { enrolmentId: string; name: string; summary: string | null; progress: ProgressFigures | null }[];
  ended: { outcomeId: string; enrolmentId: string; name: string; outcome: "completed" | "discharged" | "transferred"; reason: string | null; endedOn: string; certificateId: string | null }[];
  otherGroups: { id: string; name: string }[];
  today: string;
};

const LABEL_KEYS = {
  enrolmentId: "manage.completion.labels.enrolmentId",
  outcome: "manage.completion.labels.outcome",
  reason: "manage.completion.labels.reason",
  reasonText: "manage.completion.labels.reasonText",
  transferredToGroupId: "manage.completion.labels.transferredToGroupId",
  endedOn: "manage.completion.labels.endedOn",
  participantComment: "manage.completion.labels.participantComment",
  outcomeId: "manage.completion.labels.outcomeId",
} as const;

const DONE: Record<string, string> = {
  outcome: "manage.completion.done.outcome",
  "undo-outcome": "manage.completion.done.undo",
  "undo-outcome-waitlisted": "manage.completion.done.undoWaitlisted",
};

/** An outcome and a discharge reason in the reader's language (the codes are the stored values). */
export const OUTCOME_KEYS = { completed: "manage.completion.outcome.completed", discharged: "manage.completion.outcome.discharged", transferred: "manage.completion.outcome.transferred" } as const;
export const REASON_KEYS: Record<(typeof DISCHARGE_REASONS)[number], string> = {
  completed: "manage.completion.reason.completed",
  withdrew: "manage.completion.reason.withdrew",
  no_longer_attending: "manage.completion.reason.noLongerAttending",
  referred_elsewhere: "manage.completion.reason.referredElsewhere",
  other: "manage.completion.reason.other",
};

export function GroupCompletion({ page, data: sent, params }: { page: Page; data?: ActionErrors & { details?: unknown }; params: URLSearchParams }) {
  const { t } = useTexts();
  // A completion refused for unmet criteria, worded in the reader's language (sent as figures).
  const data = withCompletionRefusal(t, sent);
  // The form that was sent gets its errors and entries back, whichever person's outcome form the
  // address has open (?record=): a refused criteria save shows beside the criteria.
  const criteriaSent = data?.values?.intent === "criteria" || data?.values?.intent === "clear-criteria";
  const recording = (criteriaSent ? undefined : data?.values?.enrolmentId) ?? params.get("record");
  const person = page.people.find((p) => p.enrolmentId === recording) ?? null;
  const done = params.get("done");
  const promoted = Number(params.get("promoted") ?? 0);
  const criteriaLabels = useCriteriaLabels();
  const criteriaSentence = useCriteriaSentence();
  const labels = { ...criteriaLabels, ...Object.fromEntries(Object.entries(LABEL_KEYS).map(([field, key]) => [field, t(key)])) };
  const doneKey = lookup(DONE, done);
  return (
    <>
      <h1>{t("manage.completion.title", { name: page.group.name })}</h1>
      <CriteriaSaved done={done} />
      {doneKey ? (
        <Notice>
          {t(doneKey)}
          {promoted ? t("manage.completion.done.promoted") : ""}
        </Notice>
      ) : null}
      <ErrorSummary data={data} labels={labels} />
      <p>
        <Link to={`/groups/${page.group.id}`}>{t("manage.completion.groupPage")}</Link>
        {page.canSetCriteria ? (
          <>
            {" "}· <Link to={`/programs/${page.group.programId}/completion`}>{t("manage.completion.programCriteria", { program: page.group.programName })}</Link>
          </>
        ) : null}
      </p>
      <h2>{t("manage.completion.criteria")}</h2>
      <p>
        {page.criteria
          ? `${criteriaSentence(page.criteria)} (${page.criteria.from === "group" ? t("manage.completion.fromGroup") : t("manage.completion.fromProgram")})`
          : t("manage.completion.noCriteria")}
      </p>
      {page.canSetCriteria ? <CriteriaForm current={page.ownCriteria} version={page.criteriaVersion} data={criteriaSent ? data : undefined} clearLabel={t("manage.completion.clear")} /> : null}
      <h2>{t("manage.completion.enrolledNow")}</h2>
      {page.people.length === 0 ? <p>{t("manage.completion.nobody")}</p> : null}
      <ul className="plain">
        {page.people.map((p) => (
          <li key={p.enrolmentId} className="card">
            <strong>{p.name}</strong>: {p.progress ? progressText(t, p.progress) : t("manage.completion.noMeasure")}.{" "}
            <Link to={`?record=${p.enrolmentId}#outcome-form`} preventScrollReset>
              {t("manage.completion.record")}<span className="visually-hidden">{t("manage.completion.forName", { name: p.name })}</span>
            </Link>{" "}
            ·{" "}
            <Link to={`/enrolments/${p.enrolmentId}/letters`}>
              {t("manage.completion.letters")}<span className="visually-hidden">{t("manage.completion.ofName", { name: p.name })}</span>
            </Link>
          </li>
        ))}
      </ul>
      {person ? <OutcomeForm person={person} page={page} data={criteriaSent ? undefined : data} /> : null}
      <h2>{t("manage.completion.ended")}</h2>
      {page.ended.length === 0 ? <p>{t("manage.completion.noneYet")}</p> : null}
      <ul className="plain">
        {page.ended.map((e) => (
          <li key={e.outcomeId} className="card">
            <strong>{e.name}</strong>: {t(OUTCOME_KEYS[e.outcome])}
            {e.reason && e.reason in REASON_KEYS ? ` (${t(REASON_KEYS[e.reason as keyof typeof REASON_KEYS])})` : ""}
            {t("manage.completion.on", { date: e.endedOn })}{" "}
            <Link to={`/enrolments/${e.enrolmentId}/summary`}>
              {t("manage.completion.summary")}<span className="visually-hidden">{t("manage.completion.ofName", { name: e.name })}</span>
            </Link>{" "}
            ·{" "}
            <Link to={`/enrolments/${e.enrolmentId}/letters`}>
              {t("manage.completion.letters")}<span className="visually-hidden">{t("manage.completion.ofName", { name: e.name })}</span>
            </Link>
            {e.certificateId ? (
              <>
                {" "}·{" "}
                <a href={`/enrolments/${e.enrolmentId}/certificate.pdf`} download>
                  {t("manage.completion.certificate")}<span className="visually-hidden">{t("manage.completion.ofName", { name: e.name })}</span>
                </a>
              </>
            ) : null}
            <Form method="post">
              <input type="hidden" name="intent" value="undo-outcome" />
              <input type="hidden" name="outcomeId" value={e.outcomeId} />
              <button type="submit" className="secondary">
                {t("manage.completion.undo")}<span className="visually-hidden">{t("manage.completion.undoOf", { name: e.name })}</span>
              </button>
            </Form>
          </li>
        ))}
      </ul>
    </>
  );
}

function OutcomeForm({ person, page, data }: { person: Page["people"][number]; page: Page; data?: ActionErrors }) {
  const { t } = useTexts();
  return (
    <section id="outcome-form" aria-labelledby="outcome-title" className="card">
      <h2 id="outcome-title">{t("manage.completion.form.title", { name: person.name })}</h2>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="outcome" />
        <input type="hidden" name="enrolmentId" value={person.enrolmentId} />
        <RadioGroup
          name="outcome"
          legend={t("manage.completion.labels.outcome")}
          data={data}
          defaultValue={person.progress?.met ? "completed" : undefined}
          options={[
            { value: "completed", label: t("manage.completion.form.completed") },
            { value: "discharged", label: t("manage.completion.form.discharged") },
            { value: "transferred", label: t("manage.completion.form.transferred") },
          ]}
        />
        <Select
          name="reason"
          label={t("manage.completion.form.reason")}
          data={data}
          options={[{ value: "", label: t("manage.completion.form.notDischarge") }, ...DISCHARGE_REASONS.map((r) => ({ value: r, label: t(REASON_KEYS[r]) }))]}
        />
        <Field name="reasonText" label={t("manage.completion.form.reasonText")} data={data} />
        <Select
          name="transferredToGroupId"
          label={t("manage.completion.form.moveTo")}
          hint={t("manage.completion.form.moveToHint")}
          data={data}
          options={[{ value: "", label: t("manage.completion.form.notTransfer") }, ...page.otherGroups.map((g) => ({ value: g.id, label: g.name }))]}
        />
        <Field name="endedOn" label={t("manage.completion.labels.endedOn")} type="date" data={data} defaultValue={page.today} required />
        <TextArea name="participantComment" label={t("manage.completion.form.comment")} hint={t("manage.completion.form.commentHint")} data={data} rows={3} />
        <button type="submit">{t("manage.completion.form.submit")}</button>
      </Form>
    </section>
  );
}
