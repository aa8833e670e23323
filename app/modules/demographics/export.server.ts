import { and, asc, eq, isNotNull } from "drizzle-orm";
import { db } from "~/db/client.server";
import { memberships, users } from "~/db/schema";
import { participantCoverage } from "~/db/tables/demographics";
import { audit, recordDisclosure } from "~/modules/audit/mutations.server";
import type { CurrentUser } from "~/modules/auth/policy";
import { scopeHasSubstanceUseGroup } from "~/modules/consent/queries.server";
import { forbidden } from "~/modules/errors";
import { localeOf } from "~/i18n/locales";
import { csvFile, csvHeaderIn, type CsvCell } from "~/modules/export/csv";
import type { Figure } from "./funder-report";
import { canExportMedicaidIds } from "./policy";
import type { FunderReportView } from "./queries.server";
import { PAYER_LABELS } from "./schema";

/** A figure as the CSV writes it: the number, or why it is not there. */
export function figureCell(f: Figure, digits = 0): CsvCell {
  if (f.hidden === "small") return "Suppressed (fewer than 5)";
  if (f.hidden === "complementary") return "Suppressed (so another cell cannot be worked out)";
  if (f.value === null) return "";
  return digits ? Number(f.value.toFixed(digits)) : f.value;
}

/**
 * The funder report as CSV: exactly the page's figures and suppression (the same loaded view), one
 * line per dimension and category. It names no one and holds no Medicaid ID; the download is
 * audited once (no person's disclosure history: it describes groups of at least 5).
 */
export async function funderReportCsv(user: CurrentUser, view: FunderReportView) {
  const header = ["Dimension", "Category", "People served", "New", "Continuing", "Sessions attended", "Participant hours", "Completed", "Enrolments ended (people)", "Completion rate", ...view.outcomeColumns.flatMap((c) => [`${c.label}: people`, `${c.label}: mean change`])];
  const line = (dimension: string, r: FunderReportView["total"]): CsvCell[] => [
    dimension,
    r.label,
    figureCell(r.people),
    figureCell(r.newPeople),
    figureCell(r.continuing),
    figureCell(r.attendances),
    figureCell(r.hours, 1),
    figureCell(r.completed),
    figureCell(r.ended),
    r.completionRate === null ? "" : `${Math.round(r.completionRate * 100)}%`,
    ...r.outcomes.flatMap((o, j) => [figureCell(r.outcomePeople[j]), figureCell(o, 2)]),
  ];
  // Column and row names in the manager's language; the figures, periods and names as they are.
  const locale = localeOf(user.locale);
  const [period, programs, sessionsDelivered, hoursDelivered] = csvHeaderIn(["Period", "Programs", "Sessions delivered", "Hours delivered"], locale);
  const rows: CsvCell[][] = [
    [period, view.period.label, `${view.period.from} to ${view.period.last}`],
    [programs, view.allPrograms ? "All programs" : view.programs.map((p) => p.name).join("; ")],
    [sessionsDelivered, view.sessionsDelivered],
    [hoursDelivered, Number(view.hoursDelivered.toFixed(1))],
    [],
    csvHeaderIn(header, locale),
    line("All", view.total),
    ...view.dimensions.flatMap((d) => d.rows.map((r) => line(d.label, r))),
  ];
  await db.transaction((tx) =>
    audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "funder_report.exported",
      subjectType: "organization",
      subjectId: user.organizationId,
      after: { from: view.period.from, to: view.period.to, programs: view.programs.map((p) => p.id) },
    }),
  );
  return { body: csvFile([`Funder report: ${user.organizationName}`], rows, { locale }), filename: `funder-report-${view.period.from}-to-${view.period.last}.csv` };
}

/**
 * The one file that holds Medicaid IDs in full: for managers billing Medicaid. Each person listed
 * gets the download in their disclosure history; the 42 CFR 2.32 notice comes first when the
 * organisation runs substance-use groups.
 */
export async function medicaidIdsCsv(user: CurrentUser) {
  if (!canExportMedicaidIds(user)) forbidden("Only managers download Medicaid IDs.");
  return db.transaction(async (tx) => {
    const found = await tx
      .select({ id: users.id, name: users.name, email: users.email, payer: participantCoverage.payer, medicaidId: participantCoverage.medicaidId })
      .from(participantCoverage)
      .innerJoin(users, eq(users.id, participantCoverage.userId))
      .innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.organizationId, participantCoverage.organizationId)))
      .where(and(eq(participantCoverage.organizationId, user.organizationId), isNotNull(participantCoverage.medicaidId)))
      .orderBy(asc(users.name));
    await recordDisclosure(
      tx,
      { organizationId: user.organizationId, actorId: user.id, action: "demographics.medicaid_exported", subjectType: "organization", subjectId: user.organizationId, after: { rows: found.length } },
      found.map((r) => r.id),
    );
    const notice = await scopeHasSubstanceUseGroup(user.organizationId, {});
    const body = csvFile(
      ["Name", "Email", "Payer", "Medicaid ID"],
      found.map((r) => [r.name, r.email, r.payer ? (PAYER_LABELS[r.payer as keyof typeof PAYER_LABELS] ?? r.payer) : "", r.medicaidId]),
      { redisclosureNotice: notice, locale: localeOf(user.locale) },
    );
    return { body, filename: "medicaid-ids.csv", count: found.length };
  });
}
