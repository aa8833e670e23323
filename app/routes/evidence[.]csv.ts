import type { LoaderFunctionArgs } from "@remix-run/node";
import { startDownload } from "~/web/download.server";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { scopeHasSubstanceUseGroup } from "~/modules/consent/queries.server";
import { csvFile } from "~/modules/export/csv";
import { localeOf } from "~/i18n/locales";
import { requireUser } from "~/modules/auth/session.server";
import { loadEvidence } from "~/modules/metrics/evidence.server";
import { auditMetricsRead } from "~/modules/metrics/mutations.server";
import { STATUS_LABELS } from "~/modules/metrics/standards";

/** The evidence page as CSV: one row per fact, gap item and link, per standard. */
export async function loader({ request }: LoaderFunctionArgs) {
  const download = await startDownload(request);
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const { today, standards, people } = await loadEvidence(user, new Date());
  const rows: (string | number)[][] = [];
  for (const s of standards) {
    const head = [`PA-CSE ${s.code}`, s.title, STATUS_LABELS[s.status]];
    if (s.status === "no-data") rows.push([...head, "Status", "No data recorded yet", ""]);
    for (const f of s.facts) rows.push([...head, "Fact", f.label, String(f.value)]);
    if (s.lastActivity) rows.push([...head, "Last activity", "", s.lastActivity]);
    for (const g of s.gaps) for (const item of g.items) rows.push([...head, "Gap", g.label, item]);
  }
  await auditMetricsRead(user, "evidence.exported", "evidence", { today }, people);
  // Gap lists name people: with a substance-use group in the organisation, the 42 CFR 2.32 notice comes first.
  const body = csvFile(["Standard", "Title", "Status", "Kind", "Item", "Value"], rows, { redisclosureNotice: await scopeHasSubstanceUseGroup(user.organizationId, {}), locale: localeOf(user.locale) });
  return download.csv(body, `pa-cse-evidence-${today}.csv`);
}
