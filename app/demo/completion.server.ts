import { and, eq } from "drizzle-orm";
import { DateTime } from "luxon";
import { db } from "~/db/client.server";
import { enrolments, groupFacilitators, groups, sessions } from "~/db/schema";
import { attendanceRecords } from "~/db/tables/attendance";
import type { CurrentUser } from "~/modules/auth/policy";
import { recordOutcome, setCriteria } from "~/modules/completion/mutations.server";
import { issueLetter, reviewRelease, revokeRelease, signRelease } from "~/modules/completion/releases/mutations.server";
import type { ReleaseTermsInput } from "~/modules/completion/releases/schema";
import type { DemoContext } from "./context";

export const DEMO_COMPLETED_GROUP = "Budgeting Basics (autumn cohort)";

/**
 * Completion demo: an earlier Budgeting Basics cohort (six weekly sessions, all past, Fran leading)
 * whose own criteria are five sessions attended with at most two unexcused absences. Lee Anderson
 * attended all six and is recorded as completed (so Lee has a certificate to download and verify);
 * Kai Thompson attended three and missed two, still enrolled, for a manager to decide.
 */
export async function seedCompletionDemo(ctx: DemoContext) {
  const { now, organizationId, userIds, manager } = ctx;
  const zone = "America/New_York";
  const firstDay = DateTime.fromJSDate(now, { zone }).startOf("day").minus({ weeks: 7 }).set({ hour: 18 });
  const [group] = await db
    .insert(groups)
    .values({ organizationId, programId: ctx.programId, kind: "class", name: DEMO_COMPLETED_GROUP, description: "The autumn run of Budgeting Basics (finished).", timezone: zone, capacity: 12, location: "Room 2" })
    .returning({ id: groups.id });
  await db.insert(groupFacilitators).values({ groupId: group.id, userId: userIds["fran@riverside.example"], organizationId });
  const held = await db
    .insert(sessions)
    .values(
      Array.from({ length: 6 }, (_, i) => {
        const start = firstDay.plus({ weeks: i });
        return { organizationId, groupId: group.id, startsAt: start.toJSDate(), endsAt: start.plus({ minutes: 90 }).toJSDate(), status: "held" as const };
      }),
    )
    .returning({ id: sessions.id, startsAt: sessions.startsAt });
  const lee = userIds["lee@riverside.example"];
  const kai = userIds["kai@riverside.example"];
  const enrolledAt = firstDay.minus({ days: 3 }).toJSDate();
  const [leeEnrolment] = await db
    .insert(enrolments)
    .values([
      { organizationId, groupId: group.id, userId: lee, createdAt: enrolledAt },
      { organizationId, groupId: group.id, userId: kai, createdAt: enrolledAt },
    ])
    .returning({ id: enrolments.id });
  const kaiMarks = ["present", "absent", "present", "absent", "present", "excused"] as const;
  await db.insert(attendanceRecords).values(
    held.flatMap((s, i) => [
      { organizationId, groupId: group.id, sessionId: s.id, userId: lee, status: "present" as const, source: "roster" as const },
      { organizationId, groupId: group.id, sessionId: s.id, userId: kai, status: kaiMarks[i], source: "roster" as const },
    ]),
  );
  await setCriteria(manager, { kind: "group", id: group.id }, { minSessionsAttended: 5, maxUnexcusedAbsences: 2 }, now);
  const lastDay = DateTime.fromJSDate(held[held.length - 1].startsAt, { zone }).toISODate()!;
  await recordOutcome(
    manager,
    group.id,
    { enrolmentId: leeEnrolment.id, outcome: "completed", reason: "", reasonText: "", transferredToGroupId: "", endedOn: lastDay, participantComment: "I have a budget I actually use now." },
    { now, baseUrl: "http://localhost" },
  );
  await seedReleasesDemo(ctx);
}

/**
 * Releases and letters demo: Pat Participant signed a release in the app for their probation
 * officer (attendance dates and totals, completion status; six months) and Morgan sent one
 * letter about the Tuesday Peer Recovery Circle under it — a recovery group, so the letter carries
 * the 42 CFR 2.32 notice. Pat also revoked an earlier release to an employer. The program is not
 * flagged as a Part 2 program (its classes and workshop letters carry no notice).
 */
export async function seedReleasesDemo(ctx: DemoContext) {
  const { now, userIds, manager } = ctx;
  const zone = "America/New_York";
  const pat: CurrentUser = { ...manager, id: userIds["pat@riverside.example"], name: "Pat Participant", email: "pat@riverside.example", timezone: "America/Los_Angeles", role: "participant" };
  const expiresOn = (months: number) => DateTime.fromJSDate(now, { zone }).plus({ months }).toISODate()!;
  const sign = async (terms: Omit<ReleaseTermsInput, "expiresOn"> & { months: number }) => {
    // The demo has one program (its classes and the recovery circle): the release names it.
    const input = { ...terms, programId: ctx.programId, expiresOn: expiresOn(terms.months) };
    const review = await reviewRelease(pat, input, now);
    return signRelease(pat, { ...input, statementHash: review.hash, signedName: pat.name }, now);
  };
  const employer = await sign({
    recipientName: "Jess Porter",
    recipientOrganization: "Springfield Hardware (HR)",
    recipientContact: "hr@springfield-hardware.example",
    purpose: "Proof that I attend the budgeting class on Monday evenings.",
    shares: ["attendance_totals"],
    months: 3,
  });
  await revokeRelease(pat, employer, now);
  const probation = await sign({
    recipientName: "Officer Dana Reyes",
    recipientOrganization: "County Probation Department",
    recipientContact: "Dana Reyes, County Probation Department, 1 Court Square, Springfield",
    purpose: "Proof of attendance for my probation review.",
    shares: ["attendance_dates", "attendance_totals", "completion_status"],
    months: 6,
  });
  const [circle] = await db
    .select({ id: enrolments.id })
    .from(enrolments)
    .where(and(eq(enrolments.groupId, ctx.groupIds["Tuesday Peer Recovery Circle"]), eq(enrolments.userId, pat.id)));
  await issueLetter(manager, circle.id, probation, now);
}
