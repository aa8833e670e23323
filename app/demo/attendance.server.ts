import { and, asc, eq, inArray, lt } from "drizzle-orm";
import { db } from "~/db/client.server";
import type { DemoContext } from "./context";
import { enrolments, groupFacilitators, groups, memberships, sessions, users } from "~/db/schema";
import { attendanceRecords, attendanceSettings } from "~/db/tables/attendance";
import type { AttendanceStatus } from "~/modules/attendance/rules";

export const DROP_IN_GROUP = "Open Door Drop-in";

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

const APOLOGIES = ["Doctor's appointment", "Working a late shift", "Childcare fell through", "", "Feeling unwell"];

/**
 * Attendance demo: realistic marks on every past session (present, late, a few excused and
 * absent, walk-ins at the drop-in), a run of absences that raises an alert, one recent session
 * left without attendance (flagged), and a drop-in session starting a few minutes after `now`
 * so self check-in can be tried straight after `npm start`.
 */
export async function seedAttendance(ctx: DemoContext) {
  const { now, organizationId: org, userIds } = ctx;
  const fran = userIds["fran@riverside.example"];
  const circleId = ctx.groupIds["Tuesday Peer Recovery Circle"];
  const budgetingId = ctx.groupIds["Budgeting Basics"];

  // A drop-in group whose session today starts a few minutes from now.
  const [dropIn] = await db
    .insert(groups)
    .values({
      organizationId: org,
      programId: ctx.programId,
      kind: "drop_in",
      name: DROP_IN_GROUP,
      description: "Come by for coffee, a chat and support. No booking needed; everyone is welcome.",
      timezone: "America/New_York",
      capacity: 20,
      location: "Lounge, 120 River Street",
      language: "en",
    })
    .returning({ id: groups.id });
  await db.insert(groupFacilitators).values({ groupId: dropIn.id, userId: fran, organizationId: org });
  const regulars = ["pat@riverside.example", "sam@riverside.example", "alex@riverside.example", "riley@riverside.example", "drew@riverside.example"].map(
    (e) => userIds[e],
  );
  await db.insert(enrolments).values(regulars.map((userId) => ({ groupId: dropIn.id, userId, organizationId: org })));
  const minute = 60_000;
  const todayStart = new Date(Math.ceil((now.getTime() + 5 * minute) / minute) * minute);
  const week = 7 * 86_400_000;
  const dropInSessions = await db
    .insert(sessions)
    .values(
      [-4, -3, -2, -1, 0, 1, 2].map((w) => {
        const startsAt = new Date(todayStart.getTime() + w * week);
        return {
          organizationId: org,
          groupId: dropIn.id,
          startsAt,
          endsAt: new Date(startsAt.getTime() + 60 * minute),
          status: w < 0 ? ("held" as const) : ("scheduled" as const),
        };
      }),
    )
    .returning({ id: sessions.id, startsAt: sessions.startsAt });

  await db.insert(attendanceSettings).values([
    { groupId: dropIn.id, organizationId: org, allowWalkIns: true, absenceAlertAfter: 3, lateAfterMinutes: 15 },
    { groupId: circleId, organizationId: org, allowWalkIns: true, absenceAlertAfter: 2, lateAfterMinutes: 10 },
  ]);

  // A visitor who came once without an account (minimal details, no email).
  const [visitor] = await db
    .insert(users)
    .values({ email: "walk-in+demo-visitor@walk-in.invalid", name: "Dana (visitor)", timezone: "America/New_York" })
    .returning({ id: users.id });
  await db.insert(memberships).values({ userId: visitor.id, organizationId: org, role: "participant" });

  const random = prng(20240917);
  const pickStatus = (): AttendanceStatus => {
    const r = random();
    if (r < 0.72) return "present";
    if (r < 0.82) return "late";
    if (r < 0.86) return "left_early";
    if (r < 0.94) return "excused";
    return "absent";
  };

  type Row = typeof attendanceRecords.$inferInsert;
  const rows: Row[] = [];
  const mark = (session: { id: string; startsAt: Date; endsAt: Date }, groupId: string, userId: string, status: AttendanceStatus, extra: Partial<Row> = {}) => {
    const late = status === "late" ? 12 + Math.floor(random() * 20) : Math.floor(random() * 8) - 5;
    const attended = status === "present" || status === "late" || status === "left_early";
    rows.push({
      organizationId: org,
      sessionId: session.id,
      groupId,
      userId,
      status,
      arrivedAt: attended ? new Date(session.startsAt.getTime() + late * minute) : null,
      leftAt: status === "left_early" ? new Date(session.endsAt.getTime() - 25 * minute) : null,
      apologyReason: status === "excused" ? APOLOGIES[Math.floor(random() * APOLOGIES.length)] : "",
      source: status === "excused" ? "apology" : random() < 0.3 ? "self_check_in" : "roster",
      recordedBy: status === "excused" ? userId : fran,
      createdAt: session.endsAt,
      updatedAt: session.endsAt,
      ...extra,
    });
  };

  const heldOf = (groupId: string) =>
    db
      .select({ id: sessions.id, startsAt: sessions.startsAt, endsAt: sessions.endsAt })
      .from(sessions)
      .where(and(eq(sessions.groupId, groupId), eq(sessions.status, "held"), lt(sessions.endsAt, now)))
      .orderBy(asc(sessions.startsAt));
  const enrolledIn = async (groupId: string) =>
    (
      await db
        .select({ userId: enrolments.userId })
        .from(enrolments)
        .where(and(eq(enrolments.groupId, groupId), eq(enrolments.status, "enrolled")))
    ).map((e) => e.userId);

  // Budgeting Basics: every held session except the most recent one that ended over a day ago,
  // which is left without attendance so the "not recorded" flag can be seen.
  const budgetingHeld = await heldOf(budgetingId);
  const unrecorded = [...budgetingHeld].reverse().find((s) => now.getTime() - s.endsAt.getTime() > 86_400_000);
  const budgetingPeople = await enrolledIn(budgetingId);
  for (const s of budgetingHeld) {
    if (s.id === unrecorded?.id) continue;
    for (const userId of budgetingPeople) mark(s, budgetingId, userId, pickStatus());
  }

  // Peer Recovery Circle: Kai has missed the last two sessions without apologies (an alert).
  const kai = userIds["kai@riverside.example"];
  const circleHeld = await heldOf(circleId);
  const circlePeople = await enrolledIn(circleId);
  circleHeld.forEach((s, i) => {
    for (const userId of circlePeople) {
      const lastTwo = i >= circleHeld.length - 2;
      const status = userId === kai ? (lastTwo ? "absent" : "present") : pickStatus();
      mark(s, circleId, userId, status === "absent" && userId !== kai ? "present" : status);
    }
    if (i === circleHeld.length - 3) {
      mark(s, circleId, userIds["lee@riverside.example"], "present", { walkIn: true });
    }
  });

  // Drop-in: regulars come and go; walk-ins on most weeks.
  const dropInHeld = dropInSessions
    .filter((s) => s.startsAt.getTime() < now.getTime())
    .map((s) => ({ ...s, endsAt: new Date(s.startsAt.getTime() + 60 * minute) }));
  dropInHeld.forEach((s, i) => {
    for (const userId of regulars) {
      const status = pickStatus();
      mark(s, dropIn.id, userId, status === "excused" ? "absent" : status, status === "excused" ? { source: "roster", recordedBy: fran } : {});
    }
    if (i % 2 === 0) mark(s, dropIn.id, userIds["jamie@riverside.example"], "present", { walkIn: true });
    if (i === dropInHeld.length - 1) mark(s, dropIn.id, visitor.id, "present", { walkIn: true });
    if (i === 1) mark(s, dropIn.id, userIds["quinn@riverside.example"], "late", { walkIn: true });
  });

  // An apology already sent for today's drop-in, and one for the next Circle session.
  const today = dropInSessions.find((s) => s.startsAt.getTime() === todayStart.getTime())!;
  rows.push({
    organizationId: org,
    sessionId: today.id,
    groupId: dropIn.id,
    userId: userIds["drew@riverside.example"],
    status: "excused",
    apologyReason: "At a job interview",
    source: "apology",
    recordedBy: userIds["drew@riverside.example"],
    createdAt: now,
    updatedAt: now,
  });
  const [nextCircle] = await db
    .select({ id: sessions.id })
    .from(sessions)
    .where(and(eq(sessions.groupId, circleId), eq(sessions.status, "scheduled")))
    .orderBy(asc(sessions.startsAt))
    .limit(1);
  if (nextCircle) {
    const taylor = userIds["taylor@riverside.example"];
    const [enrolled] = await db
      .select({ id: enrolments.id })
      .from(enrolments)
      .where(and(eq(enrolments.groupId, circleId), inArray(enrolments.userId, [taylor])));
    if (enrolled) {
      rows.push({
        organizationId: org,
        sessionId: nextCircle.id,
        groupId: circleId,
        userId: taylor,
        status: "excused",
        apologyReason: "Family visit",
        source: "apology",
        recordedBy: taylor,
        createdAt: now,
        updatedAt: now,
      });
    }
  }
  for (let i = 0; i < rows.length; i += 500) await db.insert(attendanceRecords).values(rows.slice(i, i + 500));
}
