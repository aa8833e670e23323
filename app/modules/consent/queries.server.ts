import { and, asc, desc, eq, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { db, type Executor } from "~/db/client.server";
import { enrolments, groups, programs, users } from "~/db/schema";
import { consents } from "~/db/tables/consent";
import type { CurrentUser } from "~/modules/auth/policy";
import { CHOICE_KINDS, CONSENT_KINDS, isGroupConsentKind, SUBSTANCE_USE_GROUP_KINDS, type ConsentKind } from "./wording";
import { givesConsents } from "./policy";

const at = (now: Date) => sql`${now.toISOString()}::timestamptz`;

/** The current (not ended, not expired) rows of a kind that apply to a group: scoped to it, or to all groups. */
function currentFor(kind: ConsentKind, groupColumn: AnyPgColumn | string, now: Date): SQL {
  const group = typeof groupColumn === "string" ? sql`${groupColumn}::uuid` : sql`${groupColumn}`;
  return sql`${consents.kind} = ${kind} and ${consents.revokedAt} is null
    and (${consents.expiresAt} is null or ${consents.expiresAt} > ${at(now)})
    and (${consents.groupId} = ${group}
      or (${consents.groupId} is null and ${consents.organizationId} = (select ${groups.organizationId} from ${groups} where ${groups.id} = ${group})))`;
}

/**
 * SQL condition: the person in `userColumn` has a current "yes" of this kind for the group in
 * `groupColumn`. A group-scoped answer wins over an organisation-wide one (a "no" for this group
 * beats a "yes" for all groups).
 */
export function hasConsent(kind: ConsentKind, userColumn: AnyPgColumn | SQL, groupColumn: AnyPgColumn | string, now: Date): SQL {
  return sql`(select ${consents.status} = 'given' from ${consents}
    where ${consents.userId} = ${userColumn} and ${currentFor(kind, groupColumn, now)}
    order by ${consents.groupId} is null, ${consents.givenAt} desc limit 1) is true`;
}

/** Of `userIds`, those who currently allow `kind` for this group. */
export async function usersWithConsent(
  exec: Executor,
  input: { groupId: string; kind: ConsentKind; userIds: string[]; now: Date },
): Promise<Set<string>> {
  if (input.userIds.length === 0) return new Set();
  const rows = await exec
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, input.userIds), hasConsent(input.kind, users.id, input.groupId, input.now)));
  return new Set(rows.map((r) => r.id));
}

export type ConsentRow = typeof consents.$inferSelect;

/** The person's current answer per kind for one group (null: never asked). */
export async function currentConsents(exec: Executor, input: { organizationId: string; userId: string; groupId: string; now: Date }) {
  const rows = await exec
    .select()
    .from(consents)
    .where(
      and(
        eq(consents.organizationId, input.organizationId),
        eq(consents.userId, input.userId),
        isNull(consents.revokedAt),
        or(eq(consents.groupId, input.groupId), isNull(consents.groupId)),
      ),
    )
    .orderBy(sql`${consents.groupId} is null`, desc(consents.givenAt));
  const out = {} as Record<ConsentKind, ConsentRow | null>;
  for (const kind of CONSENT_KINDS) out[kind] = rows.find((r) => r.kind === kind) ?? null;
  return out;
}

export type ConsentState = "given" | "refused" | "pending" | "expired" | "revoked" | "not_asked";
export const stateOf = (row: ConsentRow | null, now: Date): ConsentState =>
  !row ? "not_asked" : row.status === "given" && row.expiresAt && row.expiresAt <= now ? "expired" : row.status;

/**
 * What /my/consents shows: for each group the person is in (or waiting for), each consent with
 * its current answer, exact wording, who recorded it and when; plus the history of ended answers.
 */
export async function listMyConsents(user: CurrentUser, now: Date) {
  const mine = await db
    .select({ groupId: groups.id, groupName: groups.name, groupKind: groups.kind, status: enrolments.status })
    .from(enrolments)
    .innerJoin(groups, eq(groups.id, enrolments.groupId))
    .where(and(eq(enrolments.userId, user.id), eq(enrolments.organizationId, user.organizationId), inArray(enrolments.status, ["enrolled", "waitlisted", "offered"])))
    .orderBy(asc(groups.name));
  const rows = await db
    .select({ consent: consents, recorderName: users.name })
    .from(consents)
    .leftJoin(users, eq(users.id, consents.recordedBy))
    .where(and(eq(consents.organizationId, user.organizationId), eq(consents.userId, user.id)))
    .orderBy(desc(consents.givenAt));
  const groupsOut = mine.map((g) => ({
    ...g,
    items: CONSENT_KINDS.map((kind) => {
      const current = rows.find((r) => r.consent.kind === kind && r.consent.groupId === g.groupId && r.consent.revokedAt === null) ?? null;
      // Rows are newest first: with no current row, the latest ended one says whether it was revoked.
      const last = current ?? rows.find((r) => r.consent.kind === kind && r.consent.groupId === g.groupId) ?? null;
      const revoked = !current && last?.consent.endedReason === "revoked";
      return {
        kind,
        choice: (CHOICE_KINDS as readonly string[]).includes(kind),
        state: revoked ? ("revoked" as const) : stateOf(current?.consent ?? null, now),
        record: last ? { ...last.consent, recorderName: last.recorderName } : null,
      };
    }),
  }));
  // Group consents only: the organisation-wide text-message choices have their own history on /profile.
  const history = rows.flatMap((r) =>
    r.consent.revokedAt !== null && isGroupConsentKind(r.consent.kind) ? [{ ...r.consent, kind: r.consent.kind, recorderName: r.recorderName }] : [],
  );
  return { groups: groupsOut, history };
}

/**
 * How many answers the person still owes for the groups they are in or waiting for: consents
 * staff recorded as pending, plus groups where they never acknowledged what taking part shares
 * (enrolled before consents were recorded, or through a scheduling round).
 */
export async function countPendingConsents(user: CurrentUser, now: Date): Promise<number> {
  if (!givesConsents(user)) return 0;
  const [row] = await db
    .select({
      n: sql<number>`(
        select count(*) from ${consents} c join ${enrolments} e on e.group_id = c.group_id and e.user_id = c.user_id
        where c.user_id = ${user.id} and c.organization_id = ${user.organizationId} and c.status = 'pending' and c.revoked_at is null
          and (c.expires_at is null or c.expires_at > ${at(now)}) and e.status in ('enrolled', 'waitlisted', 'offered')
      ) + (
        select count(*) from ${enrolments} e
        where e.user_id = ${user.id} and e.organization_id = ${user.organizationId} and e.status in ('enrolled', 'waitlisted', 'offered')
          and not exists (select 1 from ${consents} c where c.user_id = e.user_id and c.group_id = e.group_id and c.kind = 'participation' and c.revoked_at is null)
      )`.mapWith(Number),
    })
    .from(sql`(select 1) as one`);
  return row?.n ?? 0;
}

/**
 * Whether a report's scope (the organisation, or one program or group of it) takes in substance-use
 * disorder treatment: a substance-use group kind (a peer recovery group), or any group of a program
 * the organisation marked as a 42 CFR Part 2 program (whatever its groups are called). Every export
 * and printout that carries the 42 CFR 2.32 notice decides it here, as letters do.
 */
export async function scopeHasSubstanceUseGroup(organizationId: string, scope: { programId?: string | null; groupId?: string | null }): Promise<boolean> {
  const [row] = await db
    .select({ id: groups.id })
    .from(groups)
    .leftJoin(programs, eq(programs.id, groups.programId))
    .where(
      and(
        eq(groups.organizationId, organizationId),
        or(inArray(groups.kind, SUBSTANCE_USE_GROUP_KINDS as ("peer_recovery_group")[]), eq(programs.part2Program, true)),
        scope.programId ? eq(groups.programId, scope.programId) : undefined,
        scope.groupId ? eq(groups.id, scope.groupId) : undefined,
      ),
    )
    .limit(1);
  return Boolean(row);
}
