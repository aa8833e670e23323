import { desc, eq } from "drizzle-orm";
import { db } from "~/db/client.server";
import { emailOutbox } from "~/db/schema";

/**
 * One organisation's outgoing mail, newest first by the time it was queued (never another
 * organisation's). No message numbers: their order would place a message about an anonymous act
 * (queued at its hour) between the messages around the act itself.
 */
export async function organizationOutbox(organizationId: string, limit: number) {
  const rows = await db
    .select({ to: emailOutbox.toAddress, subject: emailOutbox.subject, status: emailOutbox.status, createdAt: emailOutbox.createdAt })
    .from(emailOutbox)
    .where(eq(emailOutbox.organizationId, organizationId))
    .orderBy(desc(emailOutbox.createdAt), desc(emailOutbox.id))
    .limit(limit);
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}
