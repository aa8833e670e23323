import { and, eq, gte, inArray, sql } from "drizzle-orm";
import { db, type Executor } from "~/db/client.server";
import { auditEvents, memberships, organizations } from "~/db/schema";

export type AuditInput = {
  organizationId: string | null;
  actorUserId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  /**
   * The person whose records this event reads or changes; it then appears in their disclosure
   * history (/my/privacy). Defaults to subjectId when subjectType is "user".
   */
  subjectUserId?: string | null;
  before?: unknown;
  after?: unknown;
  reason?: string;
};

/** The actor's role in the organisation at the moment of the event (read in the same statement). */
function actorRoleNow(organizationId: string | null, actorUserId: string | null) {
  if (!organizationId || !actorUserId) return null;
  return sql`(select ${memberships.role}::text from ${memberships} where ${memberships.userId} = ${actorUserId} and ${memberships.organizationId} = ${organizationId})`;
}

function row(event: AuditInput, subjectUserId: string | null) {
  return {
    organizationId: event.organizationId,
    actorUserId: event.actorUserId,
    actorRole: actorRoleNow(event.organizationId, event.actorUserId),
    action: event.action,
    subjectType: event.subjectType,
    subjectId: event.subjectId,
    subjectUserId,
    before: event.before ?? null,
    after: event.after ?? null,
    reason: event.reason ?? "",
  };
}

/** Appends one audit event; call it inside the transaction of the write (or read) it records. */
export async function recordAudit(tx: Executor, event: AuditInput): Promise<void> {
  const person = event.subjectUserId ?? (event.subjectType === "user" ? event.subjectId : null);
  await tx.insert(auditEvents).values(row(event, person));
}

/**
 * A read or export that shows several people's records (a roster, a drill-down, an export, the
 * evidence page): one event per person, so each person's disclosure history lists it. With no
 * people it still records the read once.
 */
export async function recordDisclosure(tx: Executor, event: Omit<AuditInput, "subjectUserId">, people: readonly string[]): Promise<void> {
  const unique = [...new Set(people)];
  if (unique.length === 0) {
    await tx.insert(auditEvents).values(row(event, null));
    return;
  }
  for (let i = 0; i < unique.length; i += 500) {
    await tx.insert(auditEvents).values(unique.slice(i, i + 500).map((person) => row(event, person)));
  }
}

/**
 * A read repeated all day long (a roster: every tap revalidates the page), recorded at most once
 * per viewer, person, subject (the group) and day — the day in the organisation's zone. One query
 * reads who is already recorded today; only the missing people are added (the table is
 * append-only, so nothing is ever updated). A transaction-scoped advisory lock on (viewer, action,
 * subject) keeps parallel loads from adding the same person twice. Returns how many were added.
 */
export async function recordDisclosureOncePerDay(
  exec: Executor,
  event: Omit<AuditInput, "subjectUserId" | "organizationId" | "actorUserId"> & { organizationId: string; actorUserId: string },
  people: readonly string[],
): Promise<number> {
  const unique = [...new Set(people)];
  if (unique.length === 0) return 0;
  return exec.transaction(async (tx) => {
    const key = `disclosure-day:${event.actorUserId}:${event.action}:${event.subjectType}:${event.subjectId}`;
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
    const zone = sql`(select ${organizations.timezone} from ${organizations} where ${organizations.id} = ${event.organizationId})`;
    const seen = await tx
      .selectDistinct({ person: auditEvents.subjectUserId })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.organizationId, event.organizationId),
          eq(auditEvents.actorUserId, event.actorUserId),
          eq(auditEvents.action, event.action),
          eq(auditEvents.subjectType, event.subjectType),
          eq(auditEvents.subjectId, event.subjectId),
          gte(auditEvents.at, sql`date_trunc('day', now() at time zone ${zone}) at time zone ${zone}`),
          inArray(auditEvents.subjectUserId, unique),
        ),
      );
    const already = new Set(seen.map((r) => r.person));
    const missing = unique.filter((person) => !already.has(person));
    for (let i = 0; i < missing.length; i += 500) {
      await tx.insert(auditEvents).values(missing.slice(i, i + 500).map((person) => row(event, person)));
    }
    return missing.length;
  });
}

/** Where a roster was seen (kept with the first view of the day). */
export type RosterPage = "group" | "session_roster" | "sign_in_sheet" | "paper_sheet" | "waitlist" | "scheduling_round";

/**
 * A roster of a group was shown to `viewer`: `roster.viewed` for each person on it, at most once
 * per viewer, person, group and day (recordDisclosureOncePerDay), so it appears in that person's
 * "Who has seen my records". The one call every roster page makes.
 */
export async function recordRosterViewed(viewer: { id: string; organizationId: string }, groupId: string, people: readonly string[], page: RosterPage): Promise<number> {
  return recordDisclosureOncePerDay(
    db,
    { organizationId: viewer.organizationId, actorUserId: viewer.id, action: "roster.viewed", subjectType: "group", subjectId: groupId, after: { page } },
    people,
  );
}
