import { plural } from "~/ui/wording";
import { CivilDate } from "~/ui/time";

type Entry = {
  id: string;
  heldOn: string;
  peerWorkerName: string;
  supervisorName: string;
  minutes: number;
  topics: string;
  followUps: string;
  mentoring: boolean;
};

type Totals = { peerWorkerId: string; name: string; sessions: number; mentoring: number; minutes: number; lastHeldOn: string };

/** Per peer worker, the last 12 months: supervision sessions, mentoring sessions, minutes, latest date. */
export function SupervisionTotals({ totals, since }: { totals: Totals[]; since: string }) {
  if (totals.length === 0) return <p>No supervision or mentoring recorded since {since}.</p>;
  return (
    <div className="table-scroll" role="region" aria-label="Supervision in the last 12 months" tabIndex={0}>
      <table>
        <caption className="visually-hidden">Supervision and mentoring per peer worker since {since}</caption>
        <thead>
          <tr>
            <th scope="col">Peer worker</th>
            <th scope="col">Supervision</th>
            <th scope="col">Mentoring</th>
            <th scope="col">Minutes</th>
            <th scope="col">Latest</th>
          </tr>
        </thead>
        <tbody>
          {totals.map((t) => (
            <tr key={t.peerWorkerId}>
              <th scope="row">{t.name}</th>
              <td>{plural(t.sessions, "session")}</td>
              <td>{plural(t.mentoring, "session")}</td>
              <td>{t.minutes}</td>
              <td>
                <CivilDate date={t.lastHeldOn} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The entries, newest first, as cards (topics and follow-ups are free text of any length). */
export function SupervisionEntries({ entries }: { entries: Entry[] }) {
  if (entries.length === 0) return <p>No entries yet.</p>;
  return (
    <ul>
      {entries.map((e) => (
        <li key={e.id}>
          <article aria-labelledby={`entry-${e.id}`} className="card">
            <h3 id={`entry-${e.id}`}>
              <CivilDate date={e.heldOn} />: {e.peerWorkerName} {e.mentoring ? "(mentoring)" : "(supervision)"}
            </h3>
            <dl className="summary">
              <dt>Supervisor</dt>
              <dd>{e.supervisorName}</dd>
              <dt>Length</dt>
              <dd>{plural(e.minutes, "minute")}</dd>
              <dt>Topics</dt>
              <dd style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>{e.topics}</dd>
              <dt>Follow-ups</dt>
              <dd style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>{e.followUps || "None"}</dd>
            </dl>
          </article>
        </li>
      ))}
    </ul>
  );
}
