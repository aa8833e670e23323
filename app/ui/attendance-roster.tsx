import { Form, useFetcher } from "@remix-run/react";
import { DateTime } from "luxon";
import { useEffect, useState, type FormEvent } from "react";
import { ATTENDANCE_STATUSES, STATUS_LABELS, type AttendanceStatus } from "~/modules/attendance/rules";
import type { QueuedMark } from "~/ui/attendance-queue";
import { useDateStyle, When } from "~/ui/time";
import { formatTimeInZone } from "~/modules/time/zoned";

export type RosterRowView = {
  userId: string;
  name: string;
  email: string;
  enrolled: boolean;
  status: AttendanceStatus | null;
  arrivedAt: string | Date | null;
  leftAt: string | Date | null;
  note: string;
  apologyReason: string;
  walkIn: boolean;
  source: string | null;
};

export type HistoryView = { at: string | Date; actorName: string | null; action: string; before?: unknown; after?: unknown; reason: string };

/** True after hydration: forms then add `via=fetcher` so the action answers with data instead of a redirect. */
export function useHydrated() {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

const toIso = (v: string | Date) => (typeof v === "string" ? v : v.toISOString());
const clockIn = (v: string | Date | null, zone: string) => (v ? DateTime.fromISO(toIso(v), { zone }).toFormat("HH:mm") : "");

function statusOf(value: unknown): string {
  if (value && typeof value === "object" && "status" in value) {
    const s = (value as { status: AttendanceStatus }).status;
    return STATUS_LABELS[s] ?? String(s);
  }
  return "not marked";
}

const ACTION_LABELS: Record<string, string> = {
  "attendance.mark": "marked",
  "attendance.correct": "corrected",
  "attendance.check_in": "checked in",
  "attendance.apology": "sent an apology",
  "attendance.apology_withdrawn": "withdrew the apology",
  "attendance.walk_in": "added as walk-in",
};

export function RosterHistory({ entries, zone }: { entries: HistoryView[]; zone: string }) {
  if (!entries.length) return <p className="muted">No changes yet.</p>;
  return (
    <ol className="history">
      {entries.map((e, i) => (
        <li key={i}>
          <When at={e.at} zone={zone} />: {e.actorName ?? "System"} {ACTION_LABELS[e.action] ?? e.action} — {statusOf(e.before)} → {statusOf(e.after)}
          {e.reason ? <span className="muted"> (reason: {e.reason})</span> : null}
        </li>
      ))}
    </ol>
  );
}

type RowProps = {
  row: RosterRowView;
  history: HistoryView[];
  zone: string;
  viewerZone: string;
  canMark: boolean;
  correction: boolean;
  /** This person's mark in the page's save queue (JavaScript only). */
  queued?: QueuedMark;
  onMark?: (userId: string, status: AttendanceStatus) => void;
};

const QUEUE_TEXT: Record<QueuedMark["phase"], string> = {
  saving: " · saving…",
  waiting: " · not sent yet: saves when the connection is back",
  saved: " · saved",
  refused: "",
};

/**
 * One person on the roster. Each status is a submit button of a small form: one tap saves it.
 * With JavaScript the tap goes to the page's save queue (shown at once, sent in order, kept while
 * the connection is down); without, it is a plain POST that returns to this row.
 */
export function RosterRow({ row, history, zone, viewerZone, canMark, correction, queued, onMark }: RowProps) {
  const details = useFetcher<{ ok: boolean; errors?: Record<string, string[] | undefined> }>();
  const hydrated = useHydrated();
  const style = useDateStyle();
  const shown = queued && queued.phase !== "refused" ? queued.status : row.status;
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const status = submitter?.value as AttendanceStatus | undefined;
    if (!onMark || !status || !(ATTENDANCE_STATUSES as readonly string[]).includes(status)) return; // plain POST
    event.preventDefault();
    onMark(row.userId, status);
  };
  const detailErrors = details.state === "idle" && details.data && !details.data.ok ? details.data.errors : undefined;
  const id = row.userId;
  return (
    <li className={`roster-row status-row-${shown ?? "unmarked"}`} id={`row-${id}`}>
      <div className="roster-person">
        <strong id={`name-${id}`}>{row.name}</strong>{" "}
        {row.walkIn ? <span className="badge">Walk-in</span> : null}
        {!row.enrolled && !row.walkIn ? <span className="badge">Not enrolled</span> : null}
        <span className="roster-state" aria-live="polite">
          {shown ? STATUS_LABELS[shown] : "Not marked"}
          {queued ? QUEUE_TEXT[queued.phase] : null}
          {row.arrivedAt && shown && shown !== "absent" && shown !== "excused" ? <> · arrived {formatTimeInZone(toIso(row.arrivedAt), viewerZone, style)}</> : null}
          {row.leftAt && shown === "left_early" ? <> · left {formatTimeInZone(toIso(row.leftAt), viewerZone, style)}</> : null}
        </span>
        {row.status === "excused" && row.source === "apology" ? (
          <span className="apology">Apology{row.apologyReason ? `: ${row.apologyReason}` : " sent"}</span>
        ) : null}
        {row.note ? <span className="muted">Note: {row.note}</span> : null}
        {queued?.phase === "refused" ? (
          <span className="error-text" role="alert">
            Not saved: {queued.message ?? "try again"}
          </span>
        ) : null}
      </div>
      {canMark ? (
        <form method="post" className="status-buttons" aria-labelledby={`name-${id}`} onSubmit={onSubmit}>
          <input type="hidden" name="intent" value="mark" />
          <input type="hidden" name="userId" value={id} />
          {ATTENDANCE_STATUSES.map((s) => (
            <button
              key={s}
              type="submit"
              name="status"
              value={s}
              aria-pressed={shown === s}
              className={`status-button status-${s}`}
              aria-label={`${STATUS_LABELS[s]}: ${row.name}`}
            >
              {STATUS_LABELS[s]}
            </button>
          ))}
        </form>
      ) : null}
      <details className="roster-details">
        <summary>
          {canMark ? "Times, note" : "History"}
          {canMark && correction ? ", correction" : ""}
          <span className="visually-hidden"> for {row.name}</span>
        </summary>
        {canMark ? (
          <details.Form method="post" className="details-form">
            <input type="hidden" name="intent" value="details" />
            <input type="hidden" name="userId" value={id} />
            {hydrated ? <input type="hidden" name="via" value="fetcher" /> : null}
            <div className="field">
              <label htmlFor={`status-${id}`}>Status</label>
              {/* The status shown on the row, including a tap still in the save queue: keyed so a new tap
                  re-renders it, or saving a note would send the status the page was loaded with. */}
              <select key={shown ?? "unmarked"} id={`status-${id}`} name="status" defaultValue={shown ?? "present"}>
                {ATTENDANCE_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {STATUS_LABELS[s]}
                  </option>
                ))}
              </select>
            </div>
            <SmallField id={`arrivedAt-${id}`} name="arrivedAt" label={`Arrived at (HH:MM, ${zone.replace(/_/g, " ")})`} defaultValue={clockIn(row.arrivedAt, zone)} error={detailErrors?.arrivedAt?.[0]} />
            <SmallField id={`leftAt-${id}`} name="leftAt" label={`Left at, if early (HH:MM)`} defaultValue={clockIn(row.leftAt, zone)} error={detailErrors?.leftAt?.[0]} />
            <SmallField id={`note-${id}`} name="note" label="Private note (staff only)" defaultValue={row.note} error={detailErrors?.note?.[0]} />
            <SmallField id={`reason-${id}`} name="reason" label={correction ? "Reason for the correction (optional)" : "Reason for the change (optional)"} defaultValue="" error={detailErrors?.reason?.[0]} />
            {detailErrors?._form ? <p className="error-text">{detailErrors._form[0]}</p> : null}
            <button type="submit" className="secondary">
              Save details<span className="visually-hidden"> for {row.name}</span>
            </button>
            {details.state === "idle" && details.data?.ok ? <span role="status"> Saved.</span> : null}
          </details.Form>
        ) : null}
        <h3 className="history-title">History</h3>
        <RosterHistory entries={history} zone={viewerZone} />
      </details>
    </li>
  );
}

function SmallField({ id, name, label, defaultValue, error }: { id: string; name: string; label: string; defaultValue: string; error?: string }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {error ? (
        <span className="error" id={`${id}-error`}>
          {error}
        </span>
      ) : null}
      <input id={id} name={name} type="text" defaultValue={defaultValue} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} />
    </div>
  );
}

export function RosterSummary({ summary }: { summary: Record<string, number> }) {
  return (
    <p className="roster-summary" aria-live="polite">
      {summary.attended} attended ({summary.present} present, {summary.late} late, {summary.left_early} left early) · {summary.excused} excused ·{" "}
      {summary.absent} absent · {summary.unmarked} not marked
    </p>
  );
}

/** Marks kept in the page while the connection is down (JavaScript only). */
export function MarkQueueNotice({ waiting, offline }: { waiting: number; offline: boolean }) {
  return (
    <p className={offline ? "queue-notice error-text" : "queue-notice muted"} role="status">
      {offline
        ? `${waiting} ${waiting === 1 ? "mark is" : "marks are"} not sent yet. Keep this page open: they are saved as soon as the connection is back.`
        : waiting
          ? `Saving ${waiting} ${waiting === 1 ? "mark" : "marks"}…`
          : ""}
    </p>
  );
}

/** "Mark everyone not yet marked as present" and its end-of-session twin. */
export function BulkMarks({ unmarked }: { unmarked: number }) {
  return (
    <div className="row no-print">
      <Form method="post">
        <input type="hidden" name="intent" value="markAllPresent" />
        <button type="submit" disabled={unmarked === 0}>
          Mark all present
        </button>
      </Form>
      <Form method="post">
        <input type="hidden" name="intent" value="markRestAbsent" />
        <button type="submit" className="secondary" disabled={unmarked === 0}>
          Mark the rest absent
        </button>
      </Form>
    </div>
  );
}
