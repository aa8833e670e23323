import { and, desc, eq } from "drizzle-orm";
import { db } from "~/db/client.server";
import { auditEvents, users } from "~/db/schema";

export async function listAuditForSubject(organizationId: string, subjectType: string, subjectId: string) {
  return db
    .select({
      id: auditEvents.id,
      action: auditEvents.action,
      before: auditEvents.before,
      after: auditEvents.after,
      reason: auditEvents.reason,
      at: auditEvents.at,
      actorName: users.name,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .where(
      and(
        eq(auditEvents.organizationId, organizationId),
        eq(auditEvents.subjectType, subjectType),
        eq(auditEvents.subjectId, subjectId),
      ),
    )
    .orderBy(desc(auditEvents.at), desc(auditEvents.id));
}
