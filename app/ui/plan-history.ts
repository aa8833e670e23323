import type { TFunction } from "i18next";
import type { HistoryEntry, HistoryField } from "~/modules/plans/history";
import { DATE_FIELDS, PLAN_HISTORY_ACTIONS, STATUS_FIELDS } from "~/modules/plans/history";
import { formatCivilDate, type DateStyle } from "~/modules/time/zoned";
import { lookup } from "./lookup";
import { COMPONENT_KEY } from "./plans";

/**
 * A plan history entry in the reader's language: the summary and each detail from catalog keys,
 * dates (stored ISO) in the reader's date style, statuses (stored codes) by name. The people's
 * own words stay as written.
 */
const STATUS_KEY: Record<string, string> = {
  active: "records.history.status.active",
  achieved: "records.history.status.achieved",
  revised: "records.history.status.revised",
  discontinued: "records.history.status.discontinued",
  not_started: "records.history.status.not_started",
  in_progress: "records.history.status.in_progress",
  met: "records.history.status.met",
  not_met: "records.history.status.not_met",
};
/** Each plan-changing action's summary key; a review and its reminder have sentences with a date instead. */
const SUMMARY_KEY: Record<string, string> = Object.fromEntries(
  PLAN_HISTORY_ACTIONS.filter((action) => action !== "plan.review" && action !== "plan.review_reminder").map((action) => [action, `records.history.summary.${action.replace(".", "_")}`]),
);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function historyTexts(t: TFunction, entry: HistoryEntry, style: DateStyle): { summary: string; details: string[] } {
  const date = (value: string | null) => (value && ISO_DATE.test(value) ? formatCivilDate(value, style) : (value ?? ""));
  const valueOf = (field: HistoryField, value: string | null): string | null => {
    if (value === null) return null;
    if (DATE_FIELDS.includes(field)) return date(value);
    if (STATUS_FIELDS.includes(field) && lookup(STATUS_KEY, value)) return t(STATUS_KEY[value]);
    return value;
  };
  const quoted = (value: string | null) => (value === null ? t("records.history.empty") : t("records.history.quoted", { value }));
  const summary =
    entry.action === "plan.review"
      ? t("records.history.reviewed", { date: date(entry.date) })
      : entry.action === "plan.review_reminder"
        ? t("records.history.reminder", { date: date(entry.date) })
        : lookup(SUMMARY_KEY, entry.action)
          ? t(SUMMARY_KEY[entry.action])
          : entry.action;
  const details = entry.details.map((d) => {
    switch (d.kind) {
      case "change":
        return t("records.history.change", { field: t(`records.history.field.${d.field}`), before: quoted(valueOf(d.field, d.before)), after: quoted(valueOf(d.field, d.after)) });
      case "value": {
        const value = valueOf(d.field, d.value);
        return t("records.history.value", { field: t(`records.history.field.${d.field}`), value: d.quoted ? quoted(value) : (value ?? "") });
      }
      case "quote":
        return quoted(d.value);
      case "component":
        return lookup(COMPONENT_KEY, d.code) ? t(COMPONENT_KEY[d.code as keyof typeof COMPONENT_KEY]) : d.code;
      case "service": {
        const values = { times: d.timesPerPeriod, period: d.period, minutes: d.minutesPerContact };
        return d.group !== null ? t("records.history.service", { ...values, group: d.group }) : t("records.history.serviceNoGroup", values);
      }
    }
  });
  return { summary, details };
}
