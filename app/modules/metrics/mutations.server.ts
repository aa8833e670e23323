import { sql } from "drizzle-orm";
import { db, type Executor } from "~/db/client.server";
import { recordAudit } from "~/modules/audit/mutations.server";

/** A PostgreSQL array literal of uuids or dates (values are validated before they get here). */
export const pgArray = (values: string[]) => `{${values.join(",")}}`;

const ATTENDED = sql.raw(`('present','late','left_early')`);

/**
 * Rebuilds the daily rollups (metrics_group_days) and participant starts for the (group, day)
 * pairs the triggers marked dirty in this organisation, in one transaction. Cheap when nothing
 * changed; an advisory lock makes concurrent refreshes of one organisation take turns.
 * Returns how many (group, day) pairs were rebuilt.
 */
export async function refreshRollups(organizationId: string, exec: Executor = db): Promise<number> {
  return exec.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`metrics.rollup:${organizationId}`}))`);
    const dirty = (await tx.execute(sql`
      delete from metrics_rollup_dirty where organization_id = ${organizationId} returning group_id, day::text as day`)) as unknown as {
      group_id: string;
      day: string;
    }[];
    if (dirty.length === 0) return 0;
    const groupIds = pgArray(dirty.map((d) => d.group_id));
    const days = pgArray(dirty.map((d) => d.day));
    const pairs = sql`unnest(${groupIds}::uuid[], ${days}::date[]) as d(group_id, day)`;
    // Sessions of each dirty local day: an index range with a day of margin, then the exact local date.
    const sessionsOfDay = sql`
      join groups gr on gr.id = d.group_id
      join organizations o on o.id = gr.organization_id
      join sessions s on s.group_id = d.group_id
        and s.starts_at >= (d.day::timestamp at time zone o.timezone) - interval '1 day'
        and s.starts_at < ((d.day + 1)::timestamp at time zone o.timezone) + interval '1 day'
        and (s.starts_at at time zone o.timezone)::date = d.day`;

    await tx.execute(sql`
      delete from metrics_group_days m using ${pairs} where m.group_id = d.group_id and m.day = d.day`);
    await tx.execute(sql`
      insert into metrics_group_days (group_id, day, organization_id, program_id, sessions_total, sessions_held, sessions_cancelled,
        marks_attended, marks_absent, marks_excused, walk_ins, participant_minutes)
      select d.group_id, d.day, gr.organization_id, gr.program_id,
        count(*)::int,
        count(*) filter (where s.status = 'held')::int,
        count(*) filter (where s.status = 'cancelled')::int,
        coalesce(sum(m.attended), 0)::int, coalesce(sum(m.absent), 0)::int, coalesce(sum(m.excused), 0)::int,
        coalesce(sum(m.walk_ins), 0)::int, coalesce(sum(m.minutes), 0)::bigint
      from ${pairs}
      ${sessionsOfDay}
      left join lateral (
        select count(*) filter (where a.status in ${ATTENDED}) as attended,
               count(*) filter (where a.status = 'absent') as absent,
               count(*) filter (where a.status = 'excused') as excused,
               count(*) filter (where a.status in ${ATTENDED} and a.walk_in) as walk_ins,
               sum(case when a.status in ${ATTENDED} then greatest(0, round(extract(epoch from (
                 (case when a.status = 'left_early' and a.left_at is not null
                   then greatest(f.from_at, least(s.ends_at, a.left_at)) else s.ends_at end) - f.from_at)) / 60)) else 0 end) as minutes
        from attendance_records a
        cross join lateral (select case when a.status = 'late' and a.arrived_at is not null
          then least(s.ends_at, greatest(s.starts_at, a.arrived_at)) else s.starts_at end as from_at) f
        where a.session_id = s.id
      ) m on s.status = 'held'
      group by d.group_id, d.day, gr.organization_id, gr.program_id
      on conflict (group_id, day) do update set
        sessions_total = excluded.sessions_total, sessions_held = excluded.sessions_held, sessions_cancelled = excluded.sessions_cancelled,
        marks_attended = excluded.marks_attended, marks_absent = excluded.marks_absent, marks_excused = excluded.marks_excused,
        walk_ins = excluded.walk_ins, participant_minutes = excluded.participant_minutes`);

    // Starts: every (group, person) with a mark on a dirty day, or whose start was on one.
    const touched = (await tx.execute(sql`
      select distinct a.group_id, a.user_id from ${pairs} ${sessionsOfDay}
        join attendance_records a on a.session_id = s.id
      union
      select st.group_id, st.user_id from metrics_participant_starts st join ${pairs} on st.group_id = d.group_id and st.first_day = d.day`)) as unknown as {
      group_id: string;
      user_id: string;
    }[];
    if (touched.length > 0) {
      const people = sql`unnest(${pgArray(touched.map((t) => t.group_id))}::uuid[], ${pgArray(touched.map((t) => t.user_id))}::uuid[]) as t(group_id, user_id)`;
      await tx.execute(sql`delete from metrics_participant_starts st using ${people} where st.group_id = t.group_id and st.user_id = t.user_id`);
      await tx.execute(sql`
        insert into metrics_participant_starts (group_id, user_id, organization_id, program_id, first_session_id, first_starts_at, first_day)
        select distinct on (t.group_id, t.user_id) t.group_id, t.user_id, s.organization_id, g.program_id, s.id, s.starts_at,
          (s.starts_at at time zone o.timezone)::date
        from ${people}
        join attendance_records a on a.group_id = t.group_id and a.user_id = t.user_id
        join sessions s on s.id = a.session_id and s.status = 'held'
        join groups g on g.id = t.group_id
        join organizations o on o.id = s.organization_id
        order by t.group_id, t.user_id, s.starts_at, s.id
        on conflict (group_id, user_id) do update set first_session_id = excluded.first_session_id,
          first_starts_at = excluded.first_starts_at, first_day = excluded.first_day, program_id = excluded.program_id`);
    }
    return dirty.length;
  });
}

/** Drill-downs and exports list named people: each one is recorded in the audit trail. */
export async function auditMetricsRead(
  user: { id: string; organizationId: string },
  action: "metrics.rows_viewed" | "metrics.exported" | "evidence.exported",
  subject: string,
  details: Record<string, unknown>,
) {
  await recordAudit(db, {
    organizationId: user.organizationId,
    actorUserId: user.id,
    action,
    subjectType: "metrics",
    subjectId: subject,
    after: details,
  });
}
