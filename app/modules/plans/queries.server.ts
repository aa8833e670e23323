import { and, asc, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import { DateTime } from "luxon";
import { db } from "~/db/client.server";
import { rows } from "~/db/rows.server";
import { groupFacilitators, groups, memberships, organizations, users } from "~/db/schema";
import { intakes } from "~/db/tables/registration";
import { recordsSettings } from "~/db/tables/records";
import { audit, recordDisclosure, recordDisclosureOncePerDay } from "~/modules/audit/mutations.server";
import { canManage, type CurrentUser } from "~/modules/auth/policy";
import { notFound } from "~/modules/errors";
import { addDays } from "~/modules/metrics/definitions";
import { filingPrograms, readerReach, reachSql, requireWholePlan } from "~/modules/metrics/plan-access.server";
import { reachesWholePlan } from "~/modules/metrics/policy";
import { enrolledMarkFor, ownSessionOf } from "~/modules/metrics/queries.server";
import { participantSeesOwnNotes } from "~/modules/records/policy";
import type { PeerSupportComponent, ServicePeriod } from "./components";
import { PLAN_HISTORY_ACTIONS } from "./history";
import { prefillFromIntakes, type PlanBasics } from "./prefill";
import { REPORT_DUE_WITHIN_DAYS } from "./review";
import { objectiveForm, planBasicsForm, type PlanOwner } from "./mutations.server";

/** The organisation's zone and today's civil date there. */
export async function orgToday(organizationId: string, now: Date): Promise<{ zone: string; today: string }> {
  const [org] = await db.select({ zone: organizations.timezone }).from(organizations).where(eq(organizations.id, organizationId));
  if (!org) notFound();
  return { zone: org.zone, today: DateTime.fromJSDate(now, { zone: org.zone }).toISODate()! };
}

/**
 * Whose progress notes a viewer of the plan reads under each objective (records/policy.ts): a
 * manager all of them; a facilitator those of the groups they lead now; the participant their own
 * signed notes only when the organisation shares them; nobody else.
 */
async function noteScope(viewer: CurrentUser, owner: PlanOwner): Promise<"all" | "own_groups" | "none"> {
  if (viewer.id === owner.id) {
    const [settings] = await db.select({ on: recordsSettings.participantsSeeProgressNotes }).from(recordsSettings).where(eq(recordsSettings.organizationId, owner.organizationId));
    return participantSeesOwnNotes(viewer, { participantsSeeProgressNotes: settings?.on ?? false }) ? "all" : "none";
  }
  if (canManage(viewer.role)) return "all";
  return viewer.role === "facilitator" ? "own_groups" : "none";
}

/** The civil date of instant `at` in the planned group's zone (`gr`, the groups row of a planned service). */
const localDay = (at: SQL) => sql`(${at} at time zone gr.timezone)::date`;

/**
 * The whole plan of one participant as `viewer` may see it (the caller has checked the
 * relationship): strengths, barriers, needs and next review; goals (staff wording beside the
 * person's words) with their objectives; under each objective the planned services with the
 * attendance of those groups since enrolling, the interventions, the latest signed progress
 * note on it and the signed one-to-one contacts on it (count, minutes, last date); reviews; proposals with their replies. Reading progress notes is audited.
 */
export async function loadServicePlan(viewer: CurrentUser, owner: PlanOwner, now: Date) {
  const org = owner.organizationId;
  const p = owner.id;
  const scope = await noteScope(viewer, owner);
  // What of the plan the viewer reaches (metrics/policy.ts planReach): a facilitator the goals of the
  // programs they lead with the person, never the parts of no program (basics, reviews, proposals),
  // so their page reads the same whatever other programs the person is in.
  const reach = await readerReach(viewer, owner);
  const whole = reachesWholePlan(reach);
  const goalReached = reachSql(reach, sql`g.program_id`);
  const none = <T,>(): Promise<T[]> => Promise.resolve([]);
  const nowIso = now.toISOString();
  const [planRows, goals, objectives, services, interventions, notes, reviews, proposals, replies, contacts] = await Promise.all([
    !whole ? none<{ id: string; strengths: string; barriers: string; needs: string; next_review_on: string | null; updated_ms: number }>() : rows<{ id: string; strengths: string; barriers: string; needs: string; next_review_on: string | null; updated_ms: number }>(sql`
      select id, strengths, barriers, needs, next_review_on::text as next_review_on, extract(epoch from updated_at)::float8 * 1000 as updated_ms
      from service_plans where organization_id = ${org} and participant_id = ${p}`),
    rows<{ id: string; title: string; participant_words: string; status: string; target_date: string | null }>(sql`
      select id, title, participant_words, status::text as status, target_date::text as target_date from participant_goals
      where organization_id = ${org} and participant_id = ${p} and ${reachSql(reach, sql`program_id`)}
      order by (status = 'active') desc, created_at`),
    rows<{ id: string; goal_id: string; description: string; measure: string; status: string }>(sql`
      select o.id, o.goal_id, o.description, o.measure, o.status::text as status from goal_objectives o
      join participant_goals g on g.id = o.goal_id
      where o.organization_id = ${org} and g.participant_id = ${p} and ${goalReached} order by o.position, o.created_at`),
    // Attendance of each planned group: sessions not cancelled that ended by now among the person's
    // own sessions, as completion, letters and certificates count them (completion
    // attendanceInputs.sessionsOf): of their own cohort (metrics ownSessionOf: a member of one
    // cohort is not expected at another's sessions) on or after the day their current stay began
    // (while enrolled; currentStayStart as a date in the group's zone, sessionBeforeEnrolment: a
    // same-day registration counts that day's session; a second stay after a withdrawal counts from
    // its own start), or with a mark for them in that stay; attended = present, late or left early.
    // Read as the group's attendance is (42 CFR Part 2 across programs): by the person, managers and
    // the group's facilitators now — a planned service in another program's group shows no figures
    // to a facilitator who leads only this person's workshop.
    rows<{ id: string; objective_id: string; group_id: string; group_name: string; times_per_period: number; period: ServicePeriod; minutes_per_contact: number; held: number; attended: number; readable: boolean }>(sql`
      select ps.id, ps.objective_id, ps.group_id, gr.name as group_name, ps.times_per_period, ps.period::text as period, ps.minutes_per_contact,
        (${viewer.id === owner.id || canManage(viewer.role)} or exists (select 1 from group_facilitators gf where gf.group_id = ps.group_id and gf.user_id = ${viewer.id})) as readable,
        (select count(*)::int from sessions s
          left join enrolments e on e.group_id = s.group_id and e.user_id = ${p} and e.status = 'enrolled'
          where s.group_id = ps.group_id and s.status <> 'cancelled' and s.ends_at <= ${nowIso}::timestamptz
            and ((${localDay(sql`s.starts_at`)} >= ${localDay(sql`coalesce(e.restarted_at, e.created_at)`)} and ${ownSessionOf(sql`${p}::uuid`)})
              or ((e.restarted_at is null or ${localDay(sql`s.starts_at`)} >= ${localDay(sql`e.restarted_at`)})
                and exists (select 1 from attendance_records a where a.session_id = s.id and a.user_id = ${p})))) as held,
        (select count(*)::int from sessions s join attendance_records a on a.session_id = s.id and a.user_id = ${p}
          left join enrolments e on e.group_id = s.group_id and e.user_id = ${p} and e.status = 'enrolled'
          where s.group_id = ps.group_id and s.status <> 'cancelled' and s.ends_at <= ${nowIso}::timestamptz
            and (e.restarted_at is null or ${localDay(sql`s.starts_at`)} >= ${localDay(sql`e.restarted_at`)})
            and a.status in ('present', 'late', 'left_early')) as attended
      from plan_services ps join groups gr on gr.id = ps.group_id
      join goal_objectives o on o.id = ps.objective_id join participant_goals g on g.id = o.goal_id
      where ps.organization_id = ${org} and g.participant_id = ${p} and ${goalReached} and ${reachSql(reach, sql`gr.program_id`)} order by ps.created_at`),
    rows<{ id: string; objective_id: string; description: string; component: PeerSupportComponent; responsible_name: string | null }>(sql`
      select i.id, i.objective_id, i.description, i.component::text as component, u.name as responsible_name
      from plan_interventions i join goal_objectives o on o.id = i.objective_id join participant_goals g on g.id = o.goal_id
      left join users u on u.id = i.responsible_id
      where i.organization_id = ${org} and g.participant_id = ${p} and ${goalReached} order by i.created_at`),
    scope === "none"
      ? Promise.resolve([])
      : rows<{ id: string; objective_id: string; worked_on: string; progress_rating: number | null; next_step: string; group_name: string; starts_ms: number }>(sql`
      select distinct on (n.objective_id) n.id, n.objective_id, n.worked_on, n.progress_rating, n.next_step, gr.name as group_name,
        extract(epoch from s.starts_at)::float8 * 1000 as starts_ms
      from progress_notes n join sessions s on s.id = n.session_id join groups gr on gr.id = n.group_id
        join goal_objectives o on o.id = n.objective_id join participant_goals g on g.id = o.goal_id
      where n.organization_id = ${org} and n.participant_id = ${p} and n.objective_id is not null and n.signed_at is not null and ${goalReached}
        ${scope === "own_groups" ? sql`and n.group_id in (select group_id from group_facilitators where user_id = ${viewer.id})` : sql``}
      order by n.objective_id, s.starts_at desc`),
    !whole ? none<{ id: string; reviewed_on: string; attendees: string; what_changed: string; participant_comment: string; next_review_on: string | null; recorded_by: string | null }>() : rows<{ id: string; reviewed_on: string; attendees: string; what_changed: string; participant_comment: string; next_review_on: string | null; recorded_by: string | null }>(sql`
      select r.id, r.reviewed_on::text as reviewed_on, r.attendees, r.what_changed, r.participant_comment, r.next_review_on::text as next_review_on, u.name as recorded_by
      from plan_reviews r join service_plans sp on sp.id = r.plan_id left join users u on u.id = r.recorded_by
      where r.organization_id = ${org} and sp.participant_id = ${p} order by r.reviewed_on desc, r.created_at desc`),
    // The person's proposals by program, like goals (metrics/policy.ts planReach): one about a group or
    // goal of a program belongs to it; one about the plan as a whole (no program) is the managers'.
    rows<{ id: string; words: string; status: "open" | "discussing" | "accepted" | "withdrawn"; created_ms: number; goal_title: string | null; program_id: string | null; program_name: string | null; about_goal_title: string | null }>(sql`
      select gp.id, gp.words, gp.status::text as status, extract(epoch from gp.created_at)::float8 * 1000 as created_ms, case when ${goalReached} then g.title end as goal_title,
        gp.program_id, pr.name as program_name, case when ${reachSql(reach, sql`ag.program_id`)} then ag.title end as about_goal_title
      from goal_proposals gp left join participant_goals g on g.id = gp.accepted_goal_id
        left join programs pr on pr.id = gp.program_id left join participant_goals ag on ag.id = gp.about_goal_id
      where gp.organization_id = ${org} and gp.participant_id = ${p} and ${reachSql(reach, sql`gp.program_id`)} order by gp.created_at desc`),
    rows<{ proposal_id: string; author: string | null; by_participant: boolean; body: string; at_ms: number }>(sql`
      select r.proposal_id, u.name as author, r.by_participant, r.body, extract(epoch from r.created_at)::float8 * 1000 as at_ms
      from goal_proposal_replies r join goal_proposals gp on gp.id = r.proposal_id left join users u on u.id = r.author_id
      where r.organization_id = ${org} and gp.participant_id = ${p} and ${reachSql(reach, sql`gp.program_id`)} order by r.created_at`),
    // Signed one-to-one contacts on each objective (records/contacts: the progress notes' reading
    // rule by program — a facilitator counts those of the programs of the groups they lead now with
    // the person; contacts naming no program count for managers and the person only).
    scope === "none"
      ? Promise.resolve([])
      : rows<{ objective_id: string; contacts: number; minutes: number; last_on: string }>(sql`
      select c.objective_id, count(*)::int as contacts, sum(c.minutes)::int as minutes, max(c.contact_date)::text as last_on
      from individual_contacts c
      where c.organization_id = ${org} and c.participant_id = ${p} and c.objective_id is not null and c.signed_at is not null
        ${
          scope === "own_groups"
            ? sql`and c.program_id in (select g.program_id from groups g
                join group_facilitators gf on gf.group_id = g.id and gf.user_id = ${viewer.id}
                join enrolments e on e.group_id = g.id and e.user_id = ${p} and e.status = 'enrolled'
                where g.organization_id = ${org})`
            : sql``
        }
      group by c.objective_id`),
  ]);
  if (notes.length && viewer.id !== owner.id) {
    await audit(db, { organizationId: org, actorId: viewer.id, action: "progress_note.viewed", subjectType: "user", subjectId: p, subjectUserId: p, after: { page: "service_plan" } });
  }
  const plan = planRows[0] ?? null;
  return {
    /** Whether the viewer reaches the parts of no program (basics, reviews, history, proposals about the plan as a whole): when false they are not sent. */
    wholePlan: whole,
    plan: plan ? { id: plan.id, strengths: plan.strengths, barriers: plan.barriers, needs: plan.needs, nextReviewOn: plan.next_review_on, updatedAt: new Date(plan.updated_ms).toISOString() } : null,
    // Sent back by the basics form (planBasicsForm: the fields as shown; an empty plan's before the first save). Only to those who reach the basics.
    basicsVersion: whole ? planBasicsForm.version(plan ? { strengths: plan.strengths, barriers: plan.barriers, needs: plan.needs, nextReviewOn: plan.next_review_on } : null) : null,
    goals: goals.map((g) => ({
      id: g.id,
      title: g.title,
      participantWords: g.participant_words,
      status: g.status,
      targetDate: g.target_date,
      objectives: objectives
        .filter((o) => o.goal_id === g.id)
        .map((o) => {
          const note = notes.find((n) => n.objective_id === o.id);
          const contact = contacts.find((c) => c.objective_id === o.id);
          return {
            id: o.id,
            description: o.description,
            measure: o.measure,
            status: o.status,
            /** Sent back by the objective's edit form (a save after someone else's rewording is refused). */
            version: objectiveForm.version(o),
            services: services
              .filter((s) => s.objective_id === o.id)
              .map((s) => ({ id: s.id, groupId: s.group_id, groupName: s.group_name, timesPerPeriod: s.times_per_period, period: s.period, minutesPerContact: s.minutes_per_contact, held: s.readable ? s.held : null, attended: s.readable ? s.attended : null })),
            interventions: interventions.filter((i) => i.objective_id === o.id).map((i) => ({ id: i.id, description: i.description, component: i.component, responsibleName: i.responsible_name })),
            contacts: { count: contact?.contacts ?? 0, minutes: contact?.minutes ?? 0, lastOn: contact?.last_on ?? null },
            latestNote: note ? { workedOn: note.worked_on, progressRating: note.progress_rating, nextStep: note.next_step, groupName: note.group_name, sessionAt: new Date(note.starts_ms).toISOString() } : null,
          };
        }),
    })),
    reviews: reviews.map((r) => ({ id: r.id, reviewedOn: r.reviewed_on, attendees: r.attendees, whatChanged: r.what_changed, participantComment: r.participant_comment, nextReviewOn: r.next_review_on, recordedBy: r.recorded_by })),
    proposals: proposals.map((pr) => ({
      id: pr.id,
      words: pr.words,
      status: pr.status,
      createdAt: new Date(pr.created_ms).toISOString(),
      goalTitle: pr.goal_title,
      /** The program it belongs to (null: the plan as a whole) and the person's goal it is about, if they chose one. */
      programId: pr.program_id,
      programName: pr.program_name,
      aboutGoalTitle: pr.about_goal_title,
      replies: replies.filter((r) => r.proposal_id === pr.id).map((r) => ({ author: r.author, byParticipant: r.by_participant, body: r.body, at: new Date(r.at_ms).toISOString() })),
    })),
  };
}

export type ServicePlan = Awaited<ReturnType<typeof loadServicePlan>>;

/**
 * What a participant may say a proposal is about (plans/schema.ts proposalSchema): the groups they
 * attend now and their goals still open. A proposal about one belongs to its program.
 */
export async function proposalTopics(user: CurrentUser) {
  const [groupRows, goalRows] = await Promise.all([
    rows<{ id: string; name: string }>(sql`
      select g.id, g.name from enrolments e join groups g on g.id = e.group_id
      where e.user_id = ${user.id} and e.status = 'enrolled' and g.organization_id = ${user.organizationId} order by g.name`),
    rows<{ id: string; title: string }>(sql`
      select id, coalesce(nullif(participant_words, ''), title) as title from participant_goals
      where participant_id = ${user.id} and organization_id = ${user.organizationId} and status = 'active' order by created_at`),
  ]);
  return { groups: groupRows, goals: goalRows };
}

/**
 * Groups of the organisation (the participant's own first) and its active staff, for the plan's
 * forms. A group is marked as the person's (enrolled now) only where `viewer` may see their
 * enrolment (`enrolledMarkFor`): a facilitator of a workshop is not told which
 * recovery group the person attends.
 */
export async function planFormOptions(viewer: CurrentUser, owner: PlanOwner) {
  const organizationId = viewer.organizationId;
  const participantId = owner.id;
  const reach = await readerReach(viewer, owner);
  const [programRows, groupRows, staff] = await Promise.all([
    // A new goal is filed under one of these, and a service planned in one of these groups (a facilitator: the programs they lead with the person).
    filingPrograms(db, organizationId, reach),
    rows<{ id: string; name: string; enrolled: boolean }>(sql`
      select g.id, g.name, ${enrolledMarkFor(viewer, participantId)} as enrolled
      from groups g where g.organization_id = ${organizationId} and ${reachSql(reach, sql`g.program_id`)} order by 3 desc, g.name`),
    db
      .select({ id: users.id, name: users.name })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.organizationId, organizationId), inArray(memberships.role, ["facilitator", "manager", "admin"]), isNull(memberships.deactivatedAt)))
      .orderBy(asc(users.name)),
  ]);
  return { programs: programRows, anyProgram: reach.kind === "all", groups: groupRows, staff };
}

/**
 * What a plan not yet saved starts from: the participant's intake answers that `user` may read
 * (registration/policy.ts: managers all, a facilitator those for the groups they lead), newest
 * first. Each intake read is audited (intake.view) like opening it, once per viewer and day.
 */
export async function intakePrefill(user: CurrentUser, owner: PlanOwner): Promise<PlanBasics & { intakes: number }> {
  const found = await db
    .select({ id: intakes.id, groupId: intakes.groupId, groupName: groups.name, needAreas: intakes.needAreas, otherNeed: intakes.otherNeed, urgentNote: intakes.urgentNote, accessibilityNeeds: intakes.accessibilityNeeds, language: intakes.language })
    .from(intakes)
    .innerJoin(groups, eq(groups.id, intakes.groupId))
    .where(and(eq(intakes.organizationId, owner.organizationId), eq(intakes.userId, owner.id)))
    .orderBy(sql`${intakes.createdAt} desc`);
  let readable = found;
  if (!canManage(user.role)) {
    const led = await db.select({ groupId: groupFacilitators.groupId }).from(groupFacilitators).where(eq(groupFacilitators.userId, user.id));
    const ids = new Set(led.map((l) => l.groupId));
    readable = found.filter((i) => ids.has(i.groupId));
  }
  // Recorded once per viewer, intake and day: the form is shown again on every visit until saved.
  for (const i of readable) {
    await recordDisclosureOncePerDay(db, { organizationId: owner.organizationId, actorId: user.id, action: "intake.view", subjectType: "intake", subjectId: i.id, reason: "service plan pre-filled from intake" }, [owner.id]);
  }
  return { ...prefillFromIntakes(readable), intakes: readable.length };
}

/**
 * The plan's history: every change to the plan, its goals and objectives, newest first (at most
 * 300), from the audit trail. Read by those who reach the whole plan (403 otherwise); a facilitator
 * reads the changes of goals (and their objectives) filed under the programs they lead with the
 * person, not those of another program's goals or of goals filed under none.
 */
export async function planHistory(user: CurrentUser, owner: PlanOwner) {
  const reach = await requireWholePlan(db, user, owner);
  const goalReached = reachSql(reach, sql`g.program_id`);
  const reached =
    reach.kind === "all"
      ? sql``
      : sql`and (a.subject_type not in ('participant_goal', 'goal_objective', 'goal_proposal')
          or (a.subject_type = 'participant_goal' and exists (select 1 from participant_goals g where g.id::text = a.subject_id and ${goalReached}))
          or (a.subject_type = 'goal_objective' and exists (select 1 from goal_objectives o join participant_goals g on g.id = o.goal_id where o.id::text = a.subject_id and ${goalReached}))
          or (a.subject_type = 'goal_proposal' and (a.after->>'goalId' is null or exists (select 1 from participant_goals g where g.id::text = a.after->>'goalId' and ${goalReached}))))`;
  const events = await rows<{ id: number; action: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null; actor: string | null; actor_role: string | null; at_ms: number }>(sql`
    select a.id, a.action, a.before, a.after, u.name as actor, a.actor_role, extract(epoch from a.at)::float8 * 1000 as at_ms
    from audit_events a left join users u on u.id = a.actor_user_id
    where a.organization_id = ${owner.organizationId} and a.subject_user_id = ${owner.id}
      and a.action in (${sql.join(PLAN_HISTORY_ACTIONS.map((x) => sql`${x}`), sql`, `)})
      ${reached}
    order by a.at desc, a.id desc limit 300`);
  await audit(db, { organizationId: owner.organizationId, actorId: user.id, action: "plan.history_viewed", subjectType: "user", subjectId: owner.id, subjectUserId: owner.id });
  return events.map((e) => ({ id: e.id, action: e.action, before: e.before, after: e.after, actor: e.actor, actorRole: e.actor_role, at: new Date(e.at_ms).toISOString() }));
}

export type ReportPeriod = { from: string; to: string };

/**
 * The managers' plans report: plans whose review is overdue or due within 14 days, and objectives
 * met in the period (the day an objective's status last became "met", from the audit trail, in
 * the organisation's zone; only objectives still met). People named are in the caller's audit.
 */
export async function plansReport(user: CurrentUser, period: ReportPeriod, today: string, zone: string) {
  const org = user.organizationId;
  const dueBy = addDays(today, REPORT_DUE_WITHIN_DAYS);
  const fromAt = DateTime.fromISO(period.from, { zone }).startOf("day").toUTC().toISO()!;
  const toAt = DateTime.fromISO(period.to, { zone }).plus({ days: 1 }).startOf("day").toUTC().toISO()!;
  const [due, met] = await Promise.all([
    rows<{ participant_id: string; name: string; next_review_on: string; last_review: string | null; facilitators: string | null }>(sql`
      select u.id as participant_id, u.name, sp.next_review_on::text as next_review_on,
        (select max(r.reviewed_on)::text from plan_reviews r where r.plan_id = sp.id) as last_review,
        (select string_agg(distinct fu.name, ', ') from enrolments e join group_facilitators gf on gf.group_id = e.group_id join users fu on fu.id = gf.user_id
          where e.user_id = u.id and e.organization_id = ${org} and e.status = 'enrolled') as facilitators
      from service_plans sp join users u on u.id = sp.participant_id
      -- People the organisation serves now: a deactivated participant's plan is no one's to-do (as the reminder job).
      join memberships m on m.user_id = u.id and m.organization_id = sp.organization_id and m.role = 'participant' and m.deactivated_at is null
      where sp.organization_id = ${org} and sp.next_review_on is not null and sp.next_review_on <= ${dueBy}::date
      order by sp.next_review_on, u.name`),
    rows<{ objective_id: string; participant_id: string; name: string; goal: string; objective: string; measure: string; met_ms: number }>(sql`
      select * from (
        select distinct on (o.id) o.id as objective_id, u.id as participant_id, u.name, g.title as goal, o.description as objective, o.measure,
          a.at as met_at, extract(epoch from a.at)::float8 * 1000 as met_ms
        from audit_events a
        join goal_objectives o on o.id::text = a.subject_id and o.organization_id = ${org}
        join participant_goals g on g.id = o.goal_id join users u on u.id = g.participant_id
        where a.organization_id = ${org} and a.action = 'goal.objective_status' and a.subject_type = 'goal_objective'
          and a.after->>'status' = 'met' and o.status = 'met'
        order by o.id, a.at desc
      ) latest
      where met_at >= ${fromAt}::timestamptz and met_at < ${toAt}::timestamptz
      order by met_at, name`),
  ]);
  return {
    period,
    due: due.map((d) => ({ participantId: d.participant_id, name: d.name, nextReviewOn: d.next_review_on, lastReview: d.last_review, facilitators: d.facilitators ?? "" })),
    met: met.map((m) => ({ objectiveId: m.objective_id, participantId: m.participant_id, name: m.name, goal: m.goal, objective: m.objective, measure: m.measure, metOn: DateTime.fromMillis(m.met_ms, { zone }).toISODate()! })),
  };
}

export type PlansReport = Awaited<ReturnType<typeof plansReport>>;

/** Records that the report (or its CSV) showed these people's plans. */
export async function recordPlansReportRead(user: CurrentUser, report: PlansReport, exported: { table: string } | null) {
  const people = exported ? (exported.table === "due" ? report.due : report.met).map((r) => r.participantId) : [...report.due, ...report.met].map((r) => r.participantId);
  await recordDisclosure(
    db,
    exported
      ? { organizationId: user.organizationId, actorId: user.id, action: "plan.report_exported", subjectType: "organization", subjectId: user.organizationId, after: { table: exported.table, from: report.period.from, to: report.period.to } }
      : { organizationId: user.organizationId, actorId: user.id, action: "plan.report_viewed", subjectType: "organization", subjectId: user.organizationId, after: { from: report.period.from, to: report.period.to } },
    people,
  );
}
