import { desc, eq } from "drizzle-orm";
import { db } from "~/db/client.server";
import { emailOutbox } from "~/db/schema";

/** One organisation's outgoing mail, newest first (never another organisation's). */
export async function organizationOutbox(organizationId: string, limit: number) {
  const rows = await db
    .select({ id: emailOutbox.id, to: emailOutbox.toAddress, subject: emailOutbox.subject, status: emailOutbox.status, createdAt: emailOutbox.createdAt })
    .from(emailOutbox)
    .where(eq(emailOutbox.organizationId, organizationId))
    .orderBy(desc(emailOutbox.id))
    .limit(limit);
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}
