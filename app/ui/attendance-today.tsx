import { Link } from "@remix-run/react";
import { SessionTime } from "~/ui/time";

type TodaySession = { id: string; groupName: string; startsAt: string | Date; endsAt: string | Date; status: string; marked: number };

/** Today's sessions with a one-tap link to each roster (facilitator home and the attendance page). */
export function TodaySessions({ sessions, zone, heading = "Today's sessions" }: { sessions: TodaySession[]; zone: string; heading?: string }) {
  return (
    <section aria-labelledby="today-sessions">
      <h2 id="today-sessions">{heading}</h2>
      {sessions.length === 0 ? <p>No sessions today.</p> : null}
      <ul className="session-list">
        {sessions.map((s) => (
          <li key={s.id} className="card today-session">
            <Link className="button" to={`/sessions/${s.id}/roster`} aria-label={`Roster: ${s.groupName}`}>
              Roster
            </Link>{" "}
            <strong>{s.groupName}</strong>
            <br />
            <SessionTime start={s.startsAt} end={s.endsAt} zone={zone} />
            {s.status === "cancelled" ? <span className="status status-cancelled"> Cancelled</span> : null}
            {s.status === "held" ? <span className="status status-held"> Held</span> : null}
            <span className="muted"> · {s.marked} marked</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
