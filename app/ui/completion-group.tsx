import { Form, Link } from "@remix-run/react";
import { DISCHARGE_REASON_LABELS, DISCHARGE_REASONS, OUTCOME_LABELS } from "~/modules/completion/schema";
import { CRITERIA_LABELS, CriteriaForm, CriteriaSaved, criteriaSentence, type CriteriaValues } from "~/ui/completion";
import { ErrorSummary, Field, Notice, RadioGroup, Select, TextArea, type ActionErrors } from "~/ui/form";
import { lookup } from "~/ui/lookup";

type Page = {
  group: { id: string; name: string; programId: string; programName: string };
  criteria: (NonNullable<CriteriaValues> & { from: "group" | "program" }) | null;
  ownCriteria: CriteriaValues;
  canSetCriteria: boolean;
  people: { enrolmentId: string; name: string; summary: string | null; progress: { met: boolean } | null }[];
  ended: { outcomeId: string; enrolmentId: string; name: string; outcome: "completed" | "discharged" | "transferred"; reason: string | null; endedOn: string; certificateId: string | null }[];
  otherGroups: { id: string; name: string }[];
  today: string;
};

const LABELS = {
  ...CRITERIA_LABELS,
  enrolmentId: "Participant",
  outcome: "Outcome",
  reason: "Reason",
  reasonText: "Other reason",
  transferredToGroupId: "Group they move to",
  endedOn: "Last day",
  participantComment: "Participant's comment",
  outcomeId: "Undo",
};

const DONE: Record<string, string> = {
  outcome: "The outcome is recorded.",
  "undo-outcome": "The outcome is undone: the person is enrolled again.",
};

export function GroupCompletion({ page, data, params }: { page: Page; data?: ActionErrors; params: URLSearchParams }) {
  const recording = data?.values?.enrolmentId ?? params.get("record");
  const person = page.people.find((p) => p.enrolmentId === recording) ?? null;
  const done = params.get("done");
  const promoted = Number(params.get("promoted") ?? 0);
  return (
    <>
      <h1>Completion: {page.group.name}</h1>
      <CriteriaSaved done={done} />
      {lookup(DONE, done) ? (
        <Notice>
          {lookup(DONE, done)}
          {promoted ? ` The freed seat went to the next person waiting.` : ""}
        </Notice>
      ) : null}
      <ErrorSummary data={data} labels={LABELS} />
      <p>
        <Link to={`/groups/${page.group.id}`}>Group page</Link>
        {page.canSetCriteria ? (
          <>
            {" "}· <Link to={`/programs/${page.group.programId}/completion`}>Criteria of the program {page.group.programName}</Link>
          </>
        ) : null}
      </p>
      <h2>Criteria</h2>
      <p>
        {page.criteria
          ? `${criteriaSentence(page.criteria)} (${page.criteria.from === "group" ? "this group's own" : "from the program"})`
          : "No completion criteria are set for this group or its program."}
      </p>
      {page.canSetCriteria ? <CriteriaForm current={page.ownCriteria} data={recording ? undefined : data} clearLabel="Remove this group's own criteria" /> : null}
      <h2>Participants enrolled now</h2>
      {page.people.length === 0 ? <p>Nobody is enrolled now.</p> : null}
      <ul className="plain">
        {page.people.map((p) => (
          <li key={p.enrolmentId} className="card">
            <strong>{p.name}</strong>: {p.summary ?? "no criteria to measure against"}.{" "}
            <Link to={`?record=${p.enrolmentId}#outcome-form`} preventScrollReset>
              Record how it ended<span className="visually-hidden"> for {p.name}</span>
            </Link>{" "}
            ·{" "}
            <Link to={`/enrolments/${p.enrolmentId}/letters`}>
              Letters and releases<span className="visually-hidden"> of {p.name}</span>
            </Link>
          </li>
        ))}
      </ul>
      {person ? <OutcomeForm person={person} page={page} data={data} /> : null}
      <h2>Enrolments that ended</h2>
      {page.ended.length === 0 ? <p>None yet.</p> : null}
      <ul className="plain">
        {page.ended.map((e) => (
          <li key={e.outcomeId} className="card">
            <strong>{e.name}</strong>: {OUTCOME_LABELS[e.outcome]}
            {e.reason ? ` (${DISCHARGE_REASON_LABELS[e.reason as keyof typeof DISCHARGE_REASON_LABELS]})` : ""} on {e.endedOn}.{" "}
            <Link to={`/enrolments/${e.enrolmentId}/summary`}>
              Discharge summary<span className="visually-hidden"> of {e.name}</span>
            </Link>{" "}
            ·{" "}
            <Link to={`/enrolments/${e.enrolmentId}/letters`}>
              Letters and releases<span className="visually-hidden"> of {e.name}</span>
            </Link>
            {e.certificateId ? (
              <>
                {" "}·{" "}
                <a href={`/enrolments/${e.enrolmentId}/certificate.pdf`} download>
                  Certificate (PDF)<span className="visually-hidden"> of {e.name}</span>
                </a>
              </>
            ) : null}
            <Form method="post">
              <input type="hidden" name="intent" value="undo-outcome" />
              <input type="hidden" name="outcomeId" value={e.outcomeId} />
              <button type="submit" className="secondary">
                Undo<span className="visually-hidden"> the outcome of {e.name}</span>
              </button>
            </Form>
          </li>
        ))}
      </ul>
    </>
  );
}

function OutcomeForm({ person, page, data }: { person: Page["people"][number]; page: Page; data?: ActionErrors }) {
  return (
    <section id="outcome-form" aria-labelledby="outcome-title" className="card">
      <h2 id="outcome-title">How {person.name}&apos;s enrolment ended</h2>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="outcome" />
        <input type="hidden" name="enrolmentId" value={person.enrolmentId} />
        <RadioGroup
          name="outcome"
          legend="Outcome"
          data={data}
          defaultValue={person.progress?.met ? "completed" : undefined}
          options={[
            { value: "completed", label: "Completed (meets the criteria)" },
            { value: "discharged", label: "Discharged" },
            { value: "transferred", label: "Transferred to another group" },
          ]}
        />
        <Select
          name="reason"
          label="Reason for a discharge"
          data={data}
          options={[{ value: "", label: "Not a discharge" }, ...DISCHARGE_REASONS.map((r) => ({ value: r, label: DISCHARGE_REASON_LABELS[r] }))]}
        />
        <Field name="reasonText" label="Other reason (when the reason is Other)" data={data} />
        <Select
          name="transferredToGroupId"
          label="Group they move to (for a transfer)"
          hint="After recording the transfer, register them in that group from its page."
          data={data}
          options={[{ value: "", label: "Not a transfer" }, ...page.otherGroups.map((g) => ({ value: g.id, label: g.name }))]}
        />
        <Field name="endedOn" label="Last day" type="date" data={data} defaultValue={page.today} required />
        <TextArea name="participantComment" label="Participant's comment (optional)" hint="In their words, for the discharge summary." data={data} rows={3} />
        <button type="submit">Record the outcome</button>
      </Form>
    </section>
  );
}
