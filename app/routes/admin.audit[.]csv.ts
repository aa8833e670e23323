import type { LoaderFunctionArgs } from "@remix-run/node";
import { startDownload } from "~/web/download.server";
import { db } from "~/db/client.server";
import { audit } from "~/modules/audit/mutations.server";
import { searchAudit } from "~/modules/audit/queries.server";
import { parseAuditFilters } from "~/modules/audit/schema";
import { requireUser } from "~/modules/auth/session.server";
import { scopeHasSubstanceUseGroup } from "~/modules/consent/queries.server";
import { csvFile } from "~/modules/export/csv";
import { localeOf } from "~/i18n/locales";

const MAX_ROWS = 100_000;

/** The audit viewer's events as CSV (same filters, every page, at most 100,000 rows); the export is itself audited. */
export async function loader({ request }: LoaderFunctionArgs) {
  const download = await startDownload(request);
  const user = await requireUser(request, { roles: ["admin"] });
  const filters = parseAuditFilters(new URL(request.url));
  const { rows, more } = await searchAudit(user, filters, MAX_ROWS, 0);
  await audit(db, {
    organizationId: user.organizationId,
    actorId: user.id,
    action: "audit.exported",
    subjectType: "audit_trail",
    subjectId: user.organizationId,
    after: { filters: { ...filters, page: undefined }, rows: rows.length, truncated: more },
  });
  // The trail says whose intake, plan or roster was read: with a substance-use group in the
  // organisation, the 42 CFR 2.32 notice comes first.
  const body = csvFile(
    ["At (UTC)", "Actor", "Actor email", "Actor role", "Action", "Person", "Person email", "Subject type", "Subject id", "Reason"],
    rows.map((e) => [e.at, e.actor_name ?? "System", e.actor_email ?? "", e.actor_role ?? "", e.action, e.person_name ?? "", e.person_email ?? "", e.subject_type, e.subject_id, e.reason]),
    { redisclosureNotice: await scopeHasSubstanceUseGroup(user.organizationId, {}), locale: localeOf(user.locale) },
  );
  return download.csv(body, `audit-${new Date().toISOString().slice(0, 10)}.csv`);
}
