import { Form, useNavigation } from "@remix-run/react";
import { formatClockTextIn, WEEKDAYS, type DateStyle, type Weekday } from "~/modules/time/zoned";
import { useDateStyle } from "./time";
import type { ActionErrors } from "./form";
import type { HeatSlot } from "./heatmap";
import { useTexts } from "./i18n";
import { missingText } from "./competency-gate";

type Staff = {
  invitees: { id: string; name: string; timezone: string; respondedAt: string | null; windows: number; exceptions: number }[];
  leaders: { id: string; name: string; timezone: string; hasAvailability: boolean; busySessions: number; cleared: boolean; notClearedMissing: { name: string; standard: string; problem: "missing" | "not_verified" | "expired" }[] | null }[];
  facilitatorsGiven: boolean;
  adjusted: boolean;
  unassigned: string[];
  published: {
    invitations: number | null;
    cohorts: { day: string; start: string; seriesId: string | null; sessions: number | null; facilitator: string | null; members: string[] }[];
  } | null;
  plan: {
    day: string;
    start: string;
    occurrences: number;
    facilitatorId: string | null;
    facilitator: { name: string; status: string; occurrences: number } | null;
    participants: { id: string; name: string; status: string; occurrences: number }[];
    warnings: string[];
  }[];
  blocking: string[];
};

const isWeekday = (day: string): day is Weekday => (WEEKDAYS as readonly string[]).includes(day);

/** "Thursdays at 6:00 PM": every week on that day, at that time. */
const when = (t: (key: string, values: Record<string, unknown>) => string, day: string, start: string, style: DateStyle) =>
  isWeekday(day) ? t(`manage.plan.when.${day}`, { time: formatClockTextIn(start, style) }) : `${day}s at ${formatClockTextIn(start, style)}`;

function Attendance({ status, occurrences, of }: { status: string; occurrences: number; of: number }) {
  const { t } = useTexts();
  if (status === "available") return <span className="badge badge-ok">{t("manage.plan.freeAll")}</span>;
  if (status === "partial") return <span className="badge badge-warn">{t("manage.plan.freeSome", { occurrences, count: of })}</span>;
  return <span className="badge badge-bad">{t("manage.plan.notFree")}</span>;
}

/** The current plan (suggested or adjusted) with the effect of each choice. */
export function PlanSummary({ staff, timezone, capacity }: { staff: Staff; timezone: string; capacity: number }) {
  const style = useDateStyle();
  const { t, message } = useTexts();
  return (
    <>
      <p className="muted">
        {staff.adjusted ? t("manage.plan.adjusted") : t("manage.plan.suggested")} {t("manage.plan.zone", { zone: timezone.replace(/_/g, " ") })}
      </p>
      {staff.plan.length === 0 ? <p>{t("manage.plan.noCohort")}</p> : null}
      {staff.blocking.length ? (
        <div className="problems" role="alert">
          <p>
            <strong>{t("manage.plan.fix")}</strong>
          </p>
          <ul>
            {staff.blocking.map((b) => (
              <li key={b}>{message(b)}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <NotCleared leaders={staff.leaders} />
      <div className="grid">
        {staff.plan.map((c, i) => (
          <section key={i} className="card cohort-card" aria-labelledby={`cohort-${i + 1}-title`}>
            <h3 id={`cohort-${i + 1}-title`}>{t("manage.plan.cohortTitle", { n: i + 1, when: when(t, c.day, c.start, style) })}</h3>
            <p>{t("manage.plan.seats", { taken: c.participants.length, count: capacity, sessions: c.occurrences })}</p>
            <p>
              {t("manage.plan.facilitator")}{" "}
              {c.facilitator ? (
                <>
                  {c.facilitator.name} <Attendance status={c.facilitator.status} occurrences={c.facilitator.occurrences} of={c.occurrences} />
                </>
              ) : (
                t("manage.plan.none")
              )}
            </p>
            <ul>
              {c.participants.map((p) => (
                <li key={p.id}>
                  {p.name} <Attendance status={p.status} occurrences={p.occurrences} of={c.occurrences} />
                </li>
              ))}
            </ul>
            {c.warnings.length ? (
              <div className="warnings">
                <ul>
                  {c.warnings.map((w) => (
                    <li key={w}>{message(w)}</li>
                  ))}
                </ul>
              </div>
            ) : null}
          </section>
        ))}
      </div>
      <p>{t("manage.plan.notInCohort", { names: staff.unassigned.length ? staff.unassigned.join(", ") : t("manage.plan.nobody") })}</p>
    </>
  );
}

/** A plain form (works without JavaScript): a time and facilitator per cohort, a cohort per person. */
export function AdjustForm({ staff, sections, data, slots }: { staff: Staff; sections: number; data?: ActionErrors; slots: HeatSlot[] }) {
  const { t, message } = useTexts();
  const style = useDateStyle();
  // Each candidate time of the heatmap (the round's slots, in its order), in the reader's language.
  const slotLabel = (s: HeatSlot) => {
    const head = isWeekday(s.day)
      ? t("manage.plan.slotOption", { day: t(`manage.weekdaysShort.${s.day}`), time: formatClockTextIn(s.start, style), available: s.available })
      : `${s.day} ${s.start}`;
    const partly = s.partial ? t("manage.plan.slotPartly", { partial: s.partial }) : "";
    const leaders = staff.facilitatorsGiven ? ` · ${s.names?.facilitators.length ? s.names.facilitators.join(", ") : t("manage.plan.noFacilitator")}` : "";
    return `${head}${partly}${leaders}`;
  };
  // Written once, not once per cohort's list (a round offers every candidate time to each cohort).
  const slotOptions = slots.map((s) => ({ value: `${s.day}@${s.start}`, label: slotLabel(s) }));
  const cohortOf = new Map<string, number>();
  staff.plan.forEach((c, i) => c.participants.forEach((p) => cohortOf.set(p.id, i + 1)));
  const value = (key: string, fallback: string) => data?.values?.[key] ?? fallback;
  const error = (key: string) => {
    const text = data?.errors?.[key]?.[0];
    return text === undefined ? undefined : message(text);
  };
  return (
    <Form method="post" noValidate>
      <input type="hidden" name="intent" value="adjust" />
      <fieldset>
        <legend>{t("manage.plan.timesAndFacilitators")}</legend>
        {Array.from({ length: sections }, (_, k) => {
          const n = k + 1;
          const current = staff.plan[k];
          return (
            <div key={n} className="row">
              <div className="field">
                <label htmlFor={`slot-${n}`}>{t("manage.plan.cohortTime", { n })}</label>
                {error(`slot-${n}`) ? <span className="error" id={`slot-${n}-error`}>{error(`slot-${n}`)}</span> : null}
                <select id={`slot-${n}`} name={`slot-${n}`} defaultValue={value(`slot-${n}`, current ? `${current.day}@${current.start}` : "")} aria-invalid={error(`slot-${n}`) ? true : undefined} aria-describedby={error(`slot-${n}`) ? `slot-${n}-error` : undefined}>
                  <option value="">{t("manage.plan.notUsed")}</option>
                  {slotOptions.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor={`facilitator-${n}`}>{t("manage.plan.cohortFacilitator", { n })}</label>
                {error(`facilitator-${n}`) ? <span className="error" id={`facilitator-${n}-error`}>{error(`facilitator-${n}`)}</span> : null}
                <select id={`facilitator-${n}`} name={`facilitator-${n}`} defaultValue={value(`facilitator-${n}`, current?.facilitatorId ?? "")} aria-invalid={error(`facilitator-${n}`) ? true : undefined} aria-describedby={error(`facilitator-${n}`) ? `facilitator-${n}-error` : undefined}>
                  <option value="">{t("manage.plan.noneOption")}</option>
                  {staff.leaders.map((l) => (
                    <option key={l.id} value={l.id}>
                      {`${l.name}${l.cleared ? "" : t("manage.plan.notClearedMark")}${l.hasAvailability ? "" : t("manage.plan.noAvailabilityMark")}`}
                    </option>
                  ))}
                </select>
              </div>
            </div>
          );
        })}
      </fieldset>
      <fieldset>
        <legend>{t("manage.plan.whoWhich")}</legend>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("manage.plan.participant")}</th>
              <th scope="col">{t("manage.plan.cohort")}</th>
            </tr>
          </thead>
          <tbody>
            {staff.invitees.map((p) => (
              <tr key={p.id}>
                <td>
                  <label htmlFor={`cohort-${p.id}`}>{p.name}</label>
                  {error(`cohort-${p.id}`) ? <span className="error" id={`cohort-${p.id}-error`}> {error(`cohort-${p.id}`)}</span> : null}
                </td>
                <td>
                  <select id={`cohort-${p.id}`} name={`cohort-${p.id}`} defaultValue={value(`cohort-${p.id}`, String(cohortOf.get(p.id) ?? ""))} aria-invalid={error(`cohort-${p.id}`) ? true : undefined} aria-describedby={error(`cohort-${p.id}`) ? `cohort-${p.id}-error` : undefined}>
                    <option value="">{t("manage.plan.noneOption")}</option>
                    {Array.from({ length: sections }, (_, k) => (
                      <option key={k} value={String(k + 1)}>
                        {t("manage.plan.cohortN", { n: k + 1 })}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </fieldset>
      <button type="submit">{t("manage.plan.keep")}</button>
    </Form>
  );
}

/** The group's facilitators who fail the competency gate: never suggested, and why. */
export function NotCleared({ leaders }: { leaders: Staff["leaders"] }) {
  const { t } = useTexts();
  const out = leaders.filter((l) => !l.cleared);
  if (out.length === 0) return null;
  return (
    <div className="warnings">
      <p>
        <strong>{t("manage.plan.notClearedTitle")}</strong> {t("manage.plan.notClearedNote")}
      </p>
      <ul>
        {out.map((l) => (
          <li key={l.id}>
            {l.name}: {l.notClearedMissing === null ? t("manage.gate.notStaff") : l.notClearedMissing.length ? missingText(t, l.notClearedMissing) : t("manage.plan.requirementsNotMet")}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** What publishing created: one weekly series per cohort, its members, the invitations sent. */
export function PublishedSummary({ published, unassigned }: { published: NonNullable<Staff["published"]>; unassigned: string[] }) {
  const style = useDateStyle();
  const { t } = useTexts();
  return (
    <>
      <p>
        {t("manage.plan.seriesCreated", { series: published.cohorts.length })}
        {published.invitations !== null ? t("manage.plan.invitationsSent", { count: published.invitations }) : ""}.
      </p>
      <div className="grid">
        {published.cohorts.map((c, i) => (
          <section key={i} className="card cohort-card" aria-labelledby={`published-${i + 1}-title`}>
            <h3 id={`published-${i + 1}-title`}>{t("manage.plan.cohortTitle", { n: i + 1, when: when(t, c.day, c.start, style) })}</h3>
            <p>
              {c.sessions !== null ? t("manage.plan.sessionsDot", { count: c.sessions }) : ""}
              {t("manage.plan.members", { count: c.members.length, facilitator: c.facilitator ?? t("manage.plan.none") })}
            </p>
            <ul>
              {c.members.map((name) => (
                <li key={name}>{name}</li>
              ))}
            </ul>
          </section>
        ))}
      </div>
      <p>
        {t("manage.plan.askedNoCohort", { names: unassigned.length ? unassigned.join(", ") : t("manage.plan.nobody") })}
      </p>
    </>
  );
}

/** The publish button: busy while the (several-second) publish runs. A plain submit without JavaScript. */
export function PublishButton() {
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formData?.get("intent") === "publish";
  const { t } = useTexts();
  return (
    <button type="submit" disabled={busy} aria-busy={busy || undefined}>
      {busy ? t("manage.plan.publishing") : t("manage.plan.publishCohorts")}
    </button>
  );
}
