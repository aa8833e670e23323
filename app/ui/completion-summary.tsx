import { PrintButton } from "~/ui/attendance-print";
import { useCriteriaSentence } from "~/ui/completion";
import { OUTCOME_KEYS, REASON_KEYS } from "~/ui/completion-group";
import { useTexts } from "~/ui/i18n";
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
    recordedBy: string | null;
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

/** Stored codes of goals, objectives and referrals, in the reader's language (an unknown code as words). */
const STATUS_KEYS: Record<string, string> = {
  active: "manage.summary.status.active",
  achieved: "manage.summary.status.achieved",
  revised: "manage.summary.status.revised",
  discontinued: "manage.summary.status.discontinued",
  not_started: "manage.summary.status.notStarted",
  in_progress: "manage.summary.status.inProgress",
  met: "manage.summary.status.met",
  not_met: "manage.summary.status.notMet",
};
const REFERRAL_KEYS: Record<string, string> = {
  pending: "manage.summary.referral.pending",
  connected: "manage.summary.referral.connected",
  not_connected: "manage.summary.referral.notConnected",
  declined: "manage.summary.referral.declined",
  no_response: "manage.summary.referral.noResponse",
};
const NEED_KEYS: Record<string, string> = {
  mental_health: "manage.summary.need.mentalHealth",
  substance_use: "manage.summary.need.substanceUse",
  legal: "manage.summary.need.legal",
  crisis: "manage.summary.need.crisis",
  primary_care_dentistry: "manage.summary.need.primaryCare",
  education_vocational: "manage.summary.need.education",
  housing: "manage.summary.need.housing",
  other: "manage.summary.need.other",
};

/** A printable discharge summary (the print stylesheet hides the navigation). */
export function DischargeSummary({ summary: s, zone }: { summary: Summary; zone: string }) {
  const { t } = useTexts();
  const criteriaSentence = useCriteriaSentence();
  const code = (keys: Record<string, string>, value: string) => (keys[value] ? t(keys[value]) : words(value));
  const reason = s.outcome.reason && s.outcome.reason in REASON_KEYS ? t(REASON_KEYS[s.outcome.reason as keyof typeof REASON_KEYS]) : null;
  return (
    <article className="discharge-summary">
      <h1>{t("manage.summary.title", { name: s.person })}</h1>
      {s.substanceUse ? (
        <p className="notice" role="note">
          <strong>{t("manage.summary.notice")}</strong> {t("manage.summary.noticeText")}
        </p>
      ) : null}
      <PrintButton />
      <dl>
        <dt>{t("manage.summary.programGroup")}</dt>
        <dd>
          {s.programName} — {s.groupName}
        </dd>
        <dt>{t("manage.summary.enrolled")}</dt>
        <dd>
          <When at={s.startedAt} zone={zone} />
        </dd>
        <dt>{t("manage.summary.outcome")}</dt>
        <dd>
          {t("manage.summary.outcomeOn", { outcome: t(OUTCOME_KEYS[s.outcome.kind]), date: s.outcome.endedOn })}
          {reason ? t("manage.summary.reason", { reason }) : ""}
          {s.outcome.reasonText ? ` (${s.outcome.reasonText})` : ""}
          {s.outcome.transferredTo ? t("manage.summary.to", { group: s.outcome.transferredTo }) : ""}
        </dd>
        <dt>{t("manage.summary.recordedBy")}</dt>
        <dd>
          {s.outcome.recordedBy ?? t("manage.summary.formerStaff")}, <When at={s.outcome.recordedAt} zone={zone} />
        </dd>
        <dt>{t("manage.summary.attended")}</dt>
        <dd>
          {t("manage.summary.attendance", {
            attended: s.progress.attended,
            total: s.progress.totalSessions,
            hours: s.hours,
            excused: s.progress.excused,
            unexcused: s.progress.unexcusedAbsences,
          })}
        </dd>
        <dt>{t("manage.summary.criteria")}</dt>
        <dd>{s.criteria ? `${criteriaSentence(s.criteria)} ${s.progress.met ? t("manage.summary.met") : t("manage.summary.notMet")}` : t("manage.summary.noneSet")}</dd>
      </dl>
      <h2>{t("manage.summary.units")}</h2>
      {s.unitsCovered.length === 0 ? <p>{t("manage.summary.noUnits")}</p> : null}
      <ul>
        {s.unitsCovered.map((u) => (
          <li key={u.sessionId}>
            <When at={u.startsAt} zone={zone} withDate />: {u.topic}
          </li>
        ))}
      </ul>
      <h2>{t("manage.summary.goals")}</h2>
      {s.goals.length === 0 ? <p>{t("manage.summary.noGoals")}</p> : null}
      <ul>
        {s.goals.map((g) => (
          <li key={g.id}>
            {g.title}: {code(STATUS_KEYS, g.status)}
            {g.objectives.length ? (
              <ul>
                {g.objectives.map((o, i) => (
                  <li key={i}>
                    {o.description}: {code(STATUS_KEYS, o.status)}
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
      <h2>{t("manage.summary.referrals")}</h2>
      {s.referrals.length === 0 ? <p>{t("manage.summary.noReferrals")}</p> : null}
      <ul>
        {s.referrals.map((r) => (
          <li key={r.id}>
            {r.referredOn}: {r.resource} ({code(NEED_KEYS, r.needArea)}) — {code(REFERRAL_KEYS, r.outcome)}
          </li>
        ))}
      </ul>
      <h2>{t("manage.summary.comment")}</h2>
      <p>{s.outcome.participantComment || t("manage.summary.noComment")}</p>
    </article>
  );
}
