import { Link } from "@remix-run/react";
import { SessionTime } from "~/ui/time";
import { useTexts } from "~/ui/i18n";

type TodaySession = { id: string; groupName: string; startsAt: string | Date; endsAt: string | Date; status: string; marked: number };

/** Today's sessions with a one-tap link to each roster (facilitator home and the attendance page). */
export function TodaySessions({ sessions, zone, heading }: { sessions: TodaySession[]; zone: string; heading?: string }) {
  const { t } = useTexts();
  return (
    <section aria-labelledby="today-sessions">
      <h2 id="today-sessions">{heading ?? t("attendance.today.heading")}</h2>
      {sessions.length === 0 ? <p>{t("attendance.today.none")}</p> : null}
      <ul className="session-list">
        {sessions.map((s) => (
          <li key={s.id} className="card today-session">
            <Link className="button" to={`/sessions/${s.id}/roster`} aria-label={t("attendance.roster.title", { group: s.groupName })}>
              {t("attendance.today.roster")}
            </Link>{" "}
            <strong>{s.groupName}</strong>
            <br />
            <SessionTime start={s.startsAt} end={s.endsAt} zone={zone} />
            {s.status === "cancelled" ? <span className="status status-cancelled"> {t("attendance.sessionStatus.cancelled")}</span> : null}
            {s.status === "held" ? <span className="status status-held"> {t("attendance.sessionStatus.held")}</span> : null}
            <span className="muted">{t("attendance.today.marked", { count: s.marked })}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
