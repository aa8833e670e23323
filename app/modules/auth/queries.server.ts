import { and, eq, isNull } from "drizzle-orm";
import { db } from "~/db/client.server";
import { memberships, users } from "~/db/schema";

/**
 * Members of an organisation whose email address is not confirmed yet: staff must not count on
 * reaching them by email (anyone can sign up with any address until its link is followed).
 */
export async function unconfirmedMemberIds(organizationId: string): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, organizationId), isNull(users.emailConfirmedAt)));
  return rows.map((r) => r.id);
}
