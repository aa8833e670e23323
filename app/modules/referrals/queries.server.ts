import { and, asc, desc, eq, ilike, inArray, isNotNull, lte, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { db } from "~/db/client.server";
import { enrolments, groupFacilitators, groups, memberships, users } from "~/db/schema";
import { referrals, resources } from "~/db/tables/referrals";
import type { CurrentUser } from "~/modules/auth/policy";
import { notFound } from "~/modules/errors";
import { seesAllReferrals } from "./policy";
import { emailHint, realEmail } from "~/modules/attendance/walk-ins";

const resourceColumns = {
  id: resources.id,
  name: resources.name,
  location: resources.location,
  phone: resources.phone,
  contactPerson: resources.contactPerson,
  services: resources.services,
  languages: resources.languages,
  fees: resources.fees,
  eligibility: resources.eligibility,
  needAreas: resources.needAreas,
  website: resources.website,
  updatedAt: resources.updatedAt,
};

/** Directory search: every word must appear in one of the descriptive fields. */
export async function listResources(user: CurrentUser, query = "") {
  const words = query.trim().split(/\s+/).filter(Boolean).slice(0, 8);
  const conditions: SQL[] = words.map((w) => {
    const pattern = `%${w.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    return or(
      ilike(resources.name, pattern),
      ilike(resources.services, pattern),
      ilike(resources.location, pattern),
      ilike(resources.languages, pattern),
      ilike(resources.eligibility, pattern),
      ilike(resources.fees, pattern),
      ilike(resources.contactPerson, pattern),
      sql`array_to_string(${resources.needAreas}, ' ') ilike ${pattern}`,
    )!;
  });
  return db
    .select(resourceColumns)
    .from(resources)
    .where(and(eq(resources.organizationId, user.organizationId), ...conditions))
    .orderBy(asc(resources.name));
}

export async function getResource(user: CurrentUser, resourceId: string) {
  const [row] = await db
    .select(resourceColumns)
    .from(resources)
    .where(and(eq(resources.id, resourceId), eq(resources.organizationId, user.organizationId)));
  if (!row) notFound("Resource not found");
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(referrals)
    .where(and(eq(referrals.resourceId, row.id), eq(referrals.organizationId, user.organizationId)));
  return { ...row, referralCount: n };
}

/**
 * Participant ids a facilitator works with: people currently enrolled in a group they lead (the
 * relationship rule — not waitlisted, interested, offered or withdrawn people).
 */
function participantsOfMyGroups(user: CurrentUser) {
  return db
    .select({ id: enrolments.userId })
    .from(enrolments)
    .innerJoin(groupFacilitators, eq(groupFacilitators.groupId, enrolments.groupId))
    .where(and(eq(groupFacilitators.userId, user.id), eq(enrolments.organizationId, user.organizationId), eq(enrolments.status, "enrolled")));
}

export function referralScope(user: CurrentUser): SQL {
  if (seesAllReferrals(user)) return eq(referrals.organizationId, user.organizationId);
  // Only people served now: a referral the facilitator wrote is not theirs to read once the person
  // has left their groups (or they have left the group) — writing it is not a relationship.
  return and(eq(referrals.organizationId, user.organizationId), inArray(referrals.participantId, participantsOfMyGroups(user)))!;
}

export async function listReferrals(user: CurrentUser, options: { view: "open" | "due" | "all"; today: string; limit?: number }) {
  const creator = alias(users, "creator");
  const filter =
    options.view === "open"
      ? eq(referrals.outcome, "pending")
      : options.view === "due"
        ? and(eq(referrals.outcome, "pending"), isNotNull(referrals.followUpOn), lte(referrals.followUpOn, options.today))
        : undefined;
  return db
    .select({
      id: referrals.id,
      participantId: referrals.participantId,
      participantName: users.name,
      resourceId: resources.id,
      resourceName: resources.name,
      resourcePhone: resources.phone,
      groupName: groups.name,
      needArea: referrals.needArea,
      reason: referrals.reason,
      referredOn: referrals.referredOn,
      followUpOn: referrals.followUpOn,
      outcome: referrals.outcome,
      outcomeNote: referrals.outcomeNote,
      createdByName: creator.name,
    })
    .from(referrals)
    .innerJoin(users, eq(users.id, referrals.participantId))
    .innerJoin(resources, eq(resources.id, referrals.resourceId))
    .leftJoin(groups, eq(groups.id, referrals.groupId))
    .leftJoin(creator, eq(creator.id, referrals.createdBy))
    .where(and(referralScope(user), filter))
    .orderBy(sql`${referrals.followUpOn} asc nulls last`, desc(referrals.referredOn))
    .limit(options.limit ?? 300);
}

/** Choices on the new-referral form, scoped like everything else. */
export async function referralFormOptions(user: CurrentUser) {
  const participantFilter = seesAllReferrals(user)
    ? undefined
    : inArray(users.id, participantsOfMyGroups(user));
  const [participants, directory, groupRows] = await Promise.all([
    db
      .select({ id: users.id, name: users.name, email: users.email })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.organizationId, user.organizationId), eq(memberships.role, "participant"), participantFilter))
      .orderBy(users.name),
    db.select({ id: resources.id, name: resources.name }).from(resources).where(eq(resources.organizationId, user.organizationId)).orderBy(resources.name),
    db.select({ id: groups.id, name: groups.name }).from(groups).where(eq(groups.organizationId, user.organizationId)).orderBy(groups.name),
  ]);
  // A walk-in's placeholder address is not an email: never sent to the page. Facilitators get a
  // hint to tell namesakes apart, not the address (contact details need the person's consent).
  const shown = (email: string) => (seesAllReferrals(user) ? (realEmail(email) ?? "") : realEmail(email) ? emailHint(email) : "");
  return { participants: participants.map((p) => ({ ...p, email: shown(p.email) })), resources: directory, groups: groupRows };
}

export async function exportResources(user: CurrentUser) {
  return db.select(resourceColumns).from(resources).where(eq(resources.organizationId, user.organizationId)).orderBy(asc(resources.name));
}
