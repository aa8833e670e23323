import { Form, useFetcher } from "@remix-run/react";
import { OWN_OFFLINE_HANDLING } from "~/ui/submit-guard";
import { DateTime } from "luxon";
import { useEffect, useState, type FormEvent } from "react";
import { ATTENDANCE_STATUSES, type AttendanceStatus } from "~/modules/attendance/rules";
import type { QueuedMark } from "~/ui/attendance-queue";
import { useDateStyle, When } from "~/ui/time";
import { formatClockIn, formatTimeInZone, type DateStyle } from "~/modules/time/zoned";
import { useTexts } from "~/ui/i18n";
import { isAttendanceStatus, STATUS_KEY } from "~/ui/attendance-labels";

export type RosterRowView = {
  userId: string;
  name: string;
  email: string;
  enrolled: boolean;
  /** Enrolled after this session's day: flagged, and left out of "Mark the rest absent". */
  joinedLater: boolean;
  status: AttendanceStatus | null;
  arrivedAt: string | Date | null;
  leftAt: string | Date | null;
  note: string;
  apologyReason: string;
  walkIn: boolean;
  /** Its address was never confirmed by its owner: nothing is emailed to it (absent: not known). */
  emailUnconfirmed?: boolean;
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
/** A recorded time as the details form shows it: the group's wall clock, in the reader's style (6:05 PM or 18:05; the field takes either). */
const clockIn = (v: string | Date | null, zone: string, style: DateStyle) => {
  if (!v) return "";
  const at = DateTime.fromISO(toIso(v), { zone });
  return formatClockIn(at.hour * 60 + at.minute, style);
};

const ACTION_KEY: Record<string, string> = {
  "attendance.mark": "attendance.history.action.mark",
  "attendance.correct": "attendance.history.action.correct",
  "attendance.check_in": "attendance.history.action.checkIn",
  "attendance.apology": "attendance.history.action.apology",
  "attendance.apology_withdrawn": "attendance.history.action.apologyWithdrawn",
  "attendance.walk_in": "attendance.history.action.walkIn",
};

/** The details of a mark besides its status that a history line names when the status stayed. */
const DETAIL_FIELDS = ["arrivedAt", "leftAt", "note", "apologyReason", "walkIn"] as const;
type DetailField = (typeof DETAIL_FIELDS)[number];
const FIELD_KEY: Record<DetailField, string> = {
  arrivedAt: "attendance.history.field.arrivedAt",
  leftAt: "attendance.history.field.leftAt",
  note: "attendance.history.field.note",
  apologyReason: "attendance.history.field.apologyReason",
  walkIn: "attendance.history.field.walkIn",
};

/**
 * What one history entry changed: the status (before → after), or — when the status stayed the
 * same (a saved note or time) — which details changed. Saving only a note used to read
 * "Left early → Left early".
 */
export function historyChange(before: unknown, after: unknown): { kind: "status"; from: unknown; to: unknown } | { kind: "details"; status: unknown; fields: DetailField[] } {
  const record = (value: unknown) => (value && typeof value === "object" && "status" in value ? (value as Record<string, unknown>) : null);
  const [b, a] = [record(before), record(after)];
  if (!b || !a || b.status !== a.status) return { kind: "status", from: b?.status ?? null, to: a?.status ?? null };
  return { kind: "details", status: a.status, fields: DETAIL_FIELDS.filter((f) => (b[f] ?? null) !== (a[f] ?? null)) };
}

export function RosterHistory({ entries, zone }: { entries: HistoryView[]; zone: string }) {
  const { t } = useTexts();
  const statusName = (s: unknown): string => (s === null ? t("attendance.history.notMarked") : isAttendanceStatus(s) ? t(STATUS_KEY[s]) : String(s));
  const changeText = (before: unknown, after: unknown): string => {
    const change = historyChange(before, after);
    if (change.kind === "status") return `${statusName(change.from)} → ${statusName(change.to)}`;
    const fields = change.fields.map((f) => t(FIELD_KEY[f])).join(", ");
    return fields ? t("attendance.history.detailsChanged", { status: statusName(change.status), fields }) : t("attendance.history.unchanged", { status: statusName(change.status) });
  };
  if (!entries.length) return <p className="muted">{t("attendance.history.none")}</p>;
  return (
    <ol className="history">
      {entries.map((e, i) => (
        <li key={i}>
          <When at={e.at} zone={zone} />: {e.actorName ?? t("attendance.history.system")} {ACTION_KEY[e.action] ? t(ACTION_KEY[e.action]) : e.action} — {changeText(e.before, e.after)}
          {e.reason ? <span className="muted">{t("attendance.history.reason", { reason: e.reason })}</span> : null}
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

/** Why a queued mark was refused, in the page's language ("try again" when nobody said). */
function queueMessage(queued: QueuedMark, t: (key: string) => string, message: (text: string) => string): string {
  const note = queued.note;
  if (!note) return t("attendance.row.tryAgain");
  return "key" in note ? t(note.key) : message(note.server);
}

const QUEUE_KEY: Record<Exclude<QueuedMark["phase"], "refused">, string> = {
  saving: "attendance.row.queue.saving",
  waiting: "attendance.row.queue.waiting",
  saved: "attendance.row.queue.saved",
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
  const { t, message } = useTexts();
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
        {row.walkIn ? <span className="badge">{t("attendance.row.walkIn")}</span> : null}
        {!row.enrolled && !row.walkIn ? <span className="badge">{t("attendance.row.notEnrolled")}</span> : null}
        {row.emailUnconfirmed ? <span className="badge">{t("attendance.row.emailUnconfirmed")}</span> : null}
        {/* Only while unmarked: a mark makes the session theirs (completion counts it), and a past
            roster marked in full would otherwise carry the badge on every row. */}
        {row.joinedLater && !shown ? <span className="badge">{t("attendance.row.joinedLater")}</span> : null}
        <span className="roster-state" aria-live="polite">
          {shown ? t(STATUS_KEY[shown]) : t("attendance.row.notMarked")}
          {queued && queued.phase !== "refused" ? t(QUEUE_KEY[queued.phase]) : null}
          {row.arrivedAt && shown && shown !== "absent" && shown !== "excused" ? t("attendance.row.arrived", { time: formatTimeInZone(toIso(row.arrivedAt), viewerZone, style) }) : null}
          {row.leftAt && shown === "left_early" ? t("attendance.row.left", { time: formatTimeInZone(toIso(row.leftAt), viewerZone, style) }) : null}
        </span>
        {/* The reason stays with the row whatever the mark (a mistaken tap on Absent, then Excused, used to hide it for good). */}
        {row.apologyReason || (row.status === "excused" && row.source === "apology") ? (
          <span className="apology">{row.apologyReason ? t("attendance.row.apologyReason", { reason: row.apologyReason }) : t("attendance.row.apologySent")}</span>
        ) : null}
        {row.note ? <span className="muted">{t("attendance.row.note", { note: row.note })}</span> : null}
        {queued?.phase === "refused" ? (
          <span className="error-text" role="alert">
            {t("attendance.row.notSaved", { reason: queueMessage(queued, t, message) })}
          </span>
        ) : null}
      </div>
      {canMark ? (
        <form method="post" className="status-buttons" aria-labelledby={`name-${id}`} onSubmit={onSubmit} {...OWN_OFFLINE_HANDLING}>
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
              aria-label={t("attendance.row.statusFor", { status: t(STATUS_KEY[s]), name: row.name })}
            >
              {t(STATUS_KEY[s])}
            </button>
          ))}
        </form>
      ) : null}
      <details className="roster-details">
        <summary>
          {canMark ? t("attendance.row.timesNote") : t("attendance.row.history")}
          {canMark && correction ? t("attendance.row.correction") : ""}
          <span className="visually-hidden">{t("attendance.row.forName", { name: row.name })}</span>
        </summary>
        {canMark ? (
          <details.Form method="post" className="details-form">
            <input type="hidden" name="intent" value="details" />
            <input type="hidden" name="userId" value={id} />
            {hydrated ? <input type="hidden" name="via" value="fetcher" /> : null}
            <div className="field">
              <label htmlFor={`status-${id}`}>{t("attendance.row.status")}</label>
              {/* The status shown on the row, including a tap still in the save queue: keyed so a new tap
                  re-renders it, or saving a note would send the status the page was loaded with. */}
              <select key={shown ?? "unmarked"} id={`status-${id}`} name="status" defaultValue={shown ?? "present"}>
                {ATTENDANCE_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(STATUS_KEY[s])}
                  </option>
                ))}
              </select>
            </div>
            <SmallField id={`arrivedAt-${id}`} name="arrivedAt" label={t("attendance.row.arrivedAt", { zone: zone.replace(/_/g, " ") })} defaultValue={clockIn(row.arrivedAt, zone, style)} error={detailErrors?.arrivedAt?.[0]} />
            <SmallField id={`leftAt-${id}`} name="leftAt" label={t("attendance.row.leftAt")} defaultValue={clockIn(row.leftAt, zone, style)} error={detailErrors?.leftAt?.[0]} />
            <SmallField id={`note-${id}`} name="note" label={t("attendance.row.privateNote")} defaultValue={row.note} error={detailErrors?.note?.[0]} />
            <SmallField id={`reason-${id}`} name="reason" label={correction ? t("attendance.row.reasonCorrection") : t("attendance.row.reasonChange")} defaultValue="" error={detailErrors?.reason?.[0]} />
            {detailErrors?._form ? <p className="error-text">{message(detailErrors._form[0])}</p> : null}
            <button type="submit" className="secondary">
              {t("attendance.row.saveDetails")}
              <span className="visually-hidden">{t("attendance.row.forName", { name: row.name })}</span>
            </button>
            {details.state === "idle" && details.data?.ok ? <span role="status"> {t("attendance.row.saved")}</span> : null}
          </details.Form>
        ) : null}
        <h3 className="history-title">{t("attendance.row.history")}</h3>
        <RosterHistory entries={history} zone={viewerZone} />
      </details>
    </li>
  );
}

function SmallField({ id, name, label, defaultValue, error }: { id: string; name: string; label: string; defaultValue: string; error?: string }) {
  const { message } = useTexts();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {error ? (
        <span className="error" id={`${id}-error`}>
          {message(error)}
        </span>
      ) : null}
      <input id={id} name={name} type="text" defaultValue={defaultValue} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} />
    </div>
  );
}

export function RosterSummary({ summary }: { summary: Record<string, number> }) {
  const { t } = useTexts();
  return (
    <p className="roster-summary" aria-live="polite">
      {t("attendance.summary", {
        attended: summary.attended,
        present: summary.present,
        late: summary.late,
        leftEarly: summary.left_early,
        excused: summary.excused,
        absent: summary.absent,
        unmarked: summary.unmarked,
      })}
    </p>
  );
}

/** Marks kept in the page while the connection is down (JavaScript only). */
export function MarkQueueNotice({ waiting, offline }: { waiting: number; offline: boolean }) {
  const { t } = useTexts();
  return (
    <p className={offline ? "queue-notice error-text" : "queue-notice muted"} role="status">
      {offline ? t("attendance.queue.offline", { count: waiting }) : waiting ? t("attendance.queue.saving", { count: waiting }) : ""}
    </p>
  );
}

/** "Mark everyone not yet marked as present" and its end-of-session twin. */
/** `joinedLater`: unmarked people enrolled after this session, whom "Mark the rest absent" leaves out (said beside it). */
export function BulkMarks({ unmarked, joinedLater }: { unmarked: number; joinedLater: number }) {
  const { t } = useTexts();
  return (
    <>
      <div className="row no-print">
        <Form method="post">
          <input type="hidden" name="intent" value="markAllPresent" />
          <button type="submit" disabled={unmarked === 0}>
            {t("attendance.bulk.allPresent")}
          </button>
        </Form>
        <Form method="post">
          <input type="hidden" name="intent" value="markRestAbsent" />
          <button type="submit" className="secondary" disabled={unmarked - joinedLater === 0}>
            {t("attendance.bulk.restAbsent")}
          </button>
        </Form>
      </div>
      {joinedLater > 0 ? <p className="muted no-print">{t("attendance.bulk.leftOut", { count: joinedLater })}</p> : null}
    </>
  );
}
