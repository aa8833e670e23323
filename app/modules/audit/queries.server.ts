import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import { db } from "~/db/client.server";
import { rows } from "~/db/rows.server";
import { auditEvents, organizations, users } from "~/db/schema";
import type { CurrentUser } from "~/modules/auth/policy";
import { AUDIT_PAGE_SIZE, type AuditFilters } from "./schema";

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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const likeText = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** A person filter: an exact id, or part of a name or email. */
function personMatch(alias: "a" | "p", idColumn: SQL, text: string): SQL {
  if (!text) return sql``;
  if (UUID.test(text)) return sql` and ${idColumn} = ${text.toLowerCase()}::uuid`;
  const pattern = likeText(text);
  return sql` and (${sql.raw(alias)}.name ilike ${pattern} or ${sql.raw(alias)}.email ilike ${pattern})`;
}

export type AuditRow = {
  id: number;
  at: string;
  action: string;
  subject_type: string;
  subject_id: string;
  reason: string;
  actor_role: string | null;
  actor_name: string | null;
  actor_email: string | null;
  person_id: string | null;
  person_name: string | null;
  person_email: string | null;
};

/**
 * The organisation's audit trail, newest first, filtered by the person whose records an event
 * touched, the actor, the action and a date range (days in the organisation's zone).
 * `limit` rows from `offset`; one more is read to tell whether another page follows.
 */
export async function searchAudit(user: CurrentUser, filters: AuditFilters, limit = AUDIT_PAGE_SIZE, offset = (filters.page - 1) * AUDIT_PAGE_SIZE) {
  const org = user.organizationId;
  const zone = sql`(select timezone from ${organizations} where id = ${org})`;
  const found = await rows<AuditRow>(sql`
    select e.id::int as id, to_char(e.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at, e.action, e.subject_type, e.subject_id, e.reason,
      coalesce(e.actor_role, (select m.role::text from memberships m where m.user_id = e.actor_user_id and m.organization_id = e.organization_id)) as actor_role,
      a.name as actor_name, a.email as actor_email, p.id as person_id, p.name as person_name, p.email as person_email
    from audit_events e
    left join users a on a.id = e.actor_user_id
    left join users p on p.id = coalesce(e.subject_user_id, case when e.subject_type = 'user' and e.subject_id ~* '^[0-9a-f-]{36}$' then e.subject_id::uuid end)
    where e.organization_id = ${org}
      ${personMatch("p", sql`p.id`, filters.person)}
      ${personMatch("a", sql`e.actor_user_id`, filters.actor)}
      ${filters.action ? sql` and e.action = ${filters.action}` : sql``}
      ${filters.from ? sql` and e.at >= (${filters.from}::date)::timestamp at time zone ${zone}` : sql``}
      ${filters.to ? sql` and e.at < (${filters.to}::date + 1)::timestamp at time zone ${zone}` : sql``}
    order by e.at desc, e.id desc
    limit ${limit + 1} offset ${offset}`);
  return { rows: found.slice(0, limit), more: found.length > limit };
}

export type DisclosureRow = {
  id: number;
  at: string;
  action: string;
  actor_name: string | null;
  actor_role: string | null;
  organization_name: string | null;
  reason: string;
};

/**
 * "Who has seen my records": every view, export and change of this person's records by someone
 * else, in every organisation they belong to, newest first. Their own actions are left out.
 */
export async function disclosuresFor(user: CurrentUser, limit = 500) {
  const found = await rows<DisclosureRow>(sql`
    select e.id::int as id, to_char(e.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at, e.action, a.name as actor_name,
      coalesce(e.actor_role, (select m.role::text from memberships m where m.user_id = e.actor_user_id and m.organization_id = e.organization_id)) as actor_role,
      o.name as organization_name, e.reason
    from audit_events e
    left join users a on a.id = e.actor_user_id
    left join organizations o on o.id = e.organization_id
    where e.organization_id in (select organization_id from memberships where user_id = ${user.id})
      and (e.subject_user_id = ${user.id} or (e.subject_type = 'user' and e.subject_id = ${user.id}::text))
      and e.actor_user_id is distinct from ${user.id}
    order by e.at desc, e.id desc
    limit ${limit + 1}`);
  return { rows: found.slice(0, limit), more: found.length > limit };
}
