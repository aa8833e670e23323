import { formatFigure, type MetricFormat } from "~/modules/metrics/definitions";
import { languageOf, type Locale } from "~/i18n/locales";
import { useTexts } from "~/ui/i18n";

/**
 * The metrics pages' figures, periods and names in the reader's language, computed at render time
 * from the codes and numbers the (stored, language-neutral) results hold. English output is the
 * module's own text (formatFigure, the period labels), byte for byte; Spanish is written here
 * without Intl so the server's render and the browser's hydration spell every figure the same way.
 */

const ES_MONTHS = ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"];
const EN_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "1234.5" as "1234,5"; thousands grouped with a dot from 10 000 (Spanish usage). */
function spanishNumber(value: number, decimals: number): string {
  const fixed = Math.round(value * 10 ** decimals) / 10 ** decimals;
  const negative = fixed < 0;
  const [whole, fraction] = String(Math.abs(fixed)).split(".");
  const grouped = whole.length > 4 ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, ".") : whole;
  return `${negative ? "-" : ""}${grouped}${fraction ? `,${fraction}` : ""}`;
}

/** A figure for people in the reader's language: "62%"/"62 %", "12.5 h"/"12,5 h", "3 days"/"3 días", "—". */
export function figureIn(locale: Locale, value: number | null | undefined, format: MetricFormat | "change"): string {
  if (languageOf(locale) === "en" || value === null || value === undefined || Number.isNaN(value)) return formatFigure(value, format);
  switch (format) {
    case "percent":
      return `${spanishNumber(value * 100, 1)} %`;
    case "hours":
      return `${spanishNumber(value, 1)} h`;
    case "days": {
      const days = spanishNumber(value, 1);
      return `${days} ${days === "1" ? "día" : "días"}`;
    }
    case "change":
      return `${value > 0 ? "+" : ""}${spanishNumber(value, 2)}`;
    default:
      return spanishNumber(Math.round(value), 0);
  }
}

/** A civil date "YYYY-MM-DD" as the metrics pages write it: "1 Jan 2026" / "1 ene 2026". */
export function dayIn(locale: Locale, day: string): string {
  const [y, m, d] = day.split("-").map(Number);
  if (!y || !m || !d) return day;
  return `${d} ${(languageOf(locale) === "en" ? EN_MONTHS : ES_MONTHS)[m - 1]} ${y}`;
}

const addDay = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

type Translate = (key: string, values?: Record<string, unknown>) => string;

/** A period chosen in the filters ("last-12-months", "2026", "2026-Q3", "2026-07", "custom") with its [from, to). */
export function periodLabelIn(t: Translate, locale: Locale, period: { key: string; from: string; to: string; label: string }): string {
  if (languageOf(locale) === "en") return period.label;
  const last = addDay(period.to, -1);
  if (period.key === "last-12-months") return t("metrics.period.last12Range", { from: dayIn(locale, period.from), to: dayIn(locale, last) });
  let m = /^(\d{4})$/.exec(period.key);
  if (m) return m[1];
  m = /^(\d{4})-Q([1-4])$/.exec(period.key);
  if (m) return t("metrics.period.quarter", { year: m[1], quarter: m[2] });
  m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(period.key);
  if (m) return `${ES_MONTHS[Number(m[2]) - 1]} ${m[1]}`;
  return `${dayIn(locale, period.from)} – ${dayIn(locale, last)}`;
}

export function useMetricsTexts() {
  const texts = useTexts();
  const { locale } = texts;
  const t = texts.t as unknown as Translate;
  const english = languageOf(locale) === "en";
  const figure = (value: number | null | undefined, format: MetricFormat | "change") => figureIn(locale, value, format);
  const day = (value: string) => dayIn(locale, value);
  const periodLabel = (period: { key: string; from: string; to: string; label: string }) => periodLabelIn(t, locale, period);

  /** A choice of the period filter, from its value (the module's English label is kept for English). */
  const periodChoice = (choice: { value: string; label: string }) => {
    if (english) return choice.label;
    if (choice.value === "last-12-months") return t("metrics.period.last12");
    if (choice.value === "custom") return t("metrics.period.custom");
    let m = /^(\d{4})$/.exec(choice.value);
    if (m) return t("metrics.period.year", { year: m[1] });
    m = /^(\d{4})-Q([1-4])$/.exec(choice.value);
    if (m) return t("metrics.period.quarter", { year: m[1], quarter: m[2] });
    return choice.label;
  };

  /** A trend bucket from its first day: "Week of 5 Jan 2026", "Jan 2026", "2026 Q1" (full) and its axis tick. */
  const bucket = (start: string, by: string, englishLabel: string): { label: string; tick: string } => {
    if (english) return { label: englishLabel, tick: englishLabel.replace(/^Week of /, "") };
    const [y, m] = start.split("-").map(Number);
    if (by === "month") {
      const label = `${ES_MONTHS[m - 1]} ${y}`;
      return { label, tick: label };
    }
    if (by === "quarter") {
      const label = t("metrics.period.quarter", { year: String(y), quarter: String(Math.floor((m - 1) / 3) + 1) });
      return { label, tick: label };
    }
    return { label: t("metrics.period.weekOf", { day: day(start) }), tick: day(start) };
  };

  /**
   * What stands behind an output figure (the stored summary's detail): counts the summary itself
   * holds are written from those numbers; the module's other sentences are translated as messages.
   */
  const detail = (summary: { details: Partial<Record<string, string>> } & Record<string, unknown>, key: string): string => {
    const text = summary.details[key];
    if (!text) return "";
    const n = (k: string) => Number(summary[k] ?? 0);
    if (key === "sessions_total") return t("metrics.details.toComeAndNotRecorded", { toCome: String(n("sessions_to_come")), count: String(n("sessions_unrecorded")) });
    if (key === "referrals_followed_up") return t("metrics.details.ofTotal", { part: String(n("referrals_followed_up")), total: String(n("referrals_made")) });
    return texts.message(text);
  };

  /** A funder report's whole quarter or year: "Q3 2026 (Jul 1, 2026 – Sep 30, 2026)" / "T3 2026 (1 jul 2026 – 30 sept 2026)". */
  const funderPeriod = (period: { kind: string; from: string; last: string; label: string }) => {
    if (english) return period.label;
    const [y, m] = period.from.split("-").map(Number);
    const name = period.kind === "quarter" ? t("metrics.period.quarter", { year: String(y), quarter: String(Math.floor((m - 1) / 3) + 1) }) : String(y);
    return `${name} (${day(period.from)} – ${day(period.last)})`;
  };

  return { ...texts, english, figure, day, periodLabel, periodChoice, bucket, detail, funderPeriod };
}

export const BY_KEYS = { week: "metrics.by.week", month: "metrics.by.month", quarter: "metrics.by.quarter" } as const;

export const METRIC_KEYS = {
  sessions_total: "sessionsTotal",
  sessions_held: "sessionsHeld",
  sessions_cancelled: "sessionsCancelled",
  attendance_rate: "attendanceRate",
  unique_participants: "uniqueParticipants",
  participant_hours: "participantHours",
  retention_rate: "retentionRate",
  waitlist_length: "waitlistLength",
  median_days_to_seat: "medianDaysToSeat",
  referrals_made: "referralsMade",
  referrals_followed_up: "referralsFollowedUp",
  feedback_response_rate: "feedbackResponseRate",
  goal_achievement_rate: "goalAchievementRate",
} as const;

export const DOMAIN_KEYS = {
  functional_status: "metrics.domain.functionalStatus",
  health_welfare_safety: "metrics.domain.healthWelfareSafety",
  permanency: "metrics.domain.permanency",
  quality_of_life: "metrics.domain.qualityOfLife",
  goal_achievement: "metrics.domain.goalAchievement",
} as const;
