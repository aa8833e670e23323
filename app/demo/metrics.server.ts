import { and, asc, eq, min } from "drizzle-orm";
import { DateTime } from "luxon";
import { db } from "~/db/client.server";
import type { DemoContext } from "./context";
import { enrolments, groups, sessions } from "~/db/schema";
import { attendanceRecords } from "~/db/tables/attendance";
import {
  goalInterventions,
  goalNotes,
  goalObjectives,
  logicModelLines,
  logicModels,
  metricsSettings,
  outcomeMeasures,
  participantGoals,
} from "~/db/tables/metrics";
import { OUTCOME_DOMAINS, type OutcomeDomain } from "~/modules/metrics/definitions";

/** A small deterministic PRNG so the demo looks the same on every fresh start. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Meeting = { group: string; weekday: number; time: string; minutes: number; everyWeeks: number };

/** The demo groups' past meetings, before the sessions the base seed created. */
const HISTORY: Meeting[] = [
  { group: "Budgeting Basics", weekday: 1, time: "18:00", minutes: 90, everyWeeks: 1 },
  { group: "Tuesday Peer Recovery Circle", weekday: 2, time: "19:00", minutes: 75, everyWeeks: 1 },
  { group: "Resume & Interview Workshop", weekday: 6, time: "10:00", minutes: 120, everyWeeks: 4 },
];

/**
 * Metrics demo: a year of held sessions with attendance before the base seed's own sessions (so
 * trends, retention and participant-hours mean something), goals with objectives and notes for
 * six participants, outcome measures at intake, an interval and exit for eight, and a logic
 * model for the demo program bound to live metrics.
 */
export async function seedMetricsDemo(ctx: DemoContext) {
  const { now, organizationId: org, userIds } = ctx;
  const random = prng(1_202_611);
  const manager = userIds["manager@riverside.example"];
  const fran = userIds["fran@riverside.example"];

  // 1. A year of history per group.
  const groupRows = await db.select({ id: groups.id, name: groups.name, timezone: groups.timezone }).from(groups).where(eq(groups.organizationId, org));
  type Marked = typeof attendanceRecords.$inferInsert;
  const marks: Marked[] = [];
  for (const meeting of HISTORY) {
    const group = groupRows.find((g) => g.name === meeting.group);
    if (!group) continue;
    const [{ first }] = await db.select({ first: min(sessions.startsAt) }).from(sessions).where(eq(sessions.groupId, group.id));
    const stop = first ?? now;
    const members = (
      await db
        .select({ userId: enrolments.userId })
        .from(enrolments)
        .where(and(eq(enrolments.groupId, group.id), eq(enrolments.status, "enrolled")))
        .orderBy(asc(enrolments.createdAt))
    ).map((e) => e.userId);
    const [hour, minute] = meeting.time.split(":").map(Number);
    const day = DateTime.fromJSDate(now, { zone: group.timezone }).minus({ weeks: 52 }).startOf("week").plus({ days: meeting.weekday - 1 });
    const planned: { startsAt: Date; endsAt: Date; status: "held" | "cancelled" }[] = [];
    for (let i = 0; ; i += meeting.everyWeeks) {
      const start = day.plus({ weeks: i }).set({ hour, minute, second: 0, millisecond: 0 });
      if (start.toMillis() >= stop.getTime() - 86_400_000 || start.toMillis() >= now.getTime()) break;
      planned.push({
        startsAt: start.toJSDate(),
        endsAt: start.plus({ minutes: meeting.minutes }).toJSDate(),
        status: random() < 0.06 ? "cancelled" : "held",
      });
    }
    if (planned.length === 0) continue;
    const inserted = await db
      .insert(sessions)
      .values(planned.map((p) => ({ ...p, organizationId: org, groupId: group.id, cancelReason: p.status === "cancelled" ? "Facilitator unwell" : "" })))
      .returning({ id: sessions.id, startsAt: sessions.startsAt, endsAt: sessions.endsAt, status: sessions.status });
    // Each member joined at some point of the year and comes with their own regularity.
    const joins = members.map(() => Math.floor(random() * Math.max(1, inserted.length * 0.6)));
    const regularity = members.map(() => 0.55 + random() * 0.4);
    inserted.forEach((session, index) => {
      if (session.status !== "held") return;
      members.forEach((userId, m) => {
        if (index < joins[m]) return;
        const r = random();
        const status = r < regularity[m] ? (random() < 0.12 ? "late" : random() < 0.05 ? "left_early" : "present") : random() < 0.5 ? "excused" : "absent";
        const attended = status === "present" || status === "late" || status === "left_early";
        marks.push({
          organizationId: org,
          sessionId: session.id,
          groupId: group.id,
          userId,
          status,
          arrivedAt: attended ? new Date(session.startsAt.getTime() + (status === "late" ? 15 : 0) * 60_000) : null,
          leftAt: status === "left_early" ? new Date(session.endsAt.getTime() - 30 * 60_000) : null,
          source: "roster",
          recordedBy: fran,
          createdAt: session.endsAt,
          updatedAt: session.endsAt,
        });
      });
      // Now and then someone drops in without being enrolled.
      if (random() < 0.15) {
        const guest = ctx.userIds["lee@riverside.example"];
        if (!members.includes(guest))
          marks.push({ organizationId: org, sessionId: session.id, groupId: group.id, userId: guest, status: "present", walkIn: true, arrivedAt: session.startsAt, source: "roster", recordedBy: fran, createdAt: session.endsAt, updatedAt: session.endsAt });
      }
    });
  }
  for (let i = 0; i < marks.length; i += 500) await db.insert(attendanceRecords).values(marks.slice(i, i + 500)).onConflictDoNothing();

  // 2. Goals for six participants.
  const today = DateTime.fromJSDate(now, { zone: "America/New_York" });
  const iso = (d: DateTime) => d.toISODate()!;
  const groupIds = ctx.groupIds;
  const plans: { email: string; title: string; words: string; months: number; status: "active" | "achieved"; objectives: [string, string][]; group: string; note: string }[] = [
    { email: "pat@riverside.example", title: "Keep a monthly budget", words: "I want to stop worrying about rent every month.", months: 2, status: "active", objectives: [["Track spending for 4 weeks", "spending diary"], ["Set up automatic bill payments", "bank statement"]], group: "Budgeting Basics", note: "Pat has kept a spending diary for three weeks." },
    { email: "sam@riverside.example", title: "Build a savings cushion of $300", words: "", months: -1, status: "achieved", objectives: [["Save $25 a week", "savings balance"], ["Open a savings account", "account opened"]], group: "Budgeting Basics", note: "Reached $310 — goal achieved." },
    { email: "alex@riverside.example", title: "Stay connected with peers in recovery", words: "The circle keeps me going.", months: 3, status: "active", objectives: [["Attend 6 of 8 circle sessions", "attendance roster"], ["Call a peer between sessions", "self-report"]], group: "Tuesday Peer Recovery Circle", note: "Alex shared their 6-month milestone." },
    { email: "jordan@riverside.example", title: "Apply for three jobs", words: "", months: -2, status: "achieved", objectives: [["Finish a resume", "resume reviewed"], ["Practise interview answers", "mock interview"]], group: "Resume & Interview Workshop", note: "Jordan started a new job last month." },
    { email: "casey@riverside.example", title: "Finish a resume and practise interviews", words: "I'm nervous about interviews.", months: 1, status: "active", objectives: [["Draft a resume", "draft reviewed"]], group: "Resume & Interview Workshop", note: "First draft done." },
    { email: "taylor@riverside.example", title: "Reduce money stress", words: "", months: -1, status: "active", objectives: [["Make a plan for debts", "plan written"]], group: "Tuesday Peer Recovery Circle", note: "Talked to a debt adviser (referral)." },
  ];
  for (const plan of plans) {
    const participantId = userIds[plan.email];
    const [goal] = await db
      .insert(participantGoals)
      .values({
        organizationId: org,
        participantId,
        programId: ctx.programId,
        title: plan.title,
        participantWords: plan.words,
        targetDate: iso(today.plus({ months: plan.months })),
        status: plan.status,
        createdBy: fran,
        createdAt: today.minus({ months: 5 }).toJSDate(),
      })
      .returning({ id: participantGoals.id });
    await db.insert(goalObjectives).values(
      plan.objectives.map(([description, measure], position) => ({
        organizationId: org,
        goalId: goal.id,
        description,
        measure,
        position,
        status: plan.status === "achieved" ? ("met" as const) : position === 0 ? ("in_progress" as const) : ("not_started" as const),
      })),
    );
    if (groupIds[plan.group]) await db.insert(goalInterventions).values({ organizationId: org, goalId: goal.id, groupId: groupIds[plan.group], description: `Sessions of ${plan.group}` });
    await db.insert(goalNotes).values({ organizationId: org, goalId: goal.id, authorId: fran, byParticipant: false, body: plan.note, createdAt: today.minus({ weeks: 2 }).toJSDate() });
  }

  // 3. Outcome measures: intake ~10 months ago, an interval ~5 months ago, exit last month.
  await db.insert(metricsSettings).values({ organizationId: org, scaleMin: 1, scaleMax: 5, scaleDescription: "1 = very poor, 5 = very good", retentionAttended: 3, retentionOf: 4 }).onConflictDoNothing();
  const measured = ["pat", "sam", "alex", "jordan", "casey", "riley", "taylor", "jamie"].map((n) => userIds[`${n}@riverside.example`]);
  const rows: (typeof outcomeMeasures.$inferInsert)[] = [];
  measured.forEach((participantId, i) => {
    for (const domain of OUTCOME_DOMAINS) {
      // Permanency is measured for three people only: the dashboard suppresses it (fewer than 5).
      if (domain === ("permanency" satisfies OutcomeDomain) && i > 2) continue;
      const base = 1 + Math.floor(random() * 3);
      const gain = random() < 0.8 ? 1 + Math.floor(random() * 2) : 0;
      const point = (phase: "intake" | "interval" | "exit", monthsAgo: number, score: number) =>
        rows.push({ organizationId: org, participantId, programId: ctx.programId, domain, phase, score: Math.min(5, score), measuredOn: iso(today.minus({ months: monthsAgo, days: i })), recordedBy: fran });
      point("intake", 10, base);
      point("interval", 5, base + (gain > 1 ? 1 : 0));
      if (i < 6) point("exit", 1, base + gain);
    }
  });
  await db.insert(outcomeMeasures).values(rows);

  // 4. The demo program's logic model, its lines bound to live metrics.
  await db.insert(logicModels).values({
    programId: ctx.programId,
    organizationId: org,
    needs: "Adults in early recovery face isolation, money stress and unstable work; few affordable, peer-led supports exist nearby.",
    inputs: "Two trained facilitators, one peer specialist, the community room and lounge at 120 River Street, county recovery-support funding.",
    activities: "Weekly peer recovery circle, six-week budgeting class, monthly resume and interview workshop, a weekly drop-in.",
    impact: "People in recovery live stable, connected lives with secure income and housing.",
    updatedBy: manager,
  });
  const lines: Omit<typeof logicModelLines.$inferInsert, "organizationId" | "programId">[] = [
    { kind: "output", description: "Sessions are held as planned", metricKey: "sessions_held", target: 120 },
    { kind: "output", description: "People take part", metricKey: "unique_participants", target: 12 },
    { kind: "output", description: "Members attend regularly", metricKey: "attendance_rate", target: 75 },
    { kind: "output", description: "Hours of group support delivered", metricKey: "participant_hours", target: 900 },
    { kind: "outcome", description: "New members stay: 3 of their first 4 sessions", metricKey: "retention_rate", target: 60 },
    { kind: "outcome", description: "Quality of life improves", metricKey: "outcome_change:quality_of_life", target: 0.5 },
    { kind: "outcome", description: "Members reach their goals", metricKey: "goal_achievement_rate", target: 50 },
    { kind: "outcome", description: "Members feel part of a community", metricKey: null, target: null },
  ];
  await db.insert(logicModelLines).values(lines.map((l, position) => ({ ...l, position, organizationId: org, programId: ctx.programId })));
}
