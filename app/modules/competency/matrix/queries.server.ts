import { and, eq, inArray, sql } from "drizzle-orm";
import { db } from "~/db/client.server";
import { groupFacilitators, groups, memberships, users } from "~/db/schema";
import { competencyRecords } from "~/db/tables/competency";
import { audit } from "~/modules/audit/mutations.server";
import type { CurrentUser } from "~/modules/auth/policy";
import { csvFile, type CsvCell } from "~/modules/export/csv";
import { localeOf } from "~/i18n/locales";
import { deriveStatus, describeRecord, isExpiringSoon, todayInZone, type CompetencyStatus } from "~/modules/competency/expiry";
import { requiredItems } from "~/modules/competency/gate";
import { loadFramework, userOrgZone } from "~/modules/competency/queries.server";
import type { MatrixFilter } from "~/modules/competency/schema";

export type CellState = "verified" | "expiring" | "demonstrated" | "in_progress" | "expired" | "missing" | "not_required";

export function cellState(record: { status: CompetencyStatus; expiresOn: string | null } | null, required: boolean, today: string): CellState {
  const status = deriveStatus(record, today);
  if (status === "expired") return "expired";
  if (record && (status === "verified" || status === "demonstrated") && isExpiringSoon(record, today)) return "expiring";
  if (status === "verified") return "verified";
  if (status === "demonstrated") return "demonstrated";
  if (status === "in_progress") return "in_progress";
  return required ? "missing" : "not_required";
}

const ATTENTION: CellState[] = ["missing", "expired", "expiring", "demonstrated"];

function cellMatches(state: CellState, filter: MatrixFilter["status"]): boolean {
  switch (filter) {
    case "all":
      return true;
    case "attention":
      return ATTENTION.includes(state);
    default:
      return state === filter;
  }
}

/**
 * The manager's matrix: staff who facilitate (the facilitator role, or anyone leading a group)
 * × the framework's items, each cell with a state and a text label.
 */
export async function getMatrix(user: CurrentUser, filter: MatrixFilter, now: Date) {
  const zone = await userOrgZone(db, user);
  const today = todayInZone(now, zone);
  const allItems = await loadFramework(db, user.organizationId);
  const items = filter.kind ? allItems.filter((i) => i.kind === filter.kind) : allItems;
  const leaders = db
    .select({ id: groupFacilitators.userId })
    .from(groupFacilitators)
    .where(eq(groupFacilitators.organizationId, user.organizationId));
  const people = await db
    .select({ id: users.id, name: users.name, email: users.email, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.organizationId, user.organizationId),
        inArray(memberships.role, ["facilitator", "manager", "admin"]),
        sql`(${memberships.role} = 'facilitator' or ${memberships.userId} in (${leaders}))`,
      ),
    )
    .orderBy(users.name);
  const led = await db
    .select({ userId: groupFacilitators.userId, kind: groups.kind })
    .from(groupFacilitators)
    .innerJoin(groups, eq(groups.id, groupFacilitators.groupId))
    .where(eq(groupFacilitators.organizationId, user.organizationId));
  // Whole-organisation reads (one pass each), joined in memory: cheaper than long IN lists.
  const records = await db
    .select({
      id: competencyRecords.id,
      userId: competencyRecords.userId,
      itemId: competencyRecords.itemId,
      status: competencyRecords.status,
      achievedOn: competencyRecords.achievedOn,
      expiresOn: competencyRecords.expiresOn,
      verifiedBy: competencyRecords.verifiedBy,
      verifiedAt: competencyRecords.verifiedAt,
    })
    .from(competencyRecords)
    .where(eq(competencyRecords.organizationId, user.organizationId));
  const verifiers = await db
    .select({ id: users.id, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, user.organizationId), inArray(memberships.role, ["facilitator", "manager", "admin"])));
  const verifierName = new Map(verifiers.map((v) => [v.id, v.name]));
  const recordKey = (userId: string, itemId: string) => `${userId}:${itemId}`;
  const byKey = new Map(records.map((r) => [recordKey(r.userId, r.itemId), r]));
  const rows = people
    .filter((p) => !filter.person || p.id === filter.person)
    .map((person) => {
      const kinds = [...new Set(led.filter((l) => l.userId === person.id).map((l) => l.kind as string))];
      const required = new Set(
        [...kinds.map((k) => requiredItems(allItems, { groupKind: k, role: person.role })), requiredItems(allItems, { groupKind: null, role: person.role })]
          .flat()
          .map((i) => i.id),
      );
      const cells = items.map((item) => {
        const record = byKey.get(recordKey(person.id, item.id)) ?? null;
        const isRequired = required.has(item.id);
        const state = cellState(record, isRequired, today);
        return {
          itemId: item.id,
          recordId: record?.id ?? null,
          required: isRequired,
          state,
          label: state === "not_required" && !record ? "Not required" : describeRecord(record, today),
          matches: cellMatches(state, filter.status),
          achievedOn: record?.achievedOn ?? null,
          expiresOn: record?.expiresOn ?? null,
          verifiedBy: record?.verifiedBy ? (verifierName.get(record.verifiedBy) ?? "") : "",
          verifiedAt: record?.verifiedAt ?? null,
        };
      });
      return { person, groupKinds: kinds, cells };
    })
    .filter((row) => filter.status === "all" || row.cells.some((c) => cellMatches(c.state, filter.status)));
  return {
    today,
    zone,
    items: items.map((i) => ({ id: i.id, code: i.code, name: i.name, standard: i.standard, kind: i.kind })),
    people: people.map((p) => ({ id: p.id, name: p.name })),
    rows,
  };
}

/** The matrix as a CSV file (`~/modules/export/csv`), one line per person and item (the filters apply per line); the export is audited. */
export async function exportMatrixCsv(user: CurrentUser, filter: MatrixFilter, now: Date): Promise<string> {
  const matrix = await getMatrix(user, filter, now);
  const header = ["Facilitator", "Email", "Role", "Item code", "Item", "Standard", "Kind", "Required", "Status", "Achieved on", "Expires on", "Verified by", "Verified at"];
  const lines: CsvCell[][] = [];
  for (const row of matrix.rows) {
    for (const cell of row.cells) {
      if (!cell.matches) continue;
      const item = matrix.items.find((i) => i.id === cell.itemId)!;
      lines.push([
        row.person.name,
        row.person.email,
        row.person.role,
        item.code,
        item.name,
        item.standard,
        item.kind,
        cell.required ? "yes" : "no",
        cell.label,
        cell.achievedOn,
        cell.expiresOn,
        cell.verifiedBy,
        cell.verifiedAt ? cell.verifiedAt.toISOString() : "",
      ]);
    }
  }
  await audit(db, {
    organizationId: user.organizationId,
    actorId: user.id,
    action: "competency.matrix.export",
    subjectType: "organization",
    subjectId: user.organizationId,
    after: { filter, lines: lines.length },
  });
  return csvFile(header, lines, { locale: localeOf(user.locale) });
}
