import { REDISCLOSURE_NOTICE_42_CFR_2_32 } from "~/modules/consent/wording";
import { DISCHARGE_REASON_LABELS, OUTCOME_LABELS } from "~/modules/completion/schema";
import { PrintButton } from "~/ui/attendance-print";
import { criteriaSentence } from "~/ui/completion";
import { When } from "~/ui/time";

type Summary = {
  person: string;
  groupName: string;
  programName: string;
  substanceUse: boolean;
  startedAt: string | Date;
  outcome: {
    kind: "completed" | "discharged" | "transferred";
    reason: string | null;
    reasonText: string;
    endedOn: string;
    participantComment: string;
    recordedBy: string;
    recordedAt: string | Date;
    transferredTo: string | null;
  };
  criteria: { minSessionsAttended: number; maxUnexcusedAbsences: number | null } | null;
  progress: { attended: number; totalSessions: number; excused: number; unexcusedAbsences: number; met: boolean };
  hours: string;
  unitsCovered: { sessionId: string; topic: string; startsAt: string | Date }[];
  goals: { id: string; title: string; status: string; objectives: { description: string; status: string }[] }[];
  referrals: { id: string; resource: string; needArea: string; referredOn: string; outcome: string }[];
};

const words = (s: string) => s.replace(/_/g, " ");

/** A printable discharge summary (the print stylesheet hides the navigation). */
export function DischargeSummary({ summary: s, zone }: { summary: Summary; zone: string }) {
  const reason = s.outcome.reason ? DISCHARGE_REASON_LABELS[s.outcome.reason as keyof typeof DISCHARGE_REASON_LABELS] : null;
  return (
    <article className="discharge-summary">
      <h1>Discharge summary: {s.person}</h1>
      {s.substanceUse ? (
        <p className="notice" role="note">
          <strong>Notice (42 CFR 2.32):</strong> {REDISCLOSURE_NOTICE_42_CFR_2_32}
        </p>
      ) : null}
      <PrintButton />
      <dl>
        <dt>Program and group</dt>
        <dd>
          {s.programName} — {s.groupName}
        </dd>
        <dt>Enrolled</dt>
        <dd>
          <When at={s.startedAt} zone={zone} />
        </dd>
        <dt>Outcome</dt>
        <dd>
          {OUTCOME_LABELS[s.outcome.kind]} on {s.outcome.endedOn}
          {reason ? `, reason: ${reason}` : ""}
          {s.outcome.reasonText ? ` (${s.outcome.reasonText})` : ""}
          {s.outcome.transferredTo ? `, to ${s.outcome.transferredTo}` : ""}
        </dd>
        <dt>Recorded by</dt>
        <dd>
          {s.outcome.recordedBy}, <When at={s.outcome.recordedAt} zone={zone} />
        </dd>
        <dt>Sessions attended</dt>
        <dd>
          {s.progress.attended} of {s.progress.totalSessions} held or scheduled ({s.hours} hours); {s.progress.excused} excused, {s.progress.unexcusedAbsences} unexcused absences
        </dd>
        <dt>Completion criteria</dt>
        <dd>{s.criteria ? `${criteriaSentence(s.criteria)} ${s.progress.met ? "Met." : "Not met."}` : "None were set."}</dd>
      </dl>
      <h2>Units covered</h2>
      {s.unitsCovered.length === 0 ? <p>No signed group notes name a unit for the sessions attended.</p> : null}
      <ul>
        {s.unitsCovered.map((u) => (
          <li key={u.sessionId}>
            <When at={u.startsAt} zone={zone} withDate />: {u.topic}
          </li>
        ))}
      </ul>
      <h2>Goals and objectives</h2>
      {s.goals.length === 0 ? <p>No service-plan goals were recorded.</p> : null}
      <ul>
        {s.goals.map((g) => (
          <li key={g.id}>
            {g.title}: {words(g.status)}
            {g.objectives.length ? (
              <ul>
                {g.objectives.map((o, i) => (
                  <li key={i}>
                    {o.description}: {words(o.status)}
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
      <h2>Referrals made</h2>
      {s.referrals.length === 0 ? <p>No referrals were made.</p> : null}
      <ul>
        {s.referrals.map((r) => (
          <li key={r.id}>
            {r.referredOn}: {r.resource} ({words(r.needArea)}) — {words(r.outcome)}
          </li>
        ))}
      </ul>
      <h2>Participant&apos;s comment</h2>
      <p>{s.outcome.participantComment || "No comment was recorded."}</p>
    </article>
  );
}
