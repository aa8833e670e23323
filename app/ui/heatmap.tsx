import { DAY_LABELS } from "~/modules/availability/windows";
import { formatClockTextIn, WEEKDAYS, type Weekday } from "~/modules/time/zoned";
import { useDateStyle } from "~/ui/time";
import { plural } from "~/ui/wording";

/**
 * Heatmap of a round's candidate weekly slots (group zone): colour = how many can attend every
 * session; the "+n" and dashed border = people who can attend only some sessions. Staff get each
 * cell as a <details> whose summary carries the names in its title (hover) and whose body lists
 * them (focus + Enter, works without JavaScript); participants get counts only — names are never
 * sent to them.
 */
export type HeatSlot = {
  day: string;
  start: string;
  occurrences: number;
  available: number;
  partial: number;
  names?: { available: string[]; partial: string[]; facilitators: string[] };
};

export function heatLevel(available: number, total: number): number {
  if (available === 0 || total === 0) return 0;
  const ratio = available / total;
  return ratio >= 0.8 ? 5 : ratio >= 0.6 ? 4 : ratio >= 0.4 ? 3 : ratio >= 0.2 ? 2 : 1;
}

export function Heatmap({ slots, total, timezone, planned = [] }: { slots: HeatSlot[]; total: number; timezone: string; planned?: string[] }) {
  const style = useDateStyle();
  const days = WEEKDAYS.filter((d) => slots.some((s) => s.day === d));
  const starts = [...new Set(slots.map((s) => s.start))].sort();
  const byKey = new Map(slots.map((s) => [`${s.day}@${s.start}`, s]));
  return (
    <>
      <div className="avail-grid-wrap">
        <table className="heatmap">
          <caption className="visually-hidden">
            People free for every session at each weekly start time, in {timezone.replace(/_/g, " ")} time, out of {total}
          </caption>
          <thead>
            <tr>
              <th scope="col">Start</th>
              {days.map((d) => (
                <th key={d} scope="col" abbr={DAY_LABELS[d as Weekday]}>
                  {DAY_LABELS[d as Weekday].slice(0, 3)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {starts.map((start) => (
              <tr key={start}>
                <th scope="row">{formatClockTextIn(start, style)}</th>
                {days.map((day) => {
                  const slot = byKey.get(`${day}@${start}`);
                  if (!slot) return <td key={day} className="heat-0" />;
                  return <HeatCell key={day} slot={slot} total={total} planned={planned.includes(`${day}@${start}`)} />;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul className="heat-legend" aria-label="Legend">
        <li>
          <span className="swatch" style={{ background: "#f8fafc" }} />
          nobody
        </li>
        <li>
          <span className="swatch" style={{ background: "#bfdbfe" }} />
          some
        </li>
        <li>
          <span className="swatch" style={{ background: "#1e3a8a" }} />
          most of the {total} asked
        </li>
        <li>“+n” with a dashed border: n more can come to some of the sessions</li>
        {planned.length ? <li>Outlined: a time in the current plan</li> : null}
      </ul>
    </>
  );
}

function HeatCell({ slot, total, planned }: { slot: HeatSlot; total: number; planned: boolean }) {
  const style = useDateStyle();
  const className = [`heat-${heatLevel(slot.available, total)}`, slot.partial ? "has-partial" : "", planned ? "planned" : ""].filter(Boolean).join(" ");
  const spoken = `${DAY_LABELS[slot.day as Weekday]} ${formatClockTextIn(slot.start, style)}: ${slot.available} of ${total} free for all ${plural(slot.occurrences, "session")}${slot.partial ? `, ${slot.partial} for some` : ""}${planned ? ", in the plan" : ""}`;
  const counts = (
    <>
      <span aria-hidden="true">
        {slot.available}
        {slot.partial ? <span className="partial">+{slot.partial}</span> : null}
      </span>
      <span className="visually-hidden">{spoken}</span>
    </>
  );
  if (!slot.names) return <td className={className}>{counts}</td>;
  const { available, partial, facilitators } = slot.names;
  const title = [
    available.length ? `Free for every session: ${available.join(", ")}` : "Nobody free for every session",
    partial.length ? `Some sessions: ${partial.join(", ")}` : "",
    `Facilitators free: ${facilitators.length ? facilitators.join(", ") : "none"}`,
  ]
    .filter(Boolean)
    .join(". ");
  return (
    <td className={className}>
      <details>
        <summary title={title}>{counts}</summary>
        <div className="names">
          <p>
            <strong>Every session:</strong> {available.length ? available.join(", ") : "nobody"}
          </p>
          {partial.length ? (
            <p>
              <strong>Some sessions:</strong> {partial.join(", ")}
            </p>
          ) : null}
          <p>
            <strong>Facilitators:</strong> {facilitators.length ? facilitators.join(", ") : "none free"}
          </p>
        </div>
      </details>
    </td>
  );
}
