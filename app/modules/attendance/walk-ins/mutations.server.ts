/** Walk-ins: someone not enrolled is added to a session's roster (a new participant, or a namesake already in the organisation). */
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { db, type Executor } from "~/db/client.server";
import { enrolments, memberships, users } from "~/db/schema";
import { attendanceRecords } from "~/db/tables/attendance";
import { audit } from "~/modules/audit/mutations.server";
import type { CurrentUser } from "~/modules/auth/policy";
import { UserInputError } from "~/modules/errors";
import { claimForm, recordOutcome, type FormClaim } from "~/modules/forms/mutations.server";
import { emailHint, sameNameKey, WALK_IN_EMAIL_DOMAIN } from "../walk-ins";
import { findSessionForStaff } from "../queries.server";
import { timesForStatus } from "../rules";
import { assertMarkable, holdIfStarted, writeMark } from "../roster/mutations.server";

/**
 * Whether the person is a participant of the organisation; one whose membership was deactivated is
 * refused with a clear message (the walk-in search leaves them out; a manager reactivates them
 * first), so no attendance is written for someone whose access here has ended.
 */
async function participantMember(tx: Executor, organizationId: string, userId: string, field: "userId" | "email" = "userId") {
  const [row] = await tx
    .select({ name: users.name, deactivatedAt: memberships.deactivatedAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId), eq(memberships.role, "participant")));
  if (row?.deactivatedAt) {
    throw new UserInputError(`${row.name}'s membership of this organisation has ended. A manager can reactivate them on People and roles; then add them here.`, field);
  }
  return Boolean(row);
}

export { WALK_IN_EMAIL_DOMAIN };

export type Namesake = { userId: string; name: string; emailHint: string; onRoster: boolean };

/** A new walk-in has the name of a participant already in the organisation: the roster suggests them instead. */
export class NamesakeError extends UserInputError {
  constructor(
    name: string,
    public namesakes: Namesake[],
  ) {
    super(
      `${namesakes.length === 1 ? "A participant" : `${namesakes.length} participants`} called “${name}” already ${namesakes.length === 1 ? "has" : "have"} a record. Add the existing person below, or tick “This is a different person” to add someone new.`,
      "name",
    );
  }
}

/** Participants of the organisation whose name is the same, ignoring case and spacing. */
async function findNamesakes(tx: Executor, organizationId: string, sessionId: string, name: string): Promise<Namesake[]> {
  const rows = await tx
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      onRoster: sql<boolean>`exists (select 1 from ${attendanceRecords} where ${attendanceRecords.sessionId} = ${sessionId} and ${attendanceRecords.userId} = ${users.id})`,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.organizationId, organizationId),
        eq(memberships.role, "participant"),
        sql`lower(regexp_replace(btrim(${users.name}), '\\s+', ' ', 'g')) = ${sameNameKey(name)}`,
      ),
    )
    .orderBy(users.createdAt)
    .limit(5);
  return rows.map((r) => ({ userId: r.userId, name: r.name, emailHint: emailHint(r.email), onRoster: r.onRoster }));
}

/**
 * Adds someone who is not enrolled: an existing participant, or a new person with minimal details.
 * A new person with the name of an existing participant is not created unless the facilitator
 * says it is a different person (`differentPerson`): a `NamesakeError` lists who to add instead.
 * A typed address is nobody's confirmed address: nothing addressed to the person goes there
 * (processOutbox) until its owner confirms it — with "Forgot your password?" and that address (a
 * never-confirmed account's reset asks for their own name, zone and password and keeps the
 * staff-made membership). No email is sent there to offer it: a mistyped address is a stranger's
 * mailbox, and its link would hand the stranger this person's record. `emailUnconfirmed` tells the
 * facilitator so.
 */
export async function addWalkIn(
  user: CurrentUser,
  sessionId: string,
  input: { userId: string } | { name: string; email: string; differentPerson?: boolean },
  now = new Date(),
  /** The form's one-time token: the same form sent again adds no one and answers as the first did. */
  claim?: FormClaim,
): Promise<{ userId: string; changed: boolean; repeated?: true; emailUnconfirmed?: true }> {
  return db.transaction(async (tx) => {
    const session = await findSessionForStaff(tx, user, sessionId);
    if (claim) {
      const first = await claimForm<{ userId: string }>(tx, session.organizationId, claim);
      if (first) return { userId: first.outcome.userId, changed: false, repeated: true as const };
    }
    assertMarkable(session, now);
    if (!session.settings.allowWalkIns) {
      throw new UserInputError("Walk-ins are not allowed in this group. A manager can allow them in the group's attendance settings.");
    }
    let personId: string;
    let emailUnconfirmed = false;
    if ("userId" in input) {
      if (!(await participantMember(tx, session.organizationId, input.userId))) {
        throw new UserInputError("Choose a participant of your organisation.", "userId");
      }
      personId = input.userId;
    } else {
      const email = input.email || `walk-in+${randomUUID()}@${WALK_IN_EMAIL_DOMAIN}`;
      // Two staff adding the same newcomer at once (two phones, two forms): the name, then the
      // address, are locked until commit, so the second sees the person the first created (a
      // namesake to choose, or the same address) instead of creating a second record or failing
      // on the unique email. Always name before email, so two of these never wait on each other.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`walk-in-name:${session.organizationId}:${sameNameKey(input.name)}`}, 0))`);
      if (input.email) await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`walk-in-email:${email.toLowerCase()}`}, 0))`);
      const [taken] = await tx.select({ id: users.id, confirmedAt: users.emailConfirmedAt }).from(users).where(eq(users.email, email));
      if (!taken && !input.differentPerson) {
        const namesakes = await findNamesakes(tx, session.organizationId, session.id, input.name);
        if (namesakes.length) throw new NamesakeError(input.name, namesakes);
      }
      if (taken) {
        if (!(await participantMember(tx, session.organizationId, taken.id, "email"))) {
          throw new UserInputError("This email is already in use. Search for the person instead, or leave the email empty.", "email");
        }
        personId = taken.id;
        emailUnconfirmed = Boolean(input.email) && taken.confirmedAt === null;
      } else {
        const [created] = await tx
          .insert(users)
          .values({ email, name: input.name, timezone: session.timezone })
          .returning({ id: users.id });
        await tx.insert(memberships).values({ userId: created.id, organizationId: session.organizationId, role: "participant" });
        await audit(tx, {
          organizationId: session.organizationId,
          actorId: user.id,
          action: "person.create_walk_in",
          subjectType: "user",
          subjectId: created.id,
          after: { name: input.name, email: input.email || null, sessionId: session.id },
        });
        personId = created.id;
        emailUnconfirmed = Boolean(input.email);
      }
    }
    const [enrolled] = await tx
      .select({ id: enrolments.id })
      .from(enrolments)
      .where(and(eq(enrolments.groupId, session.groupId), eq(enrolments.userId, personId), eq(enrolments.status, "enrolled")));
    await holdIfStarted(tx, session, user, now);
    const result = await writeMark(tx, {
      session,
      userId: personId,
      actorId: user.id,
      source: "roster",
      now,
      action: "attendance.walk_in",
      patch: (existing) =>
        existing && existing.status !== "absent" && existing.status !== "excused"
          ? null
          : { status: "present", ...timesForStatus("present", now, session, null), walkIn: !enrolled },
    });
    if (claim) await recordOutcome(tx, claim, { userId: personId });
    return { userId: personId, changed: result.changed, ...(emailUnconfirmed ? { emailUnconfirmed: true as const } : {}) };
  });
}
