import { Link } from "@remix-run/react";
import { SessionTime } from "~/ui/time";
import { ChangeList, type ChangeItem } from "~/ui/voice-parts";

/** Home page section: sessions waiting for feedback, "you said, we did", and ways to speak up. */
export function VoiceHome({
  voice,
  zone,
  participant,
}: {
  voice: { pending: { sessionId: string; groupName: string; startsAt: string | Date; endsAt: string | Date }[]; changes: ChangeItem[] };
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
