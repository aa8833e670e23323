import { sql } from "drizzle-orm";
import type { Executor } from "~/db/client.server";
import { auditEvents, memberships } from "~/db/schema";

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
