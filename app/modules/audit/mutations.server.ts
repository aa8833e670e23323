import { and, eq, gte, inArray, sql } from "drizzle-orm";
import { db, type Executor } from "~/db/client.server";
import { auditEvents, memberships, organizations } from "~/db/schema";
import type { AuditAction, AuditChange } from "./actions";

type AuditCommon = {
  organizationId: string | null;
  /** Who did it; null for the system (a background job). */
  actorId: string | null;
  subjectType: string;
  subjectId: string;
  /**
   * The person whose records this event reads or changes; it then appears in their disclosure
   * history (/my/privacy). Defaults to subjectId when subjectType is "user".
   */
  subjectUserId?: string | null;
  reason?: string;
  /**
   * When it happened, if not now: only for events that must carry no finer time than their record
   * (an anonymous concern is audited at the hour it is dated to, never to the second).
   */
  at?: Date;
};

/** One audit event: an action from the closed list, with `before`/`after` typed per action. */
export type AuditEvent<A extends AuditAction = AuditAction> = AuditCommon & { action: A } & AuditChange<A>;

type Stored = AuditCommon & { action: string; before?: unknown; after?: unknown };

/** The actor's role in the organisation at the moment of the event (read in the same statement). */
function actorRoleNow(organizationId: string | null, actorId: string | null) {
  if (!organizationId || !actorId) return null;
  return sql`(select ${memberships.role}::text from ${memberships} where ${memberships.userId} = ${actorId} and ${memberships.organizationId} = ${organizationId})`;
}

function row(event: Stored, subjectUserId: string | null) {
  return {
    organizationId: event.organizationId,
    actorUserId: event.actorId,
    actorRole: actorRoleNow(event.organizationId, event.actorId),
    action: event.action,
    subjectType: event.subjectType,
    subjectId: event.subjectId,
    subjectUserId,
    before: event.before ?? null,
    after: event.after ?? null,
    reason: event.reason ?? "",
    ...(event.at ? { at: event.at } : {}),
  };
}

/** Appends one audit event; call it inside the transaction of the write (or read) it records. */
export async function audit<A extends AuditAction>(tx: Executor, event: AuditEvent<A>): Promise<void> {
  const stored: Stored = event;
  const person = stored.subjectUserId ?? (stored.subjectType === "user" ? stored.subjectId : null);
  await tx.insert(auditEvents).values(row(stored, person));
}

/**
 * A read or export that shows several people's records (a roster, a drill-down, an export, the
 * evidence page): one event per person, so each person's disclosure history lists it. With no
 * people it still records the read once.
 */
export async function recordDisclosure<A extends AuditAction>(tx: Executor, event: Omit<AuditCommon, "subjectUserId"> & { action: A } & AuditChange<A>, people: readonly string[]): Promise<void> {
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
 * reads who is already recorded today (when that is everyone, nothing else runs); only the missing
 * people are added (the table is append-only, so nothing is ever updated). A transaction-scoped
 * advisory lock on (viewer, action, subject) keeps parallel loads from adding the same person
 * twice. Returns how many were added.
 */
export async function recordDisclosureOncePerDay<A extends AuditAction>(
  exec: Executor,
  event: Omit<AuditCommon, "subjectUserId" | "organizationId" | "actorId"> & { organizationId: string; actorId: string; action: A } & AuditChange<A>,
  people: readonly string[],
): Promise<number> {
  const unique = [...new Set(people)];
  if (unique.length === 0) return 0;
  const zone = sql`(select ${organizations.timezone} from ${organizations} where ${organizations.id} = ${event.organizationId})`;
  const missingFrom = async (reader: Executor) => {
    const seen = await reader
      .selectDistinct({ person: auditEvents.subjectUserId })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.organizationId, event.organizationId),
          eq(auditEvents.actorUserId, event.actorId),
          eq(auditEvents.action, event.action),
          eq(auditEvents.subjectType, event.subjectType),
          eq(auditEvents.subjectId, event.subjectId),
          gte(auditEvents.at, sql`date_trunc('day', now() at time zone ${zone}) at time zone ${zone}`),
          inArray(auditEvents.subjectUserId, unique),
        ),
      );
    const already = new Set(seen.map((r) => r.person));
    return unique.filter((person) => !already.has(person));
  };
  // The usual case, a page seen again the same day: everyone is already recorded, and one read
  // says so (no transaction, no lock). Otherwise the lock, and the same read again under it.
  if ((await missingFrom(exec)).length === 0) return 0;
  return exec.transaction(async (tx) => {
    const key = `disclosure-day:${event.actorId}:${event.action}:${event.subjectType}:${event.subjectId}`;
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
    const missing = await missingFrom(tx);
    for (let i = 0; i < missing.length; i += 500) {
      await tx.insert(auditEvents).values(missing.slice(i, i + 500).map((person) => row(event, person)));
    }
    return missing.length;
  });
}

/** Where a roster was seen (kept with the first view of the day). */
export type RosterPage = "group" | "session_roster" | "sign_in_sheet" | "paper_sheet" | "waitlist" | "scheduling_round" | "group_note";

/**
 * A roster of a group was shown to `viewer`: `roster.viewed` for each person on it, at most once
 * per viewer, person, group and day (recordDisclosureOncePerDay), so it appears in that person's
 * "Who has seen my records". The one call every roster page makes.
 */
export async function recordRosterViewed(viewer: { id: string; organizationId: string }, groupId: string, people: readonly string[], page: RosterPage): Promise<number> {
  return recordDisclosureOncePerDay(
    db,
    { organizationId: viewer.organizationId, actorId: viewer.id, action: "roster.viewed", subjectType: "group", subjectId: groupId, after: { page } },
    people,
  );
}
