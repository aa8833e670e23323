import { CivilDate } from "~/ui/time";
import { useTexts } from "~/ui/i18n";

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
  const { t } = useTexts();
  if (totals.length === 0) return <p>{t("competency.supervision.noTotals", { since })}</p>;
  return (
    <div className="table-scroll" role="region" aria-label={t("competency.supervision.totalsLabel")} tabIndex={0}>
      <table>
        <caption className="visually-hidden">{t("competency.supervision.totalsCaption", { since })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("competency.supervision.peerWorker")}</th>
            <th scope="col">{t("competency.supervision.supervisionCol")}</th>
            <th scope="col">{t("competency.supervision.mentoringCol")}</th>
            <th scope="col">{t("competency.supervision.minutes")}</th>
            <th scope="col">{t("competency.supervision.latest")}</th>
          </tr>
        </thead>
        <tbody>
          {totals.map((row) => (
            <tr key={row.peerWorkerId}>
              <th scope="row">{row.name}</th>
              <td>{t("competency.supervision.sessions", { count: row.sessions })}</td>
              <td>{t("competency.supervision.sessions", { count: row.mentoring })}</td>
              <td>{row.minutes}</td>
              <td>
                <CivilDate date={row.lastHeldOn} />
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
  const { t } = useTexts();
  if (entries.length === 0) return <p>{t("competency.supervision.noEntries")}</p>;
  return (
    <ul>
      {entries.map((e) => (
        <li key={e.id}>
          <article aria-labelledby={`entry-${e.id}`} className="card">
            <h3 id={`entry-${e.id}`}>
              <CivilDate date={e.heldOn} />: {e.peerWorkerName} {t(e.mentoring ? "competency.supervision.kindMentoring" : "competency.supervision.kindSupervision")}
            </h3>
            <dl className="summary">
              <dt>{t("competency.supervision.supervisor")}</dt>
              <dd>{e.supervisorName}</dd>
              <dt>{t("competency.supervision.length")}</dt>
              <dd>{t("competency.supervision.minuteCount", { count: e.minutes })}</dd>
              <dt>{t("competency.supervision.topicsShort")}</dt>
              <dd style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>{e.topics}</dd>
              <dt>{t("competency.supervision.followUps")}</dt>
              <dd style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>{e.followUps || t("competency.supervision.none")}</dd>
            </dl>
          </article>
        </li>
      ))}
    </ul>
  );
}
