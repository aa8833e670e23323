import { and, eq } from "drizzle-orm";
import { db, type Executor } from "~/db/client.server";
import { memberships } from "~/db/schema";
import { competencyCaseloadLimits, competencyItems, competencySettings, competencySupervisors } from "~/db/tables/competency";
import { audit } from "~/modules/audit/mutations.server";
import type { CurrentUser } from "~/modules/auth/policy";
import { forbidden, notFound, UserInputError } from "~/modules/errors";
import { canEditCompetencySettings } from "~/modules/competency/policy";
import { getSettings } from "~/modules/competency/queries.server";
import type { CaseloadLimitInput, SettingsInput } from "~/modules/competency/schema";

async function assertStaff(exec: Executor, organizationId: string, userId: string, field: string, message: string) {
  const [row] = await exec
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId)));
  if (!row || row.role === "participant") throw new UserInputError(message, field);
  return row.role;
}

export async function saveCompetencySettings(user: CurrentUser, input: SettingsInput) {
  if (!canEditCompetencySettings(user)) forbidden();
  await db.transaction(async (tx) => {
    if (input.defaultSupervisorId) {
      await assertStaff(tx, user.organizationId, input.defaultSupervisorId, "defaultSupervisorId", "Choose a supervisor from your organisation's staff.");
    }
    const before = await getSettings(tx, user.organizationId);
    await tx
      .insert(competencySettings)
      .values({ organizationId: user.organizationId, ...input, updatedAt: new Date() })
      .onConflictDoUpdate({ target: competencySettings.organizationId, set: { ...input, updatedAt: new Date() } });
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "competency.settings.update",
      subjectType: "organization",
      subjectId: user.organizationId,
      before: {
        maxGroupsPerFacilitator: before.maxGroupsPerFacilitator,
        maxParticipantsPerFacilitator: before.maxParticipantsPerFacilitator,
        defaultSupervisorId: before.defaultSupervisorId,
        urgentParticipantWeight: before.urgentParticipantWeight,
      },
      after: input,
    });
  });
}

export async function setSupervisor(user: CurrentUser, input: { facilitatorId: string; supervisorId: string | null }) {
  if (!canEditCompetencySettings(user)) forbidden();
  await db.transaction(async (tx) => {
    await assertStaff(tx, user.organizationId, input.facilitatorId, "facilitatorId", "Choose a facilitator from your organisation.");
    if (input.supervisorId) {
      if (input.supervisorId === input.facilitatorId) throw new UserInputError("Nobody supervises themself; choose someone else.", "supervisorId");
      await assertStaff(tx, user.organizationId, input.supervisorId, "supervisorId", "Choose a supervisor from your organisation's staff.");
      await tx
        .insert(competencySupervisors)
        .values({ organizationId: user.organizationId, facilitatorId: input.facilitatorId, supervisorId: input.supervisorId })
        .onConflictDoUpdate({ target: [competencySupervisors.organizationId, competencySupervisors.facilitatorId], set: { supervisorId: input.supervisorId } });
    } else {
      await tx
        .delete(competencySupervisors)
        .where(and(eq(competencySupervisors.organizationId, user.organizationId), eq(competencySupervisors.facilitatorId, input.facilitatorId)));
    }
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "competency.supervisor.set",
      subjectType: "user",
      subjectId: input.facilitatorId,
      after: { supervisorId: input.supervisorId },
    });
  });
}

/**
 * Sets the caseload limit for one role or one qualification (PA-CSE 2.08), replacing the one it
 * had. The qualification must be an item of the organisation's framework.
 */
export async function setCaseloadLimit(user: CurrentUser, input: CaseloadLimitInput) {
  if (!canEditCompetencySettings(user)) forbidden();
  await db.transaction(async (tx) => {
    const { role, itemId } = input.appliesTo;
    if (itemId) {
      const [item] = await tx
        .select({ id: competencyItems.id })
        .from(competencyItems)
        .where(and(eq(competencyItems.id, itemId), eq(competencyItems.organizationId, user.organizationId)));
      if (!item) throw new UserInputError("Choose a qualification from your organisation's framework.", "appliesTo");
    }
    const basis = role ? eq(competencyCaseloadLimits.role, role) : eq(competencyCaseloadLimits.itemId, itemId!);
    const [before] = await tx
      .select()
      .from(competencyCaseloadLimits)
      .where(and(eq(competencyCaseloadLimits.organizationId, user.organizationId), basis))
      .for("update");
    const values = { maxGroups: input.maxGroups, maxParticipants: input.maxParticipants };
    let id: string;
    if (before) {
      await tx.update(competencyCaseloadLimits).set(values).where(eq(competencyCaseloadLimits.id, before.id));
      id = before.id;
    } else {
      const [row] = await tx
        .insert(competencyCaseloadLimits)
        .values({ organizationId: user.organizationId, role, itemId, ...values })
        .returning({ id: competencyCaseloadLimits.id });
      id = row.id;
    }
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "competency.caseload_limit.set",
      subjectType: "competency_caseload_limit",
      subjectId: id,
      before: before ? { maxGroups: before.maxGroups, maxParticipants: before.maxParticipants } : undefined,
      after: { role, itemId, ...values },
    });
  });
}

export async function removeCaseloadLimit(user: CurrentUser, limitId: string) {
  if (!canEditCompetencySettings(user)) forbidden();
  await db.transaction(async (tx) => {
    const [removed] = await tx
      .delete(competencyCaseloadLimits)
      .where(and(eq(competencyCaseloadLimits.id, limitId), eq(competencyCaseloadLimits.organizationId, user.organizationId)))
      .returning();
    if (!removed) notFound("Limit not found");
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "competency.caseload_limit.remove",
      subjectType: "competency_caseload_limit",
      subjectId: limitId,
      before: { role: removed.role, itemId: removed.itemId, maxGroups: removed.maxGroups, maxParticipants: removed.maxParticipants },
    });
  });
}
