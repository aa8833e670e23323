import { and, eq } from "drizzle-orm";
import { db } from "~/db/client.server";
import { attendanceRecords } from "~/db/tables/attendance";
import { enrolments, sessions } from "~/db/schema";
import { createProposal } from "~/modules/voice/proposals/mutations.server";
import { createPerson, type Person, type Scenario } from "./scenario";

/**
 * A session of the scenario's group that ended an hour before `now` and was held. Everyone
 * enrolled in the group at that moment is marked present (only attendees may give feedback),
 * unless `markAttendance` is false.
 */
export async function createHeldSession(s: Scenario, now = new Date(), hoursAgo = 1, options: { markAttendance?: boolean } = {}) {
  const endsAt = new Date(now.getTime() - hoursAgo * 3_600_000);
  const [row] = await db
    .insert(sessions)
    .values({
      organizationId: s.org.id,
      groupId: s.group.id,
      startsAt: new Date(endsAt.getTime() - 3_600_000),
      endsAt,
      status: "held",
    })
    .returning();
  if (options.markAttendance ?? true) {
    const enrolled = await db.select({ userId: enrolments.userId }).from(enrolments).where(and(eq(enrolments.groupId, s.group.id), eq(enrolments.status, "enrolled")));
    if (enrolled.length) {
      await db.insert(attendanceRecords).values(
        enrolled.map((e) => ({ organizationId: s.org.id, sessionId: row.id, groupId: s.group.id, userId: e.userId, status: "present" as const, source: "roster" as const })),
      );
    }
  }
  return row;
}

/** More participants enrolled in the scenario's group. */
export async function enrolParticipants(s: Scenario, count: number): Promise<Person[]> {
  const people = await Promise.all(Array.from({ length: count }, () => createPerson(s.org, "participant")));
  await db.insert(enrolments).values(people.map((p) => ({ groupId: s.group.id, userId: p.id, organizationId: s.org.id })));
  return people;
}

/** Form fields answering every question with `rating`. */
export function ratingsForm(questionIds: string[], rating: number, extra: Record<string, string> = {}) {
  return { ...Object.fromEntries(questionIds.map((id) => [`q_${id}`, String(rating)])), ...extra };
}

/** A rules proposal for the scenario's group by `proposer`, open for a day from `now` (agree / disagree / abstain). */
export async function openGroupProposal(s: Scenario, proposer: Person, title: string, now = new Date()) {
  const proposal = await createProposal(
    proposer,
    {
      target: { scope: "group", id: s.group.id },
      topic: "rules",
      title,
      description: "d",
      voting: "agree",
      options: [],
      anonymousVotes: false,
      closesAt: new Date(now.getTime() + 86_400_000),
    },
    now,
  );
  return proposal.id;
}
