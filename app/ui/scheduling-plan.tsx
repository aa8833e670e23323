import { Form, useNavigation } from "@remix-run/react";
import { DAY_LABELS } from "~/modules/availability/windows";
import { formatClockTextIn, type DateStyle, type Weekday } from "~/modules/time/zoned";
import { useDateStyle } from "./time";
import type { ActionErrors } from "./form";
import { plural } from "~/ui/wording";

type Staff = {
  invitees: { id: string; name: string; timezone: string; respondedAt: string | null; windows: number; exceptions: number }[];
  leaders: { id: string; name: string; timezone: string; hasAvailability: boolean; busySessions: number; cleared: boolean; notClearedWhy: string | null }[];
  facilitatorsGiven: boolean;
  adjusted: boolean;
  slotOptions: { value: string; label: string }[];
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

const when = (day: string, start: string, style: DateStyle) => `${DAY_LABELS[day as Weekday] ?? day}s at ${formatClockTextIn(start, style)}`;

function Attendance({ status, occurrences, of }: { status: string; occurrences: number; of: number }) {
  if (status === "available") return <span className="badge badge-ok">free for every session</span>;
  if (status === "partial") return <span className="badge badge-warn">free for {occurrences} of {plural(of, "session")}</span>;
  return <span className="badge badge-bad">not free at this time</span>;
}

/** The current plan (suggested or adjusted) with the effect of each choice. */
export function PlanSummary({ staff, timezone, capacity }: { staff: Staff; timezone: string; capacity: number }) {
  const style = useDateStyle();
  return (
    <>
      <p className="muted">
        {staff.adjusted ? "Your adjusted plan." : "The suggested plan: it places as many people as possible."} Times are in the group&apos;s
        zone, {timezone.replace(/_/g, " ")}.
      </p>
      {staff.plan.length === 0 ? <p>No cohort can be formed yet: no time suits enough people.</p> : null}
      {staff.blocking.length ? (
        <div className="problems" role="alert">
          <p>
            <strong>Fix before publishing:</strong>
          </p>
          <ul>
            {staff.blocking.map((b) => (
              <li key={b}>{b}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <NotCleared leaders={staff.leaders} />
      <div className="grid">
        {staff.plan.map((c, i) => (
          <section key={i} className="card cohort-card" aria-labelledby={`cohort-${i + 1}-title`}>
            <h3 id={`cohort-${i + 1}-title`}>
              Cohort {i + 1}: {when(c.day, c.start, style)}
            </h3>
            <p>
              {c.participants.length} of {plural(capacity, "seat")} · {plural(c.occurrences, "session")}
            </p>
            <p>
              Facilitator:{" "}
              {c.facilitator ? (
                <>
                  {c.facilitator.name} <Attendance status={c.facilitator.status} occurrences={c.facilitator.occurrences} of={c.occurrences} />
                </>
              ) : (
                "none"
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
                    <li key={w}>{w}</li>
                  ))}
                </ul>
              </div>
            ) : null}
          </section>
        ))}
      </div>
      <p>Not in a cohort: {staff.unassigned.length ? staff.unassigned.join(", ") : "nobody"}.</p>
    </>
  );
}

/** A plain form (works without JavaScript): a time and facilitator per cohort, a cohort per person. */
export function AdjustForm({ staff, sections, data }: { staff: Staff; sections: number; data?: ActionErrors }) {
  const cohortOf = new Map<string, number>();
  staff.plan.forEach((c, i) => c.participants.forEach((p) => cohortOf.set(p.id, i + 1)));
  const value = (key: string, fallback: string) => data?.values?.[key] ?? fallback;
  const error = (key: string) => data?.errors?.[key]?.[0];
  return (
    <Form method="post" noValidate>
      <input type="hidden" name="intent" value="adjust" />
      <fieldset>
        <legend>Times and facilitators</legend>
        {Array.from({ length: sections }, (_, k) => {
          const n = k + 1;
          const current = staff.plan[k];
          return (
            <div key={n} className="row">
              <div className="field">
                <label htmlFor={`slot-${n}`}>Cohort {n} time</label>
                {error(`slot-${n}`) ? <span className="error" id={`slot-${n}-error`}>{error(`slot-${n}`)}</span> : null}
                <select id={`slot-${n}`} name={`slot-${n}`} defaultValue={value(`slot-${n}`, current ? `${current.day}@${current.start}` : "")} aria-invalid={error(`slot-${n}`) ? true : undefined} aria-describedby={error(`slot-${n}`) ? `slot-${n}-error` : undefined}>
                  <option value="">— not used —</option>
                  {staff.slotOptions.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor={`facilitator-${n}`}>Cohort {n} facilitator</label>
                {error(`facilitator-${n}`) ? <span className="error" id={`facilitator-${n}-error`}>{error(`facilitator-${n}`)}</span> : null}
                <select id={`facilitator-${n}`} name={`facilitator-${n}`} defaultValue={value(`facilitator-${n}`, current?.facilitatorId ?? "")} aria-invalid={error(`facilitator-${n}`) ? true : undefined} aria-describedby={error(`facilitator-${n}`) ? `facilitator-${n}-error` : undefined}>
                  <option value="">— none —</option>
                  {staff.leaders.map((l) => (
                    <option key={l.id} value={l.id}>
                      {`${l.name}${l.cleared ? "" : " (not cleared)"}${l.hasAvailability ? "" : " (no availability entered)"}`}
                    </option>
                  ))}
                </select>
              </div>
            </div>
          );
        })}
      </fieldset>
      <fieldset>
        <legend>Who is in which cohort</legend>
        <table>
          <thead>
            <tr>
              <th scope="col">Participant</th>
              <th scope="col">Cohort</th>
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
                    <option value="">— none —</option>
                    {Array.from({ length: sections }, (_, k) => (
                      <option key={k} value={String(k + 1)}>
                        Cohort {k + 1}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </fieldset>
      <button type="submit">Check and keep these changes</button>
    </Form>
  );
}

/** The group's facilitators who fail the competency gate: never suggested, and why. */
export function NotCleared({ leaders }: { leaders: Staff["leaders"] }) {
  const out = leaders.filter((l) => !l.cleared);
  if (out.length === 0) return null;
  return (
    <div className="warnings">
      <p>
        <strong>Not cleared to lead this group</strong> (not suggested; choosing them needs a written reason when publishing):
      </p>
      <ul>
        {out.map((l) => (
          <li key={l.id}>
            {l.name}: {l.notClearedWhy ?? "requirements not met"}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** What publishing created: one weekly series per cohort, its members, the invitations sent. */
export function PublishedSummary({ published, unassigned }: { published: NonNullable<Staff["published"]>; unassigned: string[] }) {
  const style = useDateStyle();
  return (
    <>
      <p>
        {published.cohorts.length} weekly series created
        {published.invitations !== null ? `; calendar invitations sent to ${published.invitations} ${published.invitations === 1 ? "person" : "people"}` : ""}.
      </p>
      <div className="grid">
        {published.cohorts.map((c, i) => (
          <section key={i} className="card cohort-card" aria-labelledby={`published-${i + 1}-title`}>
            <h3 id={`published-${i + 1}-title`}>
              Cohort {i + 1}: {when(c.day, c.start, style)}
            </h3>
            <p>
              {c.sessions !== null ? `${plural(c.sessions, "session")} · ` : ""}
              {c.members.length} member{c.members.length === 1 ? "" : "s"} · facilitator: {c.facilitator ?? "none"}
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
        Asked but in no cohort: {unassigned.length ? unassigned.join(", ") : "nobody"}.
      </p>
    </>
  );
}

/** The publish button: busy while the (several-second) publish runs. A plain submit without JavaScript. */
export function PublishButton() {
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formData?.get("intent") === "publish";
  return (
    <button type="submit" disabled={busy} aria-busy={busy || undefined}>
      {busy ? "Publishing… (this takes a few seconds)" : "Publish cohorts"}
    </button>
  );
}
