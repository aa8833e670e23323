/**
 * The metrics benchmark's large history (40 groups × 3 sessions a week × 5 years × 36 marks ≈ 1.05 M
 * attendance rows, with enrolments, feedback, referrals, outcome measures and goals), generated
 * with INSERT … SELECT generate_series into one organisation, so the triggers run as in production.
 * Shared by metrics.bench.ts (a fresh "bench" organisation) and pages.bench.ts (loaded into the
 * demo organisation; only the generated groups' rows are touched). `prefix` keeps the generated ids and addresses apart from other rows
 * (md5(prefix || 'p' || i)); metrics.bench.ts uses "" so a kept METRICS_BENCH_DIR stays valid.
 */
import type { Sql } from "postgres";
import { performance } from "node:perf_hooks";

export const GROUPS = 40;
export const WEEKS = 261; // five years
export const PEOPLE_PER_GROUP = 100;

export async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t = performance.now();
  const value = await fn();
  console.log(`${label.padEnd(58)} ${(performance.now() - t).toFixed(0).padStart(8)} ms`);
  return value;
}

/** The Monday 257 weeks before `today`: five years ending a few weeks after today. */
export async function firstMondayFor(sql: Sql, today: string): Promise<string> {
  const [{ first_monday: firstMonday }] = await sql<{ first_monday: string }[]>`
    select (date_trunc('week', ${today}::date - interval '257 weeks'))::date::text as first_monday`;
  return firstMonday;
}

export async function generateHistory(
  pool: Sql,
  options: { orgId: string; zone: string; today: string; firstMonday: string; marksPerSession: number; prefix: string },
) {
  // One connection of its own without the app's statement timeout: a million-row INSERT … SELECT
  // may take longer than a page's query is allowed to on a busy machine.
  const sql = await pool.reserve();
  try {
    await sql`set statement_timeout = 0`;
    await generateOn(sql, options);
  } finally {
    await sql`reset statement_timeout`;
    sql.release();
  }
}

async function generateOn(
  sql: Sql,
  options: { orgId: string; zone: string; today: string; firstMonday: string; marksPerSession: number; prefix: string },
) {
  const { orgId, zone, today, firstMonday, prefix: p } = options;
  const MARKS_PER_SESSION = options.marksPerSession;
  await timed("people, programs, groups, enrolments", async () => {
    await sql`insert into users (id, email, name, timezone)
      select md5(${p}::text || 'p' || i)::uuid, ${p}::text || 'p' || i || '@bench.example', 'Participant ' || i, ${zone} from generate_series(0, ${GROUPS * PEOPLE_PER_GROUP - 1}) i`;
    await sql`insert into users (id, email, name, timezone)
      select md5(${p}::text || 'f' || i)::uuid, ${p}::text || 'f' || i || '@bench.example', 'Facilitator ' || i, ${zone} from generate_series(0, 19) i`;
    await sql`insert into users (id, email, name, timezone) values (md5(${p}::text || 'manager')::uuid, ${p}::text || 'manager@bench.example', 'Manager', ${zone})`;
    await sql`insert into memberships (user_id, organization_id, role)
      select md5(${p}::text || 'p' || i)::uuid, ${orgId}::uuid, 'participant'::role from generate_series(0, ${GROUPS * PEOPLE_PER_GROUP - 1}) i
      union all select md5(${p}::text || 'f' || i)::uuid, ${orgId}::uuid, 'facilitator'::role from generate_series(0, 19) i
      union all select md5(${p}::text || 'manager')::uuid, ${orgId}::uuid, 'manager'::role`;
    await sql`insert into programs (id, organization_id, name) select md5(${p}::text || 'prog' || i)::uuid, ${orgId}::uuid, 'Program ' || i from generate_series(0, 3) i`;
    await sql`insert into groups (id, organization_id, program_id, kind, name, timezone, capacity)
      select md5(${p}::text || 'g' || g)::uuid, ${orgId}::uuid, md5(${p}::text || 'prog' || (g % 4))::uuid, (array['class','workshop','peer_recovery_group','drop_in'])[1 + g % 4]::group_kind,
        'Group ' || g, ${zone}, 120 from generate_series(0, ${GROUPS - 1}) g`;
    await sql`insert into group_facilitators (group_id, user_id, organization_id)
      select md5(${p}::text || 'g' || g)::uuid, md5(${p}::text || 'f' || (g % 20))::uuid, ${orgId}::uuid from generate_series(0, ${GROUPS - 1}) g`;
    await sql`insert into enrolments (organization_id, group_id, user_id, status)
      select ${orgId}::uuid, md5(${p}::text || 'g' || (i / ${PEOPLE_PER_GROUP}))::uuid, md5(${p}::text || 'p' || i)::uuid,
        (case when i % 25 = 0 then 'waitlisted' else 'enrolled' end)::enrolment_status
      from generate_series(0, ${GROUPS * PEOPLE_PER_GROUP - 1}) i`;
    await sql`insert into enrolment_details (enrolment_id, organization_id, group_id, queued_at, promoted_at)
      select e.id, e.organization_id, e.group_id, now() - (random() * 1500 || ' days')::interval, null from enrolments e where e.organization_id = ${orgId}::uuid and e.group_id in (select md5(${p}::text || 'g' || g)::uuid from generate_series(0, ${GROUPS - 1}) g)`;
    await sql`update enrolment_details set promoted_at = queued_at + (random() * 30 || ' days')::interval
      where organization_id = ${orgId}::uuid and group_id in (select md5(${p}::text || 'g' || g)::uuid from generate_series(0, ${GROUPS - 1}) g) and promoted_at is null and random() < 0.8 and queued_at + interval '30 days' < now()`;
  });

  await timed(`sessions (${GROUPS} groups × 3 a week × ${WEEKS} weeks)`, () => sql`
    insert into sessions (id, organization_id, group_id, starts_at, ends_at, status)
    select md5(${p}::text || 's' || g || '-' || w || '-' || d)::uuid, ${orgId}::uuid, md5(${p}::text || 'g' || g)::uuid, t.starts_at, t.starts_at + interval '90 minutes',
      (case when abs(hashtext(g || '-' || w || '-' || d)) % 20 = 0 then 'cancelled' when t.starts_at < now() then 'held' else 'scheduled' end)::session_status
    from generate_series(0, ${GROUPS - 1}) g, generate_series(0, ${WEEKS - 1}) w, generate_series(0, 2) d,
      lateral (select ((${firstMonday}::date + w * 7 + d * 2)::timestamp + time '18:00' + (g % 4) * interval '1 hour') at time zone ${zone} as starts_at) t`);

  await timed(`attendance (${MARKS_PER_SESSION} marks per past session)`, () => sql`
    insert into attendance_records (organization_id, session_id, group_id, user_id, status, walk_in, source, arrived_at, left_at, created_at, updated_at)
    select ${orgId}::uuid, s.id, s.group_id, md5(${p}::text || 'p' || (g * ${PEOPLE_PER_GROUP} + ((w / 4 + k) % ${PEOPLE_PER_GROUP})))::uuid,
      (case when h < 70 then 'present' when h < 78 then 'late' when h < 82 then 'left_early' when h < 90 then 'excused' else 'absent' end)::attendance_status,
      h % 50 = 1, 'roster',
      case when h < 70 then s.starts_at when h < 78 then s.starts_at + interval '20 minutes' when h < 82 then s.starts_at else null end,
      case when h >= 78 and h < 82 then s.ends_at - interval '30 minutes' else null end,
      -- Marked during the session, as a roster is: the history was written over five years, not today.
      least(s.ends_at, now()), least(s.ends_at, now())
    from generate_series(0, ${GROUPS - 1}) g, generate_series(0, ${WEEKS - 1}) w, generate_series(0, 2) d,
      lateral (select s0.id, s0.group_id, s0.starts_at, s0.ends_at from sessions s0 where s0.id = md5(${p}::text || 's' || g || '-' || w || '-' || d)::uuid and s0.status = 'held') s,
      generate_series(0, ${MARKS_PER_SESSION - 1}) k,
      lateral (select abs(hashtext(g || '.' || w || '.' || d || '.' || k)) % 100 as h) r`);

  await timed("feedback receipts, referrals, outcome measures, goals", async () => {
    await sql`insert into feedback_receipts (organization_id, session_id, user_id)
      select a.organization_id, a.session_id, a.user_id from attendance_records a where a.organization_id = ${orgId}::uuid and a.group_id in (select md5(${p}::text || 'g' || g)::uuid from generate_series(0, ${GROUPS - 1}) g) and abs(hashtext(a.id::text)) % 5 = 0
      and a.status in ('present', 'late', 'left_early')`;
    await sql`insert into resources (id, organization_id, name) values (md5(${p}::text || 'res')::uuid, ${orgId}::uuid, 'Food bank')`;
    await sql`insert into referrals (organization_id, participant_id, resource_id, group_id, need_area, reason, referred_on, outcome)
      select ${orgId}::uuid, md5(${p}::text || 'p' || (i % ${GROUPS * PEOPLE_PER_GROUP}))::uuid, md5(${p}::text || 'res')::uuid, md5(${p}::text || 'g' || ((i % ${GROUPS * PEOPLE_PER_GROUP}) / ${PEOPLE_PER_GROUP}))::uuid,
        'housing', 'bench', ${today}::date - (i % 1800), (case when i % 3 = 0 then 'pending' else 'connected' end)::referral_outcome
      from generate_series(0, 19999) i`;
    await sql`insert into outcome_measures (organization_id, participant_id, program_id, domain, phase, score, measured_on)
      select ${orgId}::uuid, md5(${p}::text || 'p' || i)::uuid, md5(${p}::text || 'prog' || ((i / ${PEOPLE_PER_GROUP}) % 4))::uuid, d::metrics_outcome_domain, ph::metrics_outcome_phase,
        1 + abs(hashtext(i || d || ph)) % 5, ${today}::date - (abs(hashtext(i || 'day')) % 1500) + (case ph when 'intake' then 0 when 'interval' then 90 else 180 end)
      from generate_series(0, ${GROUPS * PEOPLE_PER_GROUP - 1}) i,
        unnest(array['functional_status','health_welfare_safety','permanency','quality_of_life','goal_achievement']) d, unnest(array['intake','interval','exit']) ph`;
    await sql`insert into participant_goals (organization_id, participant_id, program_id, title, target_date, status)
      select ${orgId}::uuid, md5(${p}::text || 'p' || i)::uuid, md5(${p}::text || 'prog' || ((i / ${PEOPLE_PER_GROUP}) % 4))::uuid, 'Goal ' || i, ${today}::date - (i % 1500) + 200,
        (case when i % 3 = 0 then 'achieved' else 'active' end)::metrics_goal_status from generate_series(0, ${GROUPS * PEOPLE_PER_GROUP - 1}) i`;
  });

}
