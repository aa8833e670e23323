import { and, eq } from "drizzle-orm";
import { db, type Executor } from "~/db/client.server";
import { memberships } from "~/db/schema";
import { competencySettings, competencySupervisors } from "~/db/tables/competency";
import { recordAudit } from "~/modules/audit/mutations.server";
import type { CurrentUser } from "~/modules/auth/policy";
import { forbidden, UserInputError } from "~/web/http.server";
import { canEditCompetencySettings } from "~/modules/competency/policy";
import { getSettings } from "~/modules/competency/queries.server";
import type { SettingsInput } from "~/modules/competency/schema";

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
    await recordAudit(tx, {
      organizationId: user.organizationId,
      actorUserId: user.id,
      action: "competency.settings.update",
      subjectType: "organization",
      subjectId: user.organizationId,
      before: {
        maxGroupsPerFacilitator: before.maxGroupsPerFacilitator,
        maxParticipantsPerFacilitator: before.maxParticipantsPerFacilitator,
        defaultSupervisorId: before.defaultSupervisorId,
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
    await recordAudit(tx, {
      organizationId: user.organizationId,
      actorUserId: user.id,
      action: "competency.supervisor.set",
      subjectType: "user",
      subjectId: input.facilitatorId,
      after: { supervisorId: input.supervisorId },
    });
  });
}
