import { and, desc, eq, gt, ilike, isNull, or, sql } from "drizzle-orm";
import { db } from "~/db/client.server";
import { invitations, memberships, organizations, users } from "~/db/schema";
import { organizationLogos } from "~/db/tables/orgs";
import type { CurrentUser } from "~/modules/auth/policy";
import { realEmail, WALK_IN_EMAIL_DOMAIN } from "~/modules/attendance/walk-ins";

export async function getOrganization(user: CurrentUser) {
  const [org] = await db.select().from(organizations).where(eq(organizations.id, user.organizationId));
  return org;
}

/** Members of the user's organisation, optionally those whose name or email contains `search`. */
export async function listMembers(user: CurrentUser, search = "") {
  const q = search.trim();
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await db
    .select({
      membershipId: memberships.id,
      userId: users.id,
      name: users.name,
      email: users.email,
      role: memberships.role,
      timezone: users.timezone,
      since: memberships.createdAt,
      deactivatedAt: memberships.deactivatedAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.organizationId, user.organizationId),
        // A placeholder address (walk-ins) is not searchable as an email.
        q ? or(ilike(users.name, pattern), and(ilike(users.email, pattern), sql`${users.email} not ilike ${"%@" + WALK_IN_EMAIL_DOMAIN}`)) : undefined,
      ),
    )
    .orderBy(memberships.role, users.name);
  // A walk-in's placeholder address is not an email: never sent to the page.
  return rows.map((r) => ({ ...r, email: realEmail(r.email) ?? "" }));
}

export async function listOpenInvitations(user: CurrentUser, now: Date) {
  return db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      expiresAt: invitations.expiresAt,
      createdAt: invitations.createdAt,
    })
    .from(invitations)
    .where(
      and(
        eq(invitations.organizationId, user.organizationId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, now),
      ),
    )
    .orderBy(desc(invitations.createdAt));
}

/**
 * The logo of the organisation with this slug, for the public logo route (the header shows it on
 * public pages too); null when the organisation or its logo does not exist.
 */
export async function getLogoBySlug(slug: string) {
  const [logo] = await db
    .select({ contentType: organizationLogos.contentType, content: organizationLogos.content, uploadedAt: organizationLogos.uploadedAt })
    .from(organizationLogos)
    .innerJoin(organizations, eq(organizations.id, organizationLogos.organizationId))
    .where(eq(organizations.slug, slug));
  return logo ?? null;
}
