import { and, eq } from "drizzle-orm";
import { db } from "~/db/client.server";
import { groupFacilitators, groups, memberships, sessions } from "~/db/schema";
import { competencyObservationRatings, competencyObservations, competencyRecords } from "~/db/tables/competency";
import { audit } from "~/modules/audit/mutations.server";
import type { CurrentUser } from "~/modules/auth/policy";
import { UserInputError } from "~/modules/errors";
import { computeExpiry, deriveStatus, todayInZone } from "~/modules/competency/expiry";
import { canObserve } from "~/modules/competency/policy";
import { loadFramework, orgZone, recordsFor, subjectOf } from "~/modules/competency/queries.server";
import { addEvidenceRow } from "~/modules/competency/records/mutations.server";
import { DEMONSTRATION_RATING, type RatingInput } from "~/modules/competency/schema";

/**
 * A supervisor's observation of a session the facilitator led. Each rating of 3 or more counts as
 * demonstration of that competency (dated the session's day), to be verified separately.
 */
export async function recordObservation(
  user: CurrentUser,
  input: { facilitatorId: string; sessionId: string; notes: string; ratings: RatingInput[] },
  now: Date,
) {
  return db.transaction(async (tx) => {
    const [member] = await tx
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.organizationId, user.organizationId), eq(memberships.userId, input.facilitatorId)));
    if (!member || member.role === "participant") throw new UserInputError("Choose a facilitator from your organisation.", "facilitatorId");
    if (!canObserve(user, await subjectOf(tx, user.organizationId, input.facilitatorId))) {
      throw new UserInputError(
        user.id === input.facilitatorId ? "You cannot observe yourself; your supervisor records observations of you." : "You do not supervise this facilitator.",
        "facilitatorId",
      );
    }
    const [session] = await tx
      .select({ id: sessions.id, startsAt: sessions.startsAt, status: sessions.status, groupName: groups.name })
      .from(sessions)
      .innerJoin(groups, eq(groups.id, sessions.groupId))
      .innerJoin(groupFacilitators, and(eq(groupFacilitators.groupId, groups.id), eq(groupFacilitators.userId, input.facilitatorId)))
      .where(and(eq(sessions.id, input.sessionId), eq(sessions.organizationId, user.organizationId)));
    if (!session) throw new UserInputError("Choose a session this facilitator led.", "sessionId");
    if (session.status === "cancelled") throw new UserInputError("This session was cancelled; choose one that took place.", "sessionId");
    if (session.startsAt.getTime() > now.getTime()) throw new UserInputError("This session has not started yet; observe it first.", "sessionId");
    const zone = await orgZone(tx, user.organizationId);
    const sessionDay = todayInZone(session.startsAt, zone);
    const today = todayInZone(now, zone);
    const observable = (await loadFramework(tx, user.organizationId)).filter((i) => i.observable);
    for (const r of input.ratings) {
      if (!observable.some((i) => i.id === r.itemId)) throw new UserInputError("Rate only the competencies listed.", "_form");
    }
    const [observation] = await tx
      .insert(competencyObservations)
      .values({ organizationId: user.organizationId, facilitatorId: input.facilitatorId, observerId: user.id, sessionId: session.id, notes: input.notes })
      .returning({ id: competencyObservations.id });
    await tx
      .insert(competencyObservationRatings)
      .values(input.ratings.map((r) => ({ ...r, observationId: observation.id, organizationId: user.organizationId })));
    const existing = await recordsFor(tx, user.organizationId, [input.facilitatorId]);
    let demonstrated = 0;
    for (const rating of input.ratings) {
      const item = observable.find((i) => i.id === rating.itemId)!;
      let record = existing.find((r) => r.itemId === rating.itemId);
      if (!record) {
        [record] = await tx
          .insert(competencyRecords)
          .values({ organizationId: user.organizationId, userId: input.facilitatorId, itemId: item.id })
          .returning();
      }
      const current = deriveStatus(record, today);
      const label = `Observed ${session.groupName} on ${sessionDay}: rated ${rating.rating} of 4.${rating.note ? ` ${rating.note}` : ""}`;
      await addEvidenceRow(tx, user, record.id, { kind: "observation", observationId: observation.id, note: label });
      const expiresOn = computeExpiry(sessionDay, item.validityMonths);
      if (rating.rating >= DEMONSTRATION_RATING && current !== "verified" && (!expiresOn || expiresOn > today)) {
        demonstrated++;
        await tx
          .update(competencyRecords)
          .set({ status: "demonstrated", achievedOn: sessionDay, expiresOn, assessedBy: user.id, assessedAt: now, verifiedBy: null, verifiedAt: null, updatedAt: now })
          .where(eq(competencyRecords.id, record.id));
      } else if (rating.rating < DEMONSTRATION_RATING && (current === "not_started" || current === "expired")) {
        await tx
          .update(competencyRecords)
          .set({ status: "in_progress", assessedBy: user.id, assessedAt: now, updatedAt: now })
          .where(eq(competencyRecords.id, record.id));
      }
    }
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "competency.observation.create",
      subjectType: "competency_observation",
      subjectId: observation.id,
      after: { facilitatorId: input.facilitatorId, sessionId: session.id, ratings: input.ratings.map((r) => ({ itemId: r.itemId, rating: r.rating })) },
    });
    return { id: observation.id, demonstrated };
  });
}
