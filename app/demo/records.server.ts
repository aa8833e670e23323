import { and, desc, eq, inArray, lt, sql } from "drizzle-orm";
import { db } from "~/db/client.server";
import { enrolments, groupFacilitators, groups, sessions, users } from "~/db/schema";
import { attendanceRecords } from "~/db/tables/attendance";
import { goalObjectives, participantGoals } from "~/db/tables/metrics";
import { groupNotes, incidentActions, incidents, individualContacts, progressNotes, recordAddenda } from "~/db/tables/records";
import type { DemoContext } from "./context";

const HOUR = 3_600_000;

/**
 * Service-records demo (after the metrics demo, whose goals the progress notes link to): on Fran's
 * Budgeting Basics, the latest past session with attendance is left without a note (for Fran to
 * write), the two before it have signed group notes with signed progress notes (one with an
 * addendum and an open incident), and the one before those a draft note — overdue in the report.
 */
export async function seedRecordsDemo(ctx: DemoContext) {
  const { now, organizationId: org, userIds } = ctx;
  const fran = userIds["fran@riverside.example"];
  const groupId = ctx.groupIds["Budgeting Basics"];
  const held = await db
    .select({ id: sessions.id, startsAt: sessions.startsAt, endsAt: sessions.endsAt })
    .from(sessions)
    .where(
      and(
        eq(sessions.groupId, groupId),
        lt(sessions.endsAt, now),
        sql`(select count(*) from ${attendanceRecords} a where a.session_id = ${sessions.id} and a.status in ('present', 'late', 'left_early')) >= 2`,
      ),
    )
    .orderBy(desc(sessions.startsAt))
    .limit(4);
  if (held.length < 4) return;
  const [, second, third, fourth] = held;
  const attendees = async (sessionId: string) =>
    db
      .select({ userId: attendanceRecords.userId, email: users.email })
      .from(attendanceRecords)
      .innerJoin(users, eq(users.id, attendanceRecords.userId))
      .where(and(eq(attendanceRecords.sessionId, sessionId), inArray(attendanceRecords.status, ["present", "late", "left_early"])))
      .orderBy(users.email);
  const objectiveOf = async (participantId: string) => {
    const [row] = await db
      .select({ id: goalObjectives.id })
      .from(goalObjectives)
      .innerJoin(participantGoals, eq(participantGoals.id, goalObjectives.goalId))
      .where(and(eq(participantGoals.participantId, participantId), eq(participantGoals.status, "active")))
      .orderBy(goalObjectives.position)
      .limit(1);
    return row?.id ?? null;
  };

  const units = [
    { session: second, topic: "Unit 4: Tracking spending", activities: "Each person went through last week's receipts and sorted them into needs and wants.", dynamics: "Lively; Pat helped two newer members with the worksheet.", followUps: "Bring one bill to the next session." },
    { session: third, topic: "Unit 3: Needs and wants", activities: "Group sorting game with everyday purchases, then a short discussion.", dynamics: "A quieter group this week; everyone spoke at least once.", followUps: "" },
  ];
  for (const [i, unit] of units.entries()) {
    const signedAt = new Date(unit.session.endsAt.getTime() + (i + 2) * HOUR);
    const [note] = await db
      .insert(groupNotes)
      .values({
        organizationId: org,
        sessionId: unit.session.id,
        groupId,
        authorId: fran,
        topic: unit.topic,
        activities: unit.activities,
        groupDynamics: unit.dynamics,
        followUps: unit.followUps,
        createdAt: signedAt,
        updatedAt: signedAt,
        updatedBy: fran,
        signedAt,
        signedBy: fran,
      })
      .returning({ id: groupNotes.id });
    for (const [j, person] of (await attendees(unit.session.id)).slice(0, 2).entries()) {
      const objectiveId = await objectiveOf(person.userId);
      const [progress] = await db
        .insert(progressNotes)
        .values({
          organizationId: org,
          sessionId: unit.session.id,
          groupId,
          participantId: person.userId,
          authorId: fran,
          objectiveId,
          workedOn: j === 0 ? "Sorted a week of receipts into needs and wants." : "Listed regular bills and their due dates.",
          progressRating: j === 0 ? 4 : 3,
          nextStep: j === 0 ? "Keep the spending diary for another week." : "Set a reminder for the phone bill.",
          minutesOfService: 90,
          createdAt: signedAt,
          updatedAt: signedAt,
          updatedBy: fran,
          signedAt,
          signedBy: fran,
        })
        .returning({ id: progressNotes.id });
      if (i === 0 && j === 0) {
        await db.insert(recordAddenda).values({ organizationId: org, noteKind: "progress", noteId: progress.id, authorId: fran, body: "Called the next day: the diary is up to date.", createdAt: new Date(signedAt.getTime() + 20 * HOUR) });
      }
    }
    if (i === 0) {
      const [incident] = await db
        .insert(incidents)
        .values({
          organizationId: org,
          groupNoteId: note.id,
          sessionId: unit.session.id,
          groupId,
          whatHappened: "A member became very distressed talking about debt and left the room; Fran followed and stayed with them until they felt calmer.",
          whoWasNotified: "Morgan Manager, by phone the same evening",
          reportedBy: fran,
          createdAt: signedAt,
        })
        .returning({ id: incidents.id });
      const due = new Date(now.getTime() + 3 * 86_400_000).toISOString().slice(0, 10);
      await db.insert(incidentActions).values({ organizationId: org, incidentId: incident.id, description: "Offer a referral to free debt advice", ownerId: fran, dueDate: due, createdAt: signedAt });
    }
  }
  // A draft left unsigned: overdue in the manager report.
  await db.insert(groupNotes).values({
    organizationId: org,
    sessionId: fourth.id,
    groupId,
    authorId: fran,
    topic: "Unit 2: Where the money goes",
    activities: "Started a spending diary together.",
    createdAt: new Date(fourth.endsAt.getTime() + HOUR),
    updatedAt: new Date(fourth.endsAt.getTime() + HOUR),
    updatedBy: fran,
  });
  await seedContacts(ctx, objectiveOf);
}

const DAY = 24 * HOUR;
const civil = (d: Date) => d.toISOString().slice(0, 10);

/**
 * One-to-one contacts: Fran's two signed contacts with Pat outside the group (a phone call and a
 * meeting, on Pat's first objective) — one with an addendum — and a draft still to sign; under the
 * program of Fran's group that Pat attends (its staff read them).
 */
async function seedContacts(ctx: DemoContext, objectiveOf: (participantId: string) => Promise<string | null>) {
  const { now, organizationId: org, userIds } = ctx;
  const fran = userIds["fran@riverside.example"];
  const pat = userIds["pat@riverside.example"];
  const objectiveId = await objectiveOf(pat);
  const [program] = await db
    .select({ id: groups.programId })
    .from(groups)
    .innerJoin(groupFacilitators, and(eq(groupFacilitators.groupId, groups.id), eq(groupFacilitators.userId, fran)))
    .innerJoin(enrolments, and(eq(enrolments.groupId, groups.id), eq(enrolments.userId, pat), eq(enrolments.status, "enrolled")))
    .where(eq(groups.organizationId, org))
    .limit(1);
  const contacts = [
    { days: 9, minutes: 20, mode: "phone" as const, component: "activation_engagement" as const, note: "Pat called after missing a session; we went through the week's worksheet together and Pat will come on Monday.", signed: true },
    { days: 4, minutes: 45, mode: "in_person" as const, component: "advocacy" as const, note: "Met at the library to prepare questions for the utility company about a payment plan; Pat made the call while I was there.", signed: true },
    { days: 1, minutes: 30, mode: "video" as const, component: "community_participation" as const, note: "Looked at the free money workshops at the library next month.", signed: false },
  ];
  for (const c of contacts) {
    const at = new Date(now.getTime() - c.days * DAY);
    const [row] = await db
      .insert(individualContacts)
      .values({
        organizationId: org,
        participantId: pat,
        authorId: fran,
        programId: program?.id ?? null,
        contactDate: civil(at),
        minutes: c.minutes,
        mode: c.mode,
        component: c.component,
        objectiveId,
        note: c.note,
        createdAt: at,
        updatedAt: at,
        updatedBy: fran,
        signedAt: c.signed ? new Date(at.getTime() + HOUR) : null,
        signedBy: c.signed ? fran : null,
      })
      .returning({ id: individualContacts.id });
    if (c.days === 9) {
      await db.insert(recordAddenda).values({ organizationId: org, noteKind: "contact", noteId: row.id, authorId: fran, body: "Pat came on Monday as planned.", createdAt: new Date(at.getTime() + 3 * DAY) });
    }
  }
}
