import { Link } from "@remix-run/react";
import { OUTCOME_LABELS } from "~/modules/voice/schema";
import { SessionTime, When } from "~/ui/time";
import { ChangeList, type ChangeItem } from "~/ui/voice-parts";

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
  return (
    <section aria-labelledby="voice">
      <h2 id="voice">Your voice</h2>
      {participant && voice.pending.length ? (
        <ul className="session-list">
          {voice.pending.map((p) => (
            <li key={p.sessionId} className="card">
              <Link to={`/feedback/${p.sessionId}`}>Give feedback on {p.groupName}</Link>
              <br />
              <SessionTime start={p.startsAt} end={p.endsAt} zone={zone} />
            </li>
          ))}
        </ul>
      ) : null}
      {voice.decisions.length ? (
        <>
          <h3>Recent decisions on proposals</h3>
          <ul className="session-list">
            {voice.decisions.map((d) => (
              <li key={d.id} className="card">
                <strong>
                  <Link to={`/proposals/${d.id}`}>{d.title}</Link>
                </strong>{" "}
                <span className="status status-held">{OUTCOME_LABELS[d.outcome]}</span>
                <br />
                {d.decisionText}
                <br />
                <span className="muted">
                  {d.groupName ?? `whole program: ${d.programName}`} · decided <When at={d.decidedAt} zone={zone} />
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h3>You said, we did</h3>
      <ChangeList changes={voice.changes} zone={zone} headingLevel={4} />
      <p>
        <Link to="/changes">All changes</Link> · <Link to="/proposals">Proposals and votes</Link> · <Link to="/concerns">Raise a concern</Link>
        {!participant ? (
          <>
            {" "}
            · <Link to="/feedback/reports">Feedback reports</Link>
          </>
        ) : null}
      </p>
    </section>
  );
}
