import type { Executor } from "~/db/client.server";
import { auditEvents } from "~/db/schema";

export type AuditInput = {
  organizationId: string | null;
  actorUserId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  before?: unknown;
  after?: unknown;
  reason?: string;
};

/** Appends one audit event; call it inside the transaction of the write (or read) it records. */
export async function recordAudit(tx: Executor, event: AuditInput): Promise<void> {
  await tx.insert(auditEvents).values({
    organizationId: event.organizationId,
    actorUserId: event.actorUserId,
    action: event.action,
    subjectType: event.subjectType,
    subjectId: event.subjectId,
    before: event.before ?? null,
    after: event.after ?? null,
    reason: event.reason ?? "",
  });
}
