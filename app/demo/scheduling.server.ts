import { inArray } from "drizzle-orm";
import { DateTime } from "luxon";
import { db } from "~/db/client.server";
import { enrolments, groupFacilitators, groups, users } from "~/db/schema";
import { availabilityExceptions, availabilityWindows, roundInvitees, schedulingRounds } from "~/db/tables/scheduling";
import { normaliseWindows, type Window } from "~/modules/availability/windows";
import type { DemoContext } from "./context";

type Entry = [Window["day"], string, string];

/**
 * Demo for scheduling: a new "Wellness Workshop" group with an OPEN scheduling round, 12 people
 * asked (in eight time zones), 11 of whom entered weekly availability in their own zone, one away
 * for a week, and both facilitators' availability — so the heatmap, the ranked times and the
 * suggested cohorts show right after `npm start`. Lee and Kai have not answered yet.
 */
const PEOPLE: Record<string, { status: "enrolled" | "interested"; weekly: Entry[] }> = {
  "sam@riverside.example": { status: "enrolled", weekly: [["tue", "09:00", "12:00"], ["thu", "17:30", "21:00"]] },
  "alex@riverside.example": { status: "interested", weekly: [["thu", "16:00", "20:00"], ["mon", "18:00", "21:00"]] },
  "jordan@riverside.example": { status: "interested", weekly: [["tue", "14:00", "18:00"], ["wed", "14:00", "17:00"]] },
  "casey@riverside.example": { status: "enrolled", weekly: [["thu", "15:00", "19:00"], ["tue", "07:00", "10:00"]] },
  "riley@riverside.example": { status: "interested", weekly: [["thu", "14:00", "18:00"]] },
  "taylor@riverside.example": { status: "interested", weekly: [["mon", "18:00", "21:00"], ["thu", "18:00", "21:00"]] },
  "jamie@riverside.example": { status: "interested", weekly: [["tue", "19:00", "23:30"]] },
  "drew@riverside.example": { status: "enrolled", weekly: [["thu", "17:00", "20:00"], ["tue", "10:00", "12:30"]] },
  // A night owl in Sydney: Tuesday 23:00 until 04:00 on Wednesday (a window past midnight).
  "quinn@riverside.example": { status: "interested", weekly: [["tue", "23:00", "04:00"]] },
  "robin@riverside.example": { status: "interested", weekly: [["tue", "07:00", "10:00"], ["thu", "14:00", "17:00"]] },
  "kai@riverside.example": { status: "interested", weekly: [] },
  "lee@riverside.example": { status: "interested", weekly: [] },
};

const FACILITATORS: Record<string, Entry[]> = {
  "fran@riverside.example": [["mon", "09:00", "12:00"], ["tue", "09:00", "13:00"], ["thu", "16:00", "21:00"]],
  "felix@riverside.example": [["tue", "08:00", "12:00"], ["wed", "10:00", "14:00"], ["thu", "15:00", "20:00"]],
};

export async function seedScheduling(ctx: DemoContext): Promise<void> {
  const zone = "America/New_York";
  const [group] = await db
    .insert(groups)
    .values({
      organizationId: ctx.organizationId,
      programId: ctx.programId,
      kind: "workshop",
      name: "Wellness Workshop",
      description: "Eight weekly sessions on sleep, stress and everyday wellbeing. We are finding the times that suit the most people.",
      timezone: zone,
      capacity: 16,
      location: "Room 3, 120 River Street",
      onlineUrl: "https://meet.example.org/riverside-wellness",
      language: "en",
    })
    .returning({ id: groups.id });
  await db.insert(groupFacilitators).values(
    Object.keys(FACILITATORS).map((email) => ({ groupId: group.id, userId: ctx.userIds[email], organizationId: ctx.organizationId })),
  );
  const emails = [...Object.keys(PEOPLE), ...Object.keys(FACILITATORS)];
  const zones = new Map(
    (await db.select({ id: users.id, timezone: users.timezone }).from(users).where(inArray(users.id, emails.map((e) => ctx.userIds[e])))).map((u) => [u.id, u.timezone]),
  );
  const windowRows = (email: string, entries: Entry[]) => {
    const userId = ctx.userIds[email];
    return normaliseWindows(entries.map(([day, start, end]) => ({ day, start, end }))).map((w) => ({
      organizationId: ctx.organizationId,
      userId,
      day: w.day,
      startTime: w.start,
      endTime: w.end,
      timezone: zones.get(userId)!,
    }));
  };
  const rows = [
    ...Object.entries(PEOPLE).flatMap(([email, p]) => windowRows(email, p.weekly)),
    ...Object.entries(FACILITATORS).flatMap(([email, entries]) => windowRows(email, entries)),
  ];
  await db.insert(availabilityWindows).values(rows);
  await db.insert(enrolments).values(
    Object.entries(PEOPLE).map(([email, p]) => ({ organizationId: ctx.organizationId, groupId: group.id, userId: ctx.userIds[email], status: p.status })),
  );

  const today = DateTime.fromJSDate(ctx.now, { zone });
  const start = today.startOf("week").plus({ weeks: 2 });
  const end = start.plus({ weeks: 8 }).minus({ days: 1 });
  const holiday = start.plus({ days: 17 }).toISODate()!; // a Thursday in week 3
  // Jordan is away for a week in the middle of the round (whole days, London time).
  const awayFrom = start.plus({ weeks: 3 });
  await db.insert(availabilityExceptions).values({
    organizationId: ctx.organizationId,
    userId: ctx.userIds["jordan@riverside.example"],
    startLocal: `${awayFrom.toISODate()}T00:00`,
    endLocal: `${awayFrom.plus({ days: 7 }).toISODate()}T00:00`,
    timezone: "Europe/London",
    note: "Family visit",
  });
  const [round] = await db
    .insert(schedulingRounds)
    .values({
      organizationId: ctx.organizationId,
      groupId: group.id,
      status: "open",
      startDate: start.toISODate()!,
      endDate: end.toISODate()!,
      durationMinutes: 90,
      stepMinutes: 30,
      dayStart: "09:00",
      dayEnd: "21:00",
      weekdays: ["mon", "tue", "wed", "thu", "fri"],
      sections: 2,
      capacity: 8,
      minParticipants: 3,
      skipDates: [holiday],
      createdBy: ctx.manager.id,
      createdAt: new Date(ctx.now.getTime() - 3 * 86_400_000),
    })
    .returning({ id: schedulingRounds.id });
  const invitedAt = new Date(ctx.now.getTime() - 3 * 86_400_000);
  await db.insert(roundInvitees).values(
    Object.entries(PEOPLE).map(([email, p], i) => ({
      roundId: round.id,
      userId: ctx.userIds[email],
      organizationId: ctx.organizationId,
      invitedAt,
      respondedAt: p.weekly.length ? new Date(invitedAt.getTime() + (i + 1) * 3_600_000) : null,
    })),
  );
}
