import { formatClockTextIn, WEEKDAYS, type Weekday } from "~/modules/time/zoned";
import { useDateStyle } from "~/ui/time";
import { useTexts } from "~/ui/i18n";

/**
 * Heatmap of a round's candidate weekly slots (group zone): colour = how many can attend every
 * session; the "+n" and dashed border = people who can attend only some sessions. Staff get each
 * cell as a <details> whose body lists the names (a tap, a click, or focus + Enter; works without
 * JavaScript) — except cells nobody can come to, which show their count only; participants get
 * counts only — names are never sent to them. The names are not
 * repeated in a hover title: a title cannot be reached on a phone or by keyboard, and writing every
 * cell's names twice made the page's largest part twice as large to render and send.
 */
export type HeatSlot = {
  day: string;
  start: string;
  occurrences: number;
  available: number;
  partial: number;
  names?: { available: string[]; partial: string[]; facilitators: string[] };
};

/**
 * A name among those free for some sessions, as the server writes it ("Jordan Smith (7 of 8)"),
 * with the count in the reader's language.
 */
export function usePartialName() {
  const { t } = useTexts();
  return (name: string) => name.replace(/\((\d+) of (\d+)\)$/, (_, n: string, of: string) => t("manage.heatmap.partOf", { n, of }));
}

export function heatLevel(available: number, total: number): number {
  if (available === 0 || total === 0) return 0;
  const ratio = available / total;
  return ratio >= 0.8 ? 5 : ratio >= 0.6 ? 4 : ratio >= 0.4 ? 3 : ratio >= 0.2 ? 2 : 1;
}

export function Heatmap({ slots, total, timezone, planned = [] }: { slots: HeatSlot[]; total: number; timezone: string; planned?: string[] }) {
  const style = useDateStyle();
  const { t } = useTexts();
  const days = WEEKDAYS.filter((d) => slots.some((s) => s.day === d));
  const starts = [...new Set(slots.map((s) => s.start))].sort();
  const byKey = new Map(slots.map((s) => [`${s.day}@${s.start}`, s]));
  return (
    <>
      <div className="avail-grid-wrap">
        <table className="heatmap">
          <caption className="visually-hidden">{t("manage.heatmap.caption", { zone: timezone.replace(/_/g, " "), total })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("manage.heatmap.start")}</th>
              {days.map((d) => (
                <th key={d} scope="col" abbr={t(`manage.weekdays.${d as Weekday}`)}>
                  {t(`manage.weekdaysShort.${d as Weekday}`)}
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
      <ul className="heat-legend" aria-label={t("manage.heatmap.legend")}>
        <li>
          <span className="swatch" style={{ background: "#f8fafc" }} />
          {t("manage.heatmap.nobody")}
        </li>
        <li>
          <span className="swatch" style={{ background: "#bfdbfe" }} />
          {t("manage.heatmap.some")}
        </li>
        <li>
          <span className="swatch" style={{ background: "#1e3a8a" }} />
          {t("manage.heatmap.most", { total })}
        </li>
        <li>{t("manage.heatmap.partial")}</li>
        {planned.length ? <li>{t("manage.heatmap.outlined")}</li> : null}
      </ul>
    </>
  );
}

function HeatCell({ slot, total, planned }: { slot: HeatSlot; total: number; planned: boolean }) {
  const style = useDateStyle();
  const { t } = useTexts();
  const partialName = usePartialName();
  const className = [`heat-${heatLevel(slot.available, total)}`, slot.partial ? "has-partial" : "", planned ? "planned" : ""].filter(Boolean).join(" ");
  const spoken = `${t(`manage.weekdays.${slot.day as Weekday}`)} ${formatClockTextIn(slot.start, style)}: ${t("manage.heatmap.spoken", { available: slot.available, total, count: slot.occurrences })}${slot.partial ? t("manage.heatmap.spokenSome", { partial: slot.partial }) : ""}${planned ? t("manage.heatmap.inPlan") : ""}`;
  const counts = (
    <>
      <span aria-hidden="true">
        {slot.available}
        {slot.partial ? <span className="partial">+{slot.partial}</span> : null}
      </span>
      <span className="visually-hidden">{spoken}</span>
    </>
  );
  // A cell nobody can come to has no names to reveal: a disclosure there would open on "nobody"
  // (a wasted tap on a phone) and, with most of a week's cells empty, made up half the page's
  // elements to render. Who of the facilitators is free at such a time is in the table view.
  if (!slot.names || (slot.available === 0 && slot.partial === 0)) return <td className={className}>{counts}</td>;
  const { available, facilitators } = slot.names;
  const partial = slot.names.partial.map(partialName);
  return (
    <td className={className}>
      <details>
        <summary>{counts}</summary>
        <div className="names">
          <p>
            <strong>{t("manage.heatmap.everySession")}</strong> {available.length ? available.join(", ") : t("manage.heatmap.nobody")}
          </p>
          {partial.length ? (
            <p>
              <strong>{t("manage.heatmap.someSessions")}</strong> {partial.join(", ")}
            </p>
          ) : null}
          <p>
            <strong>{t("manage.heatmap.facilitators")}</strong> {facilitators.length ? facilitators.join(", ") : t("manage.heatmap.noneFree")}
          </p>
        </div>
      </details>
    </td>
  );
}
