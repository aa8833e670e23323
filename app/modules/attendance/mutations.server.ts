/** A group's attendance settings, and closing an absence alert after following up. */
import { and, eq, sql } from "drizzle-orm";
import { db } from "~/db/client.server";
import { groups } from "~/db/schema";
import { absenceAlerts, attendanceSettings } from "~/db/tables/attendance";
import { audit } from "~/modules/audit/mutations.server";
import type { CurrentUser } from "~/modules/auth/policy";
import { forbidden, notFound } from "~/modules/errors";
import { canEditAttendanceSettings, canRunRoster } from "./policy";
import { effectiveSettings } from "./rules";

export async function updateAttendanceSettings(
  user: CurrentUser,
  groupId: string,
  input: { allowWalkIns: boolean; absenceAlertAfter: number; lateAfterMinutes: number },
) {
  await db.transaction(async (tx) => {
    const [group] = await tx
      .select({ id: groups.id, organizationId: groups.organizationId, kind: groups.kind })
      .from(groups)
      .where(and(eq(groups.id, groupId), eq(groups.organizationId, user.organizationId)));
    if (!group) notFound("Group not found");
    if (!canEditAttendanceSettings(user, group)) forbidden("Only managers change attendance settings.");
    const [before] = await tx.select().from(attendanceSettings).where(eq(attendanceSettings.groupId, groupId));
    await tx
      .insert(attendanceSettings)
      .values({ groupId, organizationId: user.organizationId, ...input })
      .onConflictDoUpdate({ target: attendanceSettings.groupId, set: { ...input, updatedAt: new Date() } });
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "attendance.settings",
      subjectType: "group",
      subjectId: groupId,
      before: effectiveSettings(group.kind, before ?? null),
      after: input,
    });
  });
}

/** A facilitator (of that group) or manager closes an absence alert after following up. */
export async function dismissAbsenceAlert(user: CurrentUser, alertId: string, now = new Date()) {
  await db.transaction(async (tx) => {
    const [alert] = await tx
      .select({
        id: absenceAlerts.id,
        organizationId: absenceAlerts.organizationId,
        groupId: absenceAlerts.groupId,
        dismissedAt: absenceAlerts.dismissedAt,
        facilitatorIds: sql<string[]>`coalesce((select array_agg(gf.user_id::text) from group_facilitators gf where gf.group_id = ${absenceAlerts.groupId}), '{}')`,
      })
      .from(absenceAlerts)
      .where(and(eq(absenceAlerts.id, alertId), eq(absenceAlerts.organizationId, user.organizationId)));
    if (!alert) notFound("Alert not found");
    if (!canRunRoster(user, alert)) forbidden();
    if (alert.dismissedAt) return;
    await tx.update(absenceAlerts).set({ dismissedAt: now, dismissedBy: user.id }).where(eq(absenceAlerts.id, alertId));
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "attendance.alert_dismissed",
      subjectType: "absence_alert",
      subjectId: alertId,
    });
  });
}
