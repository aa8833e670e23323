import { metricLabel } from "~/modules/metrics/definitions";
import { DOMAIN_KEYS, METRIC_KEYS } from "~/ui/metrics-texts";

type Translate = (key: string, values?: Record<string, unknown>) => string;

/**
 * A metric a logic-model line can be bound to, named in the page's language from its key
 * ("sessions_held", "outcome_change:permanency"); in English it reads exactly as the module's label
 * (metricLabel, unit-tested), and an unknown key is shown as the module shows it.
 */
export function logicMetricName(t: Translate, key: string): string {
  if (Object.hasOwn(METRIC_KEYS, key)) return t(`metrics.metric.${METRIC_KEYS[key as keyof typeof METRIC_KEYS]}.label`);
  const domain = key.startsWith("outcome_change:") ? key.slice("outcome_change:".length) : "";
  if (Object.hasOwn(DOMAIN_KEYS, domain)) return t("outcomes.logicModel.meanChange", { domain: t(DOMAIN_KEYS[domain as keyof typeof DOMAIN_KEYS]) });
  return metricLabel(key);
}
