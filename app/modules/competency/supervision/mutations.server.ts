import { and, eq, isNull } from "drizzle-orm";
import { db } from "~/db/client.server";
import { memberships } from "~/db/schema";
import { competencySupervisionEntries } from "~/db/tables/competency";
import { audit } from "~/modules/audit/mutations.server";
import { canManage, type CurrentUser, type Role } from "~/modules/auth/policy";
import { todayInZone } from "~/modules/competency/expiry";
import { canRecordSupervision } from "~/modules/competency/policy";
import { orgZone, subjectOf } from "~/modules/competency/queries.server";
import type { SupervisionEntryInput } from "~/modules/competency/schema";
import { UserInputError } from "~/modules/errors";
import { claimForm, recordOutcome, type FormClaim } from "~/modules/forms/mutations.server";

/** The earliest session date the log accepts (older dates are almost certainly typing mistakes). */
export const EARLIEST_SUPERVISION_DATE = "2000-01-01";

/**
 * Records one supervision or mentoring session with a peer worker (PA-CSE 2.06). The supervisor
 * must supervise the peer worker now; a supervisor records their own sessions, and a manager may
 * record one for any current supervisor. Audited against the peer worker.
 */
export async function addSupervisionEntry(
  user: CurrentUser,
  input: SupervisionEntryInput,
  now: Date,
  /** The form's one-time token: the same session sent again is not recorded twice. */
  claim?: FormClaim,
): Promise<{ id: string }> {
  return db.transaction(async (tx) => {
    if (claim) {
      const first = await claimForm<{ id: string }>(tx, user.organizationId, claim);
      if (first) return first.outcome;
    }
    const staffRole = async (userId: string) => {
      const [row] = await tx
        .select({ role: memberships.role })
        .from(memberships)
        .where(and(eq(memberships.organizationId, user.organizationId), eq(memberships.userId, userId), isNull(memberships.deactivatedAt)));
      return row && row.role !== "participant" ? (row.role as Role) : null;
    };
    const peerRole = await staffRole(input.peerWorkerId);
    if (!peerRole) throw new UserInputError("Choose a peer worker from your organisation's staff who are active now.", "peerWorkerId");
    const supervisorRole = await staffRole(input.supervisorId);
    if (!supervisorRole) throw new UserInputError("Choose a supervisor from your organisation's staff who are active now.", "supervisorId");
    if (input.supervisorId === input.peerWorkerId) throw new UserInputError("Nobody supervises themself; choose someone else.", "supervisorId");
    if (input.supervisorId !== user.id && !canManage(user.role)) {
      throw new UserInputError("Record your own supervision sessions; a manager may record one for another supervisor.", "supervisorId");
    }
    const subject = await subjectOf(tx, user.organizationId, input.peerWorkerId);
    if (!canRecordSupervision(user, subject)) {
      throw new UserInputError(
        user.id === input.peerWorkerId ? "Your supervisor records your supervision sessions, not you." : "You do not supervise this peer worker.",
        "peerWorkerId",
      );
    }
    const supervisor = { ...user, id: input.supervisorId, role: supervisorRole };
    if (!canRecordSupervision(supervisor, subject)) {
      throw new UserInputError("This person does not supervise the peer worker. Name their supervisor in Caseload and supervisors first.", "supervisorId");
    }
    const today = todayInZone(now, await orgZone(tx, user.organizationId));
    if (input.heldOn > today) throw new UserInputError("The session cannot be in the future.", "heldOn");
    if (input.heldOn < EARLIEST_SUPERVISION_DATE) throw new UserInputError("Enter a date from 2000 onward.", "heldOn");
    const [entry] = await tx
      .insert(competencySupervisionEntries)
      .values({ organizationId: user.organizationId, ...input, recordedBy: user.id })
      .returning({ id: competencySupervisionEntries.id });
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "competency.supervision.create",
      subjectType: "competency_supervision_entry",
      subjectId: entry.id,
      subjectUserId: input.peerWorkerId,
      after: { heldOn: input.heldOn, supervisorId: input.supervisorId, minutes: input.minutes, mentoring: input.mentoring },
    });
    if (claim) await recordOutcome(tx, claim, { id: entry.id });
    return entry;
  });
}
