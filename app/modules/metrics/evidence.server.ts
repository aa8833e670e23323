import { groupRunsAt } from "~/modules/competency/queries.server";
import { sql, type SQL } from "drizzle-orm";
import { db } from "~/db/client.server";
import { dataVersion, derivedUntil } from "~/db/derived.server";
import { rows } from "~/db/rows.server";
import type { CurrentUser } from "~/modules/auth/policy";
import { addDays, formatFigure, last12Months, median, periodRange, ratio } from "./definitions";
import { refreshRollups } from "./mutations.server";
import { orgContext, todayIn } from "./queries.server";
import { combineEvidence, DIRECTORY_FIELD_LABELS, DIRECTORY_FIELDS, STANDARDS, summarise, type DirectoryField, type Gap, type StandardEvidence } from "./standards";
import { plural } from "~/modules/wording";
import { limitsFor } from "~/modules/competency/gate";

/** The single row of an aggregate query (the caller's type may admit `undefined` for none). */
async function one<T>(query: SQL): Promise<T> {
  return (await rows(query))[0] as T;
}

const MAX_ITEMS = 25;
/** A gap list, capped (the CSV and the linked pages have the rest). */
/**
 * A gap list: its first MAX_ITEMS entries, and how many more there are. `total` is the whole
 * list's length — a query that stops at MAX_ITEMS + 1 rows gives it as `listed_total`
 * (count(*) over (), counted before the limit), read by totalOf; without it a list of any length
 * over MAX_ITEMS read "…and 1 more".
 */
function gap(label: string, items: string[], total = items.length): Gap {
  const shown = items.slice(0, MAX_ITEMS);
  if (total > shown.length) shown.push(`…and ${total - shown.length} more`);
  return { label, items: shown };
}

/** 6.02: entries lacking fields, as English items (the CSV) and as data (the page). */
function directoryGap(incomplete: { name: string; missing: string }[], total: number): Gap {
  const known = DIRECTORY_FIELDS as readonly string[];
  const parsed = incomplete.map((r) => ({ name: r.name, missingFields: r.missing.split(",").filter((code): code is DirectoryField => known.includes(code)) }));
  const items = parsed.map((e) => `${e.name}: ${e.missingFields.map((code) => DIRECTORY_FIELD_LABELS[code]).join(", ")}`);
  return { ...gap("Entries missing 6.02 fields", items, total), entries: parsed.slice(0, MAX_ITEMS) };
}

const dayOf = (value: string | null) => (value ? value.slice(0, 10) : null);

/** The whole length of a list whose query stops at MAX_ITEMS + 1 rows (its `listed_total` column). */
const totalOf = (list: { listed_total: number }[]) => list[0]?.listed_total ?? 0;

type Evidence = { today: string; timezone: string; standards: StandardEvidence[]; people: string[] };

/**
 * Live evidence for every supported standard, stored in derived_results (issue 20) under the
 * organisation's data version and today's date: a view with nothing written since the last one,
 * and no instant passed that a figure counts from (evidenceValidUntil), reads the stored result;
 * any write to a table the evidence reads changes the version. Organisation-wide: nothing of the
 * viewer is in it (the caller still checks the role and records the read for the people named).
 */
export async function loadEvidence(user: CurrentUser, now: Date): Promise<Evidence> {
  const org = user.organizationId;
  // The version first: a write that commits while the evidence is computed changes the next view's version.
  const version = await dataVersion(db, org);
  const ctx = await orgContext(org);
  const today = todayIn(now, ctx.timezone);
  // `shape` 2: evidence stored before 2.06 read who led peer groups during the year is not served
  // again; 3: nor before 2.06 read who led a cohort of one.
  return derivedUntil(db, { organizationId: org, kind: "evidence", subject: "all" }, { version, today, timezone: ctx.timezone, shape: 3 }, now, async () => ({
    value: await computeEvidence(user, now),
    validUntil: await evidenceValidUntil(org, now),
  }));
}

/**
 * The first instant after `now` at which a figure of the evidence changes with no write: a session
 * starts or ends (held, upcoming, groups still running), a session's end is 24 or 72 hours old, a
 * start is 30 days old, an absence alert is a week old, a concern passes its response time. Dates
 * (today, the last 12 months) are in the stored result's key instead. Conservative: an instant
 * equal to `now` ends the stored result at once.
 */
export async function evidenceValidUntil(org: string, now: Date): Promise<Date | null> {
  const at = sql`${now.toISOString()}::timestamptz`;
  const sessionsOf = sql`from sessions where organization_id = ${org}`;
  const [row] = await rows<{ until_ms: number | null }>(sql`
    select extract(epoch from least(
      (select min(starts_at) ${sessionsOf} and starts_at >= ${at}),
      (select min(ends_at) ${sessionsOf} and ends_at >= ${at}),
      (select min(ends_at) + interval '24 hours' ${sessionsOf} and ends_at >= ${at} - interval '24 hours'),
      (select min(ends_at) + interval '72 hours' ${sessionsOf} and ends_at >= ${at} - interval '72 hours'),
      (select min(starts_at) + interval '720 hours' ${sessionsOf} and starts_at >= ${at} - interval '720 hours'),
      (select min(created_at) + interval '168 hours' from absence_alerts where organization_id = ${org} and created_at >= ${at} - interval '168 hours'),
      (select min(c.received_at + d.span) from concerns c
         cross join (select make_interval(hours => 24 * coalesce((select concern_response_days from voice_settings where organization_id = ${org}), 5)) as span) d
         where c.organization_id = ${org} and c.first_response_at is null and c.received_at >= ${at} - d.span)
    ))::float8 * 1000 as until_ms`);
  return row?.until_ms == null ? null : new Date(row.until_ms);
}

/**
 * Live evidence for every supported standard, from whatever the capabilities have recorded.
 * A standard whose capability has no tables (or no rows) says "no data recorded yet".
 */
export async function computeEvidence(user: CurrentUser, now: Date): Promise<Evidence> {
  const org = user.organizationId;
  // Everyone the gap lists name: the caller records the view or export in their disclosure history.
  const people = new Set<string>();
  const named = (list: { user_id: string }[]) => list.slice(0, MAX_ITEMS).forEach((r) => people.add(r.user_id));
  const ctx = await orgContext(org);
  const today = todayIn(now, ctx.timezone);
  // "The last 12 months" of every fact below: the 12 months ending today, as the dashboard's period.
  const { from: yearAgo, to: tomorrow } = last12Months(today);
  const year = periodRange({ from: yearAgo, to: tomorrow }, ctx.timezone);
  await refreshRollups(org);
  const present = new Set(
    (
      await rows<{ name: string }>(
        sql`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = current_schema() and c.relkind in ('r', 'p')`,
      )
    ).map((r) => r.name),
  );
  const has = (code: string) => STANDARDS.find((s) => s.code === code)!.sources.every((t) => present.has(t));
  const std = (code: string) => STANDARDS.find((s) => s.code === code)!;
  const ts = (column: string) => sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`);

  const tasks: Promise<StandardEvidence>[] = [];

  // 1.01 Logic model
  tasks.push(
    (async () => {
      if (!has("1.01")) return summarise(std("1.01"), { available: false, recorded: 0, facts: [], gaps: [], lastActivity: null });
      const f = await one<{ programs: number; models: number; lines: number; bound: number; last: string | null }>(sql`
        select (select count(*)::int from programs where organization_id = ${org}) as programs,
          (select count(*)::int from logic_models where organization_id = ${org} and (needs <> '' or inputs <> '' or activities <> '' or impact <> '')) as models,
          (select count(*)::int from logic_model_lines where organization_id = ${org}) as lines,
          (select count(*)::int from logic_model_lines where organization_id = ${org} and metric_key is not null) as bound,
          (select ${ts("max(updated_at)")} from logic_models where organization_id = ${org}) as last`);
      const missing = await rows<{ id: string; name: string }>(sql`
        select p.id, p.name from programs p where p.organization_id = ${org}
          and not exists (select 1 from logic_models m where m.program_id = p.id and (m.needs <> '' or m.activities <> ''))
          and not exists (select 1 from logic_model_lines l where l.program_id = p.id) order by p.name`);
      return summarise(std("1.01"), {
        available: true,
        recorded: f.models + f.lines,
        facts: [
          { label: "Programs with a logic model", value: `${f.programs - missing.length} of ${f.programs}`, of: { part: f.programs - missing.length, total: f.programs } },
          { label: "Output and outcome lines", value: f.lines },
          { label: "Lines bound to a live metric (target against actual)", value: f.bound },
        ],
        gaps: [gap("Programs without a logic model", missing.map((m) => m.name))],
        lastActivity: f.last,
        links: (await rows<{ id: string; name: string }>(sql`select id, name from programs where organization_id = ${org} order by name`)).map((p) => ({
          label: `Logic model: ${p.name}`,
          href: `/programs/${p.id}/logic-model`,
        })),
      });
    })(),
  );

  // 1.02 Outcomes
  tasks.push(
    (async () => {
      if (!has("1.02")) return summarise(std("1.02"), { available: false, recorded: 0, facts: [], gaps: [], lastActivity: null });
      const f = await one<{ measures: number; people: number; followed: number; goals: number; goal_people: number; own_measures: number; own_scores: number; last: string | null }>(sql`
        select count(*)::int as measures, count(distinct participant_id)::int as people,
          count(distinct participant_id) filter (where phase <> 'intake')::int as followed,
          (select count(*)::int from participant_goals where organization_id = ${org}) as goals,
          (select count(distinct participant_id)::int from participant_goals where organization_id = ${org}) as goal_people,
          (select count(*)::int from custom_outcome_measures where organization_id = ${org} and retired_at is null) as own_measures,
          count(*) filter (where custom_measure_id is not null)::int as own_scores,
          max(measured_on)::text as last
        from outcome_measures where organization_id = ${org}`);
      const stale = await rows<{ user_id: string; name: string; since: string; listed_total: number }>(sql`
        select u.id as user_id, u.name, min(m.measured_on)::text as since, count(*) over ()::int as listed_total from outcome_measures m join users u on u.id = m.participant_id
        where m.organization_id = ${org} and m.phase = 'intake' and m.measured_on <= ${addDays(today, -90)}::date
          and not exists (select 1 from outcome_measures l where l.participant_id = m.participant_id and l.program_id = m.program_id
                          and l.domain = m.domain and l.custom_measure_id is not distinct from m.custom_measure_id
                          and l.phase <> 'intake' and l.measured_on >= m.measured_on)
        group by u.id, u.name order by 3 limit ${MAX_ITEMS + 1}`);
      named(stale);
      return summarise(std("1.02"), {
        available: true,
        recorded: f.measures + f.goals,
        facts: [
          { label: "Outcome measures recorded", value: f.measures },
          { label: "People measured", value: f.people },
          { label: "People measured again after intake", value: f.followed },
          { label: "Individual goals", value: `${f.goals} (for ${plural(f.goal_people, "person", "people")})` },
          { label: "Other outcomes: the organisation's own measures in use", value: `${f.own_measures} (${plural(f.own_scores, "score", "scores")} recorded)` },
        ],
        gaps: [gap("Measured at intake over 90 days ago and not since", stale.map((s) => `${s.name} (intake ${s.since})`), totalOf(stale))],
        lastActivity: f.last,
        links: [
          { label: "Outcomes by program", href: "/outcomes" },
          { label: "The organisation's own outcome measures", href: "/outcome-measures" },
          { label: "Service-plan objectives met in a period", href: "/metrics/plans" },
        ],
      });
    })(),
  );

  // 2.03, 2.04, 2.06, 2.07 Competency records
  for (const code of ["2.03", "2.04", "2.06", "2.07"] as const) {
    tasks.push(
      (async () => {
        if (!has(code)) return summarise(std(code), { available: false, recorded: 0, facts: [], gaps: [], lastActivity: null });
        const pattern = `%${code}%`;
        const current = sql`r.status in ('demonstrated', 'verified') and (r.expires_on is null or r.expires_on > ${today}::date)`;
        const expired = sql`(r.status = 'expired' or (r.expires_on is not null and r.expires_on <= ${today}::date))`;
        const f = await one<{ items: number; records: number; current: number; expired: number; last: string | null }>(sql`
          select (select count(*)::int from competency_items i where i.organization_id = ${org} and i.standard ilike ${pattern} and i.archived_at is null) as items,
            count(r.id)::int as records, count(r.id) filter (where ${current})::int as current, count(r.id) filter (where ${expired})::int as expired,
            ${ts("max(r.updated_at)")} as last
          from competency_records r join competency_items i on i.id = r.item_id
          where r.organization_id = ${org} and i.standard ilike ${pattern}`);
        const expiredList = await rows<{ user_id: string; name: string; item: string; expires_on: string | null; listed_total: number }>(sql`
          select u.id as user_id, u.name, i.name as item, r.expires_on::text as expires_on, count(*) over ()::int as listed_total from competency_records r
          join competency_items i on i.id = r.item_id join users u on u.id = r.user_id
          join memberships ms on ms.user_id = r.user_id and ms.organization_id = r.organization_id and ms.role = 'facilitator'
          where r.organization_id = ${org} and i.standard ilike ${pattern} and ${expired}
          order by u.name, i.name limit ${MAX_ITEMS + 1}`);
        named(expiredList);
        const gaps: Gap[] = [
          gap(
            `Facilitators with expired ${code} records`,
            expiredList.map((e) => `${e.name} — ${e.item}${e.expires_on ? ` (expired ${e.expires_on})` : ""}`),
            totalOf(expiredList),
          ),
        ];
        const facts = [
          { label: `Framework items for ${code}`, value: f.items },
          { label: "Records", value: f.records },
          { label: "Current", value: f.current },
          { label: "Expired", value: f.expired },
        ];
        let last = f.last;
        if (code === "2.06") {
          // The supervision log: sessions with peer workers in the last 12 months.
          const v = await one<{ sessions: number; mentoring: number; workers: number; minutes: number; last: string | null }>(sql`
            select count(*) filter (where not mentoring)::int as sessions, count(*) filter (where mentoring)::int as mentoring,
              count(distinct peer_worker_id)::int as workers, coalesce(sum(minutes), 0)::int as minutes, ${ts("max(created_at)")} as last
            from competency_supervision_entries where organization_id = ${org} and held_on >= ${yearAgo}::date`);
          facts.push(
            { label: "Supervision sessions in the last 12 months", value: v.sessions },
            { label: "Mentoring sessions in the last 12 months", value: v.mentoring },
            { label: "Peer workers supervised or mentored", value: v.workers },
            { label: "Minutes of supervision and mentoring", value: v.minutes },
          );
          if (v.last && (!last || v.last > last)) last = v.last;
          // Everyone who led a peer recovery group at some time in the 12 months (group_facilitator_periods),
          // not only today's facilitators: someone moved to another group last month still went unsupervised.
          // And everyone who led a cohort of one (a series assigned to them, groups.sessionLedBy) with a
          // session not cancelled that started in those months, though not one of the group's facilitators.
          const unsupervised = await rows<{ user_id: string; name: string; listed_total: number }>(sql`
            select d.user_id, d.name, count(*) over ()::int as listed_total from (
              select distinct u.id as user_id, u.name from (
                select gf.user_id from group_facilitator_periods gf join groups g on g.id = gf.group_id
                where gf.organization_id = ${org} and g.kind = 'peer_recovery_group'
                  and (gf.ended_at is null or gf.ended_at > ${year.start.toISOString()}::timestamptz)
                union
                select sa.user_id from series_assignments sa join series se on se.id = sa.series_id join groups g on g.id = se.group_id
                where sa.organization_id = ${org} and sa.role = 'facilitator' and g.kind = 'peer_recovery_group'
                  and exists (select 1 from sessions s where s.series_id = sa.series_id and s.status <> 'cancelled'
                              and s.starts_at >= ${year.start.toISOString()}::timestamptz and s.starts_at <= ${now.toISOString()}::timestamptz)
              ) led join users u on u.id = led.user_id
              where not exists (select 1 from competency_supervision_entries e where e.organization_id = ${org} and e.peer_worker_id = led.user_id
                                and e.held_on >= ${yearAgo}::date)) d
            order by d.name limit ${MAX_ITEMS + 1}`);
          named(unsupervised);
          gaps.push(gap("Peer group facilitators with no supervision recorded in the last 12 months", unsupervised.map((u) => u.name), totalOf(unsupervised)));
        }
        if (code === "2.04") {
          const o = await one<{ n: number; last: string | null }>(sql`
            select count(*)::int as n, ${ts("max(created_at)")} as last from competency_observations where organization_id = ${org}`);
          facts.push({ label: "Session observations", value: o.n });
          if (o.last && (!last || o.last > last)) last = o.last;
        }
        if (code !== "2.03") {
          // Every item of the element required of what they lead (group kind) or their role, as the assignment
          // gate reads it: a facilitator holding some records but missing a required one (say, one of the five
          // 2.07 topics) is a gap too.
          const missing = await rows<{ user_id: string; name: string; items: string[]; listed_total: number }>(sql`
            select u.id as user_id, u.name, array_agg(distinct i.name order by i.name) as items, count(*) over ()::int as listed_total
            from group_facilitators gf join groups g on g.id = gf.group_id join users u on u.id = gf.user_id
            join memberships ms on ms.user_id = gf.user_id and ms.organization_id = gf.organization_id and ms.role = 'facilitator'
            join competency_items i on i.organization_id = gf.organization_id and i.archived_at is null and i.standard ilike ${pattern}
              and (g.kind::text = any(i.required_for_group_kinds) or ms.role::text = any(i.required_for_roles))
            where gf.organization_id = ${org}
              and not exists (select 1 from competency_records r where r.item_id = i.id and r.user_id = gf.user_id and r.organization_id = ${org}
                              and r.status = 'verified' and (r.expires_on is null or r.expires_on > ${today}::date))
            group by u.id, u.name order by u.name limit ${MAX_ITEMS + 1}`);
          named(missing);
          gaps.push(gap(`Facilitators leading groups without a current, verified record of every required ${code} item`, missing.map((m) => `${m.name} — ${m.items.join(", ")}`), totalOf(missing)));
        }
        return summarise(std(code), { available: true, recorded: f.records, facts, gaps, lastActivity: last });
      })(),
    );
  }

  // 2.08 Caseloads
  tasks.push(
    (async () => {
      if (!has("2.08")) return summarise(std("2.08"), { available: false, recorded: 0, facts: [], gaps: [], lastActivity: null });
      const s = await one<{ max_groups: number | null; max_people: number | null; weight: number | null; overrides: number; last: string | null } | undefined>(sql`
        select cs.max_groups_per_facilitator as max_groups, cs.max_participants_per_facilitator as max_people, cs.urgent_participant_weight as weight,
          (select count(*)::int from competency_overrides o where o.organization_id = ${org} and o.rule = 'caseload') as overrides,
          (select ${ts("max(o.created_at)")} from competency_overrides o where o.organization_id = ${org}) as last
        from (select 1) x left join competency_settings cs on cs.organization_id = ${org}`);
      const loads = await rows<{ user_id: string; name: string; role: string; groups: number; people: number; urgent: number; held: string[] }>(sql`
        select gf.user_id, u.name, coalesce(min(ms.role::text), '') as role, count(distinct gf.group_id)::int as groups,
          (select count(distinct e.user_id)::int from enrolments e join group_facilitators g2 on g2.group_id = e.group_id
           where g2.user_id = gf.user_id and e.status = 'enrolled' and e.organization_id = ${org} and ${groupRunsAt(sql`g2.group_id`, now)}) as people,
          (select count(distinct e.user_id)::int from enrolments e join group_facilitators g2 on g2.group_id = e.group_id
           join enrolment_details d on d.enrolment_id = e.id and d.urgent
           where g2.user_id = gf.user_id and e.status = 'enrolled' and e.organization_id = ${org} and ${groupRunsAt(sql`g2.group_id`, now)}) as urgent,
          array(select r.item_id::text from competency_records r where r.user_id = gf.user_id and r.organization_id = ${org}
                and r.status = 'verified' and (r.expires_on is null or r.expires_on > ${today}::date)) as held
        from group_facilitators gf join users u on u.id = gf.user_id
        left join memberships ms on ms.user_id = gf.user_id and ms.organization_id = gf.organization_id
        where gf.organization_id = ${org} and ${groupRunsAt(sql`gf.group_id`, now)}
        group by gf.user_id, u.name order by u.name`);
      const rules = (
        await rows<{ role: string | null; item_id: string | null; item_name: string | null; max_groups: number | null; max_people: number | null }>(sql`
          select l.role, l.item_id::text as item_id, i.name as item_name, l.max_groups, l.max_participants as max_people
          from competency_caseload_limits l left join competency_items i on i.id = l.item_id where l.organization_id = ${org}`)
      ).map((r) => ({ role: r.role, itemId: r.item_id, itemName: r.item_name ?? undefined, maxGroups: r.max_groups, maxParticipants: r.max_people }));
      const weight = s?.weight ?? 1;
      const organisationLimits = { maxGroups: s?.max_groups ?? null, maxParticipants: s?.max_people ?? null };
      // As the assignment check reads it: the person's qualification, else role, else organisation limits; urgent intakes weighted.
      const over = loads
        .map((l) => ({
          ...l,
          load: l.people + l.urgent * (weight - 1),
          limits: limitsFor({ role: l.role, heldItemIds: l.held }, rules, organisationLimits),
        }))
        .filter((l) => (l.limits.maxGroups !== null && l.groups > l.limits.maxGroups) || (l.limits.maxParticipants !== null && l.load > l.limits.maxParticipants));
      named(over);
      const limits = s?.max_groups != null || s?.max_people != null || rules.length > 0;
      return summarise(std("2.08"), {
        available: true,
        recorded: limits ? 1 + loads.length : 0,
        facts: [
          { label: "Limit: groups per facilitator", value: s?.max_groups ?? "not set" },
          { label: "Limit: participants per facilitator", value: s?.max_people ?? "not set" },
          { label: "Limits by role or qualification", value: rules.length },
          { label: "An urgent intake counts as", value: plural(weight, "participant") },
          { label: "Largest caseload", value: loads.length ? plural(Math.max(...loads.map((l) => l.people)), "participant") : "—" },
          { label: "Caseload overrides with a written reason", value: s?.overrides ?? 0 },
        ],
        gaps: [
          gap(
            "Facilitators over a caseload limit",
            over.map((o) => `${o.name}: ${plural(o.groups, "group")}, ${plural(o.people, "participant")}${weight > 1 && o.urgent ? ` (${o.urgent} urgent; load ${o.load})` : ""}`),
          ),
        ],
        lastActivity: s?.last ?? null,
      });
    })(),
  );

  // 3.01 Access, 3.02 Screening
  tasks.push(
    (async () => {
      if (!has("3.01")) return summarise(std("3.01"), { available: false, recorded: 0, facts: [], gaps: [], lastActivity: null });
      const f = await one<{ intakes: number; details: number; waiting: number; last: string | null }>(sql`
        select (select count(*)::int from intakes where organization_id = ${org}) as intakes,
          (select count(*)::int from enrolment_details where organization_id = ${org}) as details,
          (select count(*)::int from enrolments where organization_id = ${org} and status = 'waitlisted') as waiting,
          (select ${ts("max(created_at)")} from intakes where organization_id = ${org}) as last`);
      const waits = await rows<{ days: number }>(sql`
        select extract(epoch from (promoted_at - queued_at))::float8 / 86400 as days from enrolment_details
        where organization_id = ${org} and promoted_at >= ${year.start.toISOString()}::timestamptz and promoted_at < ${year.end.toISOString()}::timestamptz`);
      return summarise(std("3.01"), {
        available: true,
        recorded: f.intakes + f.details,
        facts: [
          { label: "Registrations with an intake", value: f.intakes },
          { label: "On a waitlist now", value: f.waiting },
          { label: "Seated from a waitlist in the last 12 months", value: waits.length },
          { label: "Median days to a seat (last 12 months)", value: formatFigure(median(waits.map((w) => Math.max(0, w.days))), "days") },
        ],
        gaps: [],
        lastActivity: f.last,
      });
    })(),
  );
  tasks.push(
    (async () => {
      if (!has("3.02")) return summarise(std("3.02"), { available: false, recorded: 0, facts: [], gaps: [], lastActivity: null });
      const f = await one<{ intakes: number; with_needs: number; urgent: number; last: string | null }>(sql`
        select count(*)::int as intakes, count(*) filter (where cardinality(need_areas) > 0)::int as with_needs,
          count(*) filter (where urgent or crisis)::int as urgent, ${ts("max(created_at)")} as last
        from intakes where organization_id = ${org}`);
      const unreviewed = await rows<{ user_id: string; name: string; group_name: string; at: string; listed_total: number }>(sql`
        select u.id as user_id, u.name, g.name as group_name, ${ts("i.created_at")} as at, count(*) over ()::int as listed_total from intakes i join users u on u.id = i.user_id join groups g on g.id = i.group_id
        where i.organization_id = ${org} and i.reviewed_at is null order by i.created_at limit ${MAX_ITEMS + 1}`);
      named(unreviewed);
      return summarise(std("3.02"), {
        available: true,
        recorded: f.intakes,
        facts: [
          { label: "Intakes screened", value: f.intakes },
          { label: "Intakes naming needs", value: f.with_needs },
          { label: "Flagged urgent or crisis", value: f.urgent },
        ],
        gaps: [gap("Intakes not yet reviewed by staff", unreviewed.map((r) => `${r.name} — ${r.group_name} (${dayOf(r.at)})`), totalOf(unreviewed))],
        lastActivity: f.last,
      });
    })(),
  );

  // 3.03 Referral and its follow-up, 6.02 Directory, 6.03 Crisis handling
  tasks.push(
    (async () => {
      if (!has("3.03")) return summarise(std("3.03"), { available: false, recorded: 0, facts: [], gaps: [], lastActivity: null });
      const f = await one<{ total: number; year: number; people: number; needs: number; last: string | null }>(sql`
        select count(*)::int as total, count(*) filter (where referred_on >= ${yearAgo}::date and referred_on < ${tomorrow}::date)::int as year,
          count(distinct participant_id)::int as people, count(distinct need_area)::int as needs, max(referred_on)::text as last
        from referrals where organization_id = ${org}`);
      return summarise(std("3.03"), {
        available: true,
        recorded: f.total,
        facts: [
          { label: "Referrals made (all time)", value: f.total },
          { label: "Referrals in the last 12 months", value: f.year },
          { label: "People referred", value: f.people },
          { label: "Need areas referred for", value: f.needs },
        ],
        gaps: [],
        lastActivity: f.last,
      });
    })(),
  );
  tasks.push(
    (async () => {
      if (!has("6.02")) return summarise(std("6.02"), { available: false, recorded: 0, facts: [], gaps: [], lastActivity: null });
      // The 6.02 fields an entry must carry: contact person, phone, location, services, eligibility, languages and fees.
      // Codes (DIRECTORY_FIELDS, in that order): the page names them in the reader's language.
      const missing = sql`concat_ws(',', case when contact_person = '' then 'contact_person' end, case when phone = '' then 'phone' end,
          case when services = '' then 'services' end, case when eligibility = '' then 'eligibility' end, case when languages = '' then 'languages' end,
          case when fees = '' then 'fees' end, case when location = '' then 'location' end)`;
      const f = await one<{ n: number; incomplete: number; last: string | null }>(sql`
        select count(*)::int as n, (count(*) filter (where ${missing} <> ''))::int as incomplete, ${ts("max(updated_at)")} as last
        from resources where organization_id = ${org}`);
      const incomplete = await rows<{ name: string; missing: string }>(sql`
        select name, ${missing} as missing from resources where organization_id = ${org} and ${missing} <> ''
        order by name limit ${MAX_ITEMS + 1}`);
      return summarise(std("6.02"), {
        available: true,
        recorded: f.n,
        facts: [
          { label: "Directory entries", value: f.n },
          { label: "Entries with every 6.02 field", value: f.n - f.incomplete },
        ],
        gaps: [directoryGap(incomplete, f.incomplete)],
        lastActivity: f.last,
      });
    })(),
  );
  tasks.push(
    (async () => {
      if (!has("3.03")) return summarise(std("3.03"), { available: false, recorded: 0, facts: [], gaps: [], lastActivity: null });
      const f = await one<{ n: number; followed: number; connected: number; last: string | null }>(sql`
        select count(*)::int as n, count(*) filter (where outcome <> 'pending')::int as followed,
          count(*) filter (where outcome = 'connected')::int as connected, ${ts("max(updated_at) filter (where outcome <> 'pending')")} as last
        from referrals where organization_id = ${org}`);
      const overdue = await rows<{ user_id: string; name: string; resource: string; due: string; listed_total: number }>(sql`
        select u.id as user_id, u.name, r2.name as resource, r.follow_up_on::text as due, count(*) over ()::int as listed_total from referrals r join users u on u.id = r.participant_id join resources r2 on r2.id = r.resource_id
        where r.organization_id = ${org} and r.outcome = 'pending' and r.follow_up_on < ${today}::date order by r.follow_up_on limit ${MAX_ITEMS + 1}`);
      named(overdue);
      return summarise(std("3.03"), {
        available: true,
        recorded: f.n,
        facts: [
          { label: "Referrals followed up", value: `${f.followed} of ${f.n} (${formatFigure(ratio(f.followed, f.n), "percent")})` },
          { label: "Connected to the service", value: f.connected },
        ],
        gaps: [gap("Follow-ups overdue", overdue.map((o) => `${o.name} — ${o.resource} (due ${o.due})`), totalOf(overdue))],
        lastActivity: f.last,
      });
    })(),
  );

  // 6.03 Crisis handling
  tasks.push(
    (async () => {
      if (!has("6.03")) return summarise(std("6.03"), { available: false, recorded: 0, facts: [], gaps: [], lastActivity: null });
      const f = await one<{ crisis: number; reviewed: number; text: boolean; last: string | null }>(sql`
        select count(*) filter (where crisis)::int as crisis, count(*) filter (where crisis and reviewed_at is not null)::int as reviewed,
          (select crisis_text <> '' from organizations where id = ${org}) as text, ${ts("max(created_at) filter (where crisis)")} as last
        from intakes where organization_id = ${org}`);
      const waiting = await rows<{ user_id: string; name: string; group_name: string; at: string; listed_total: number }>(sql`
        select u.id as user_id, u.name, g.name as group_name, ${ts("i.created_at")} as at, count(*) over ()::int as listed_total from intakes i join users u on u.id = i.user_id join groups g on g.id = i.group_id
        where i.organization_id = ${org} and i.crisis and i.reviewed_at is null order by i.created_at limit ${MAX_ITEMS + 1}`);
      named(waiting);
      return summarise(std("6.03"), {
        available: true,
        recorded: f.crisis + (f.text ? 1 : 0),
        facts: [
          { label: "Crisis page text in place", value: f.text ? "yes" : "no" },
          { label: "Crisis answers at intake (alerted at once)", value: f.crisis },
          { label: "Reviewed by staff", value: f.reviewed },
        ],
        gaps: [
          gap("The organisation's crisis page has no crisis text", f.text ? [] : ["Add it under Organisation details"]),
          gap("Crisis answers at intake not yet reviewed by staff", waiting.map((w) => `${w.name} — ${w.group_name} (${dayOf(w.at)})`), totalOf(waiting)),
        ],
        lastActivity: f.last,
        links: [
          { label: "Intake queue", href: "/intake" },
          { label: "Incident log", href: "/incidents" },
          { label: "Service records report", href: "/metrics/records#incidents" },
        ],
      });
    })(),
  );

  // 3.04 Individual plans
  tasks.push(
    (async () => {
      if (!has("3.04")) return summarise(std("3.04"), { available: false, recorded: 0, facts: [], gaps: [], lastActivity: null });
      const f = await one<{ goals: number; active: number; people: number; with_objectives: number; last: string | null }>(sql`
        select count(*)::int as goals, count(*) filter (where status = 'active')::int as active, count(distinct participant_id)::int as people,
          count(*) filter (where exists (select 1 from goal_objectives o where o.goal_id = g.id))::int as with_objectives,
          ${ts("max(updated_at)")} as last
        from participant_goals g where organization_id = ${org}`);
      const bare = await rows<{ user_id: string; name: string; title: string; listed_total: number }>(sql`
        select u.id as user_id, u.name, g.title, count(*) over ()::int as listed_total from participant_goals g join users u on u.id = g.participant_id
        where g.organization_id = ${org} and g.status = 'active' and not exists (select 1 from goal_objectives o where o.goal_id = g.id)
        order by u.name limit ${MAX_ITEMS + 1}`);
      named(bare);
      return summarise(std("3.04"), {
        available: true,
        recorded: f.goals,
        facts: [
          { label: "People with goals", value: f.people },
          { label: "Goals (active)", value: `${f.goals} (${f.active})` },
          { label: "Goals with measurable objectives", value: f.with_objectives },
        ],
        gaps: [gap("Active goals without objectives", bare.map((b) => `${b.name}: ${b.title}`), totalOf(bare))],
        lastActivity: f.last,
        links: [
          { label: "Participants' plans", href: "/outcomes#plans" },
          { label: "Service plans due for review, objectives met", href: "/metrics/plans" },
        ],
      });
    })(),
  );

  // 5.03 Group sessions documented (service records)
  tasks.push(
    (async () => {
      if (!has("5.03")) return summarise(std("5.03"), { available: false, recorded: 0, facts: [], gaps: [], lastActivity: null });
      const f = await one<{ held: number; signed: number; progress: number; last: string | null }>(sql`
        select count(*)::int as held, count(*) filter (where n.signed_at is not null)::int as signed,
          (select count(*)::int from progress_notes p where p.organization_id = ${org} and p.signed_at is not null and p.created_at >= ${year.start.toISOString()}::timestamptz) as progress,
          ${ts("max(n.signed_at)")} as last
        from sessions s left join group_notes n on n.session_id = s.id
        where s.organization_id = ${org} and s.status <> 'cancelled' and s.ends_at >= ${year.start.toISOString()}::timestamptz and s.ends_at < ${now.toISOString()}::timestamptz
          and exists (select 1 from attendance_records a where a.session_id = s.id and a.status in ('present', 'late', 'left_early'))`);
      const overdue = await rows<{ name: string; at: string; listed_total: number }>(sql`
        select g.name, ${ts("s.starts_at")} as at, count(*) over ()::int as listed_total from sessions s join groups g on g.id = s.group_id left join group_notes n on n.session_id = s.id
        where s.organization_id = ${org} and s.status <> 'cancelled' and (n.id is null or n.signed_at is null)
          and s.ends_at >= ${year.start.toISOString()}::timestamptz and s.ends_at <= ${new Date(now.getTime() - 72 * 3_600_000).toISOString()}::timestamptz
          and exists (select 1 from attendance_records a where a.session_id = s.id and a.status in ('present', 'late', 'left_early'))
        order by s.starts_at limit ${MAX_ITEMS + 1}`);
      return summarise(std("5.03"), {
        available: true,
        recorded: f.signed + f.progress,
        facts: [
          { label: "Sessions held with attendance, last 12 months", value: f.held },
          { label: "With a signed group note", value: `${f.signed} of ${f.held} (${formatFigure(ratio(f.signed, f.held), "percent")})` },
          { label: "Signed progress notes", value: f.progress },
        ],
        gaps: [gap("Group notes missing or unsigned 72 hours after the session", overdue.map((o) => `${o.name} (${dayOf(o.at)})`), totalOf(overdue))],
        lastActivity: f.last,
        links: [
          { label: "Service records report", href: "/metrics/records" },
          { label: "One-to-one contacts", href: "/metrics/records#contacts" },
        ],
      });
    })(),
  );

  // 5.02 Scheduling around participants' availability
  tasks.push(
    (async () => {
      if (!has("5.02")) return summarise(std("5.02"), { available: false, recorded: 0, facts: [], gaps: [], lastActivity: null });
      const f = await one<{ people: number; rounds: number; published: number; last: string | null }>(sql`
        select (select count(distinct user_id)::int from availability_windows where organization_id = ${org}) as people,
          (select count(*)::int from scheduling_rounds where organization_id = ${org}) as rounds,
          (select count(*)::int from scheduling_rounds where organization_id = ${org} and published_at is not null) as published,
          (select ${ts("max(created_at)")} from availability_windows where organization_id = ${org}) as last`);
      const blind = await rows<{ name: string; listed_total: number }>(sql`
        select g.name, count(*) over ()::int as listed_total from groups g where g.organization_id = ${org}
          and exists (select 1 from sessions s where s.group_id = g.id and s.status = 'scheduled' and s.starts_at >= ${now.toISOString()}::timestamptz)
          and not exists (select 1 from enrolments e join availability_windows w on w.user_id = e.user_id and w.organization_id = ${org}
                          where e.group_id = g.id and e.status = 'enrolled')
          and not exists (select 1 from scheduling_rounds r join round_invitees i on i.round_id = r.id
                          where r.group_id = g.id and i.responded_at is not null)
        order by g.name limit ${MAX_ITEMS + 1}`);
      return summarise(std("5.02"), {
        available: true,
        recorded: f.people + f.rounds,
        facts: [
          { label: "People who gave their availability", value: f.people },
          { label: "Scheduling rounds (published)", value: `${f.rounds} (${f.published})` },
        ],
        gaps: [gap("Groups scheduled without participant availability input", blind.map((b) => b.name), totalOf(blind))],
        lastActivity: f.last,
      });
    })(),
  );

  // 5.01 Sessions delivered, attendance followed up
  tasks.push(
    (async () => {
      if (!has("5.01")) return summarise(std("5.01"), { available: false, recorded: 0, facts: [], gaps: [], lastActivity: null });
      const f = await one<{ total: number; held: number; cancelled: number; marks: number }>(sql`
        select coalesce(sum(sessions_total), 0)::int as total, coalesce(sum(sessions_held), 0)::int as held,
          coalesce(sum(sessions_cancelled), 0)::int as cancelled, coalesce(sum(marks_attended + marks_absent + marks_excused), 0)::int as marks
        from metrics_group_days where organization_id = ${org} and day >= ${yearAgo}::date and day <= ${today}::date`);
      const last = await one<{ last: string | null }>(sql`
        select ${ts("max(starts_at)")} as last from sessions where organization_id = ${org} and status = 'held' and starts_at <= ${now.toISOString()}::timestamptz`);
      // An apology sent in advance is not attendance taken (as sessionsMissingAttendance).
      const unmarked = await rows<{ name: string; at: string; listed_total: number }>(sql`
        select g.name, to_char(s.starts_at at time zone ${ctx.timezone}, 'YYYY-MM-DD HH24:MI') as at, count(*) over ()::int as listed_total from sessions s join groups g on g.id = s.group_id
        where s.organization_id = ${org} and s.status = 'held' and s.starts_at >= ${addDaysIso(now, -30)}::timestamptz and s.starts_at < ${now.toISOString()}::timestamptz
          and not exists (select 1 from attendance_records a where a.session_id = s.id and a.source <> 'apology')
        order by s.starts_at limit ${MAX_ITEMS + 1}`);
      const unrecorded = await one<{ n: number }>(sql`
        select count(*)::int as n from sessions where organization_id = ${org} and status = 'scheduled'
          and ends_at < ${addDaysIso(now, -1)}::timestamptz and starts_at >= ${addDaysIso(now, -30)}::timestamptz`);
      return summarise(std("5.01"), {
        available: true,
        recorded: f.total,
        facts: [
          { label: "Sessions in the last 12 months", value: f.total },
          { label: "Held", value: f.held },
          { label: "Cancelled", value: f.cancelled },
          { label: "Attendance marks recorded", value: f.marks },
        ],
        gaps: [
          gap(`Held sessions in the last 30 days without attendance (${ctx.timezone})`, unmarked.map((u) => `${u.name}, ${u.at}`), totalOf(unmarked)),
          gap("Past sessions in the last 30 days not recorded as held or cancelled", unrecorded.n ? [plural(unrecorded.n, "session")] : []),
        ],
        lastActivity: last.last,
        links: [{ label: "Sessions held, by month", href: `/metrics?period=last-12-months&by=month` }],
      });
    })(),
  );
  tasks.push(
    (async () => {
      if (!has("5.01")) return summarise(std("5.01"), { available: false, recorded: 0, facts: [], gaps: [], lastActivity: null });
      const f = await one<{ attended: number; absent: number; walk_ins: number }>(sql`
        select coalesce(sum(marks_attended), 0)::int as attended, coalesce(sum(marks_absent), 0)::int as absent, coalesce(sum(walk_ins), 0)::int as walk_ins
        from metrics_group_days where organization_id = ${org} and day >= ${yearAgo}::date and day <= ${today}::date`);
      // Open = not dismissed and about someone still enrolled in the group: the attendance page lists
      // (and lets staff dismiss) only those, so an alert of someone who left is no one's to-do.
      const stillEnrolled = sql.raw(`exists (select 1 from enrolments e where e.group_id = a.group_id and e.user_id = a.user_id and e.status = 'enrolled')`);
      const alerts = await one<{ total: number; open: number; last: string | null }>(sql`
        select count(*)::int as total, count(*) filter (where a.dismissed_at is null and ${stillEnrolled})::int as open, ${ts("max(a.created_at)")} as last
        from absence_alerts a where a.organization_id = ${org}`);
      const open = await rows<{ user_id: string; name: string; group_name: string; absences: number; listed_total: number }>(sql`
        select u.id as user_id, u.name, g.name as group_name, a.absences, count(*) over ()::int as listed_total from absence_alerts a join users u on u.id = a.user_id join groups g on g.id = a.group_id
        where a.organization_id = ${org} and a.dismissed_at is null and ${stillEnrolled} and a.created_at < ${addDaysIso(now, -7)}::timestamptz
        order by a.created_at limit ${MAX_ITEMS + 1}`);
      named(open);
      return summarise(std("5.01"), {
        available: true,
        recorded: f.attended + f.absent + alerts.total,
        facts: [
          { label: "Attendance rate, last 12 months", value: formatFigure(ratio(f.attended, f.attended + f.absent), "percent") },
          { label: "Walk-ins, last 12 months", value: f.walk_ins },
          { label: "Absence alerts raised (open)", value: `${alerts.total} (${alerts.open})` },
        ],
        gaps: [gap("Absence alerts open for more than 7 days", open.map((o) => `${o.name} — ${o.group_name}, ${o.absences} absences`), totalOf(open))],
        lastActivity: alerts.last,
      });
    })(),
  );

  // 7.02 Rules, shared decisions and feedback, concerns
  tasks.push(
    (async () => {
      if (!has("7.02")) return summarise(std("7.02"), { available: false, recorded: 0, facts: [], gaps: [], lastActivity: null });
      const f = await one<{ versions: number; targets: number; proposals: number; last: string | null }>(sql`
        select (select count(*)::int from rule_versions where organization_id = ${org}) as versions,
          (select count(distinct target_id)::int from rule_versions where organization_id = ${org}) as targets,
          (select count(*)::int from proposals where organization_id = ${org} and topic = 'rules') as proposals,
          (select ${ts("max(published_at)")} from rule_versions where organization_id = ${org}) as last`);
      const without = await rows<{ name: string; listed_total: number }>(sql`
        select g.name, count(*) over ()::int as listed_total from groups g where g.organization_id = ${org}
          and not exists (select 1 from rule_versions v where v.target_id = g.id or v.target_id = g.program_id) order by g.name limit ${MAX_ITEMS + 1}`);
      return summarise(std("7.02"), {
        available: true,
        recorded: f.versions + f.proposals,
        facts: [
          { label: "Published rule versions", value: f.versions },
          { label: "Groups and programs with rules", value: f.targets },
          { label: "Rule proposals by members", value: f.proposals },
        ],
        gaps: [gap("Groups without published rules (their own or their program's)", without.map((w) => w.name), totalOf(without))],
        lastActivity: f.last,
      });
    })(),
  );
  tasks.push(
    (async () => {
      if (!has("7.02")) return summarise(std("7.02"), { available: false, recorded: 0, facts: [], gaps: [], lastActivity: null });
      const f = await one<{ anonymous: number; named: number; proposals: number; changes: number; last_change: string | null; last_proposal: string | null }>(sql`
        select (select count(*)::int from feedback_anonymous_answers where organization_id = ${org}) as anonymous,
          (select count(*)::int from feedback_named_answers where organization_id = ${org} and batch_id is not null) as named,
          (select count(*)::int from proposals where organization_id = ${org}) as proposals,
          (select count(*)::int from voice_changes where organization_id = ${org}) as changes,
          (select ${ts("max(published_at)")} from voice_changes where organization_id = ${org}) as last_change,
          (select ${ts("max(created_at)")} from proposals where organization_id = ${org}) as last_proposal`);
      // The dashboard's figure over the same 12 months: answers from people marked in the room, per attendance (one rollup, one definition).
      const rate = await one<{ receipts: number; attended: number }>(sql`
        select coalesce(sum(feedback_responses), 0)::int as receipts, coalesce(sum(marks_attended), 0)::int as attended
        from metrics_group_days where organization_id = ${org} and day >= ${yearAgo}::date and day <= ${today}::date`);
      const attended = { n: rate.attended };
      const last = [f.last_change, f.last_proposal].filter(Boolean).sort().at(-1) ?? null;
      return summarise(std("7.02"), {
        available: true,
        recorded: f.anonymous + f.named + f.proposals + f.changes,
        facts: [
          { label: "Feedback answers (anonymous + named)", value: `${f.anonymous + f.named} (${f.anonymous} + ${f.named})` },
          { label: "Feedback response rate, last 12 months", value: formatFigure(ratio(rate.receipts, attended.n), "percent") },
          { label: "Proposals by participants", value: f.proposals },
          { label: "“You said, we did” changes published", value: f.changes },
        ],
        gaps: [],
        lastActivity: last,
      });
    })(),
  );
  tasks.push(
    (async () => {
      if (!has("7.02")) return summarise(std("7.02"), { available: false, recorded: 0, facts: [], gaps: [], lastActivity: null });
      const days = present.has("voice_settings")
        ? ((await one<{ d: number } | undefined>(sql`select concern_response_days as d from voice_settings where organization_id = ${org}`))?.d ?? 5)
        : 5;
      const f = await one<{ n: number; open: number; answered: number; last: string | null }>(sql`
        select count(*)::int as n, count(*) filter (where status in ('received', 'in_review'))::int as open,
          count(*) filter (where first_response_at is not null)::int as answered, ${ts("max(received_at)")} as last
        from concerns where organization_id = ${org}`);
      // Counts, dates and status only: a concern's words never reach accreditation evidence, where
      // the person it is about may be the manager reading it.
      const late = await rows<{ status: string; received: string; listed_total: number }>(sql`
        select status::text as status, ${ts("received_at")} as received, count(*) over ()::int as listed_total from concerns
        where organization_id = ${org} and first_response_at is null and received_at < ${addDaysIso(now, -days)}::timestamptz
        order by received_at limit ${MAX_ITEMS + 1}`);
      return summarise(std("7.02"), {
        available: true,
        recorded: f.n,
        facts: [
          { label: "Concerns received", value: f.n },
          { label: "Answered", value: f.answered },
          { label: "Open", value: f.open },
          { label: "Response time expected", value: `${days} days` },
        ],
        gaps: [gap(`Concerns without a response after ${days} days`, late.map((l) => `Concern received ${dayOf(l.received)}, ${l.status.replace(/_/g, " ")}`), totalOf(late))],
        lastActivity: f.last,
      });
    })(),
  );

  // An element evidenced by several capabilities (5.01, 3.03, 7.02) is one entry with all its parts.
  const parts = await Promise.all(tasks);
  const results = STANDARDS.map((s) => combineEvidence(parts.filter((p) => p.code === s.code)));
  return { today, timezone: ctx.timezone, standards: results, people: [...people] };
}

function addDaysIso(now: Date, days: number): string {
  return new Date(now.getTime() + days * 86_400_000).toISOString();
}
