import { Link } from "@remix-run/react";
import { OUTCOME_LABELS } from "~/modules/voice/schema";
import { SessionTime, When } from "~/ui/time";
import { ChangeList, type ChangeItem } from "~/ui/voice-parts";
import { useTexts } from "~/ui/i18n";

type DecisionItem = {
  id: string;
  title: string;
  outcome: keyof typeof OUTCOME_LABELS;
  decisionText: string;
  groupName: string | null;
  programName: string | null;
  decidedAt: string | Date;
};

/** Home page section: sessions waiting for feedback, recent decisions, "you said, we did", and ways to speak up. */
export function VoiceHome({
  voice,
  zone,
  participant,
}: {
  voice: {
    pending: { sessionId: string; groupName: string; startsAt: string | Date; endsAt: string | Date }[];
    changes: ChangeItem[];
    decisions: DecisionItem[];
  };
  zone: string;
  participant: boolean;
}) {
  const { t, message } = useTexts();
  return (
    <section aria-labelledby="voice">
      <h2 id="voice">{t("my.home.voice.title")}</h2>
      {participant && voice.pending.length ? (
        <ul className="session-list">
          {voice.pending.map((p) => (
            <li key={p.sessionId} className="card">
              <Link to={`/feedback/${p.sessionId}`}>{t("my.home.voice.giveFeedback", { group: p.groupName })}</Link>
              <br />
              <SessionTime start={p.startsAt} end={p.endsAt} zone={zone} />
            </li>
          ))}
        </ul>
      ) : null}
      {voice.decisions.length ? (
        <>
          <h3>{t("my.home.voice.decisions")}</h3>
          <ul className="session-list">
            {voice.decisions.map((d) => (
              <li key={d.id} className="card">
                <strong>
                  <Link to={`/proposals/${d.id}`}>{d.title}</Link>
                </strong>{" "}
                <span className="status status-held">{message(OUTCOME_LABELS[d.outcome])}</span>
                <br />
                {d.decisionText}
                <br />
                <span className="muted">
                  {d.groupName ?? t("my.home.voice.wholeProgram", { program: d.programName })} · {t("my.home.voice.decided")} <When at={d.decidedAt} zone={zone} />
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h3>{t("my.home.voice.youSaidWeDid")}</h3>
      <ChangeList changes={voice.changes} zone={zone} headingLevel={4} />
      <p>
        <Link to="/changes">{t("my.home.voice.allChanges")}</Link> · <Link to="/proposals">{t("my.home.voice.proposals")}</Link> ·{" "}
        <Link to="/concerns">{t("my.home.voice.raiseConcern")}</Link>
        {!participant ? (
          <>
            {" "}
            · <Link to="/feedback/reports">{t("voice.home.feedbackReports")}</Link>
          </>
        ) : null}
      </p>
    </section>
  );
}
