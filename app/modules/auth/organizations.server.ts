import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { db } from "~/db/client.server";
import { authSessions, memberships, organizations } from "~/db/schema";
import { notFound } from "~/modules/errors";
import type { CurrentUser, Role } from "./policy";

/**
 * Someone who belongs to several organisations (a facilitator who also volunteers elsewhere, a
 * consultant) works in one at a time: the signed-in session carries the current organisation,
 * and every loader and action scopes to it. Switching changes this session only.
 */
export type MyOrganization = { id: string; name: string; slug: string; role: Role; current: boolean };

export async function listMyOrganizations(user: CurrentUser): Promise<MyOrganization[]> {
  const rows = await db
    .select({ id: organizations.id, name: organizations.name, slug: organizations.slug, role: memberships.role })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(and(eq(memberships.userId, user.id), isNull(memberships.deactivatedAt)))
    .orderBy(asc(organizations.name));
  return rows.map((r) => ({ ...r, current: r.id === user.organizationId }));
}

export async function countMyOrganizations(user: CurrentUser): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(memberships).where(and(eq(memberships.userId, user.id), isNull(memberships.deactivatedAt)));
  return row?.n ?? 0;
}

/** Makes `organizationId` the current organisation of this session; 404 unless the user belongs to it. */
export async function switchOrganization(user: CurrentUser, organizationId: string, now: Date): Promise<{ name: string; role: Role }> {
  return db.transaction(async (tx) => {
    const [target] = await tx
      .select({ name: organizations.name, role: memberships.role })
      .from(memberships)
      .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
      .where(and(eq(memberships.userId, user.id), eq(memberships.organizationId, organizationId), isNull(memberships.deactivatedAt)));
    if (!target) notFound("Organisation not found");
    if (organizationId === user.organizationId) return target;
    await tx.update(authSessions).set({ organizationId, lastSeenAt: now }).where(and(eq(authSessions.idHash, user.sessionIdHash), eq(authSessions.userId, user.id)));
    // Nothing is written to either organisation's audit trail: the move changes no record and no
    // access (each membership was audited when it was granted, and what the person then opens is
    // recorded as usual), while an entry "left for another organisation" or "came from another
    // organisation" would tell one agency that the person is a member of another — for a recovery
    // program, a disclosure. Signing in writes nothing either, so the two look alike.
    return target;
  });
}
