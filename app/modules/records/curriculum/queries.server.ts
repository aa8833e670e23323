import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { db, type Executor } from "~/db/client.server";
import { enrolments, groups, sessions } from "~/db/schema";
import { curriculumMaterials, curriculumUnits, sessionUnits } from "~/db/tables/curriculum";
import type { CurrentUser } from "~/modules/auth/policy";
import { sessionVisibleToMember } from "~/modules/calendar/queries.server";
import { forbidden, notFound } from "~/modules/errors";
import { facilitatorsOf, orgSession } from "../sessions.server";
import { canEditCurriculum, canLeadCurriculum, participantMaySee, type CurriculumContext } from "./policy";
import { unitVersion } from "./version";


/** A group of the caller's organisation with the facts the curriculum policy needs, or 404. Does not decide access. */
export async function groupForCurriculum(exec: Executor, user: CurrentUser, groupId: string) {
  const [group] = await exec
    .select({ id: groups.id, organizationId: groups.organizationId, name: groups.name, timezone: groups.timezone })
    .from(groups)
    .where(and(eq(groups.id, groupId), eq(groups.organizationId, user.organizationId)));
  if (!group) notFound("We can't find that group.");
  const ctx: CurriculumContext = { organizationId: group.organizationId, facilitatorIds: await facilitatorsOf(exec, group.id) };
  return { ...group, ctx };
}

/** A session of the caller's organisation with its group's curriculum context, or 404. Does not decide access. */
export async function sessionForPlan(exec: Executor, user: CurrentUser, sessionId: string) {
  const session = await orgSession(exec, user, sessionId);
  const ctx: CurriculumContext = { organizationId: session.organizationId, facilitatorIds: await facilitatorsOf(exec, session.groupId) };
  return { ...session, ctx };
}

const materialColumns = {
  id: curriculumMaterials.id,
  unitId: curriculumMaterials.unitId,
  kind: curriculumMaterials.kind,
  title: curriculumMaterials.title,
  audience: curriculumMaterials.audience,
  url: curriculumMaterials.url,
  fileName: curriculumMaterials.fileName,
  sizeBytes: curriculumMaterials.sizeBytes,
};
export type MaterialView = { id: string; unitId: string; kind: "link" | "file"; title: string; audience: "participants" | "facilitators"; url: string | null; fileName: string | null; sizeBytes: number | null };

async function materialsOf(exec: Executor, unitIds: string[], audience?: "participants"): Promise<MaterialView[]> {
  if (!unitIds.length) return [];
  return exec
    .select(materialColumns)
    .from(curriculumMaterials)
    .where(and(inArray(curriculumMaterials.unitId, unitIds), audience ? eq(curriculumMaterials.audience, audience) : undefined))
    .orderBy(asc(curriculumMaterials.createdAt), asc(curriculumMaterials.id));
}

const unitColumns = {
  id: curriculumUnits.id,
  position: curriculumUnits.position,
  title: curriculumUnits.title,
  objectives: curriculumUnits.objectives,
  durationMinutes: curriculumUnits.durationMinutes,
  guidance: curriculumUnits.guidance,
  archivedAt: curriculumUnits.archivedAt,
};

/** A group's units (active in order, then archived), how many sessions each covers, and how many sessions have none. Facilitators of the group and managers. */
export async function getCurriculum(user: CurrentUser, groupId: string) {
  const group = await groupForCurriculum(db, user, groupId);
  if (!canLeadCurriculum(user, group.ctx)) forbidden("A group's curriculum is for its facilitators and managers.");
  const units = await db
    .select({
      ...unitColumns,
      materials: sql<number>`(select count(*)::int from curriculum_materials m where m.unit_id = "curriculum_units"."id")`,
      sessions: sql<number>`(select count(*)::int from session_units su join sessions s on s.id = su.session_id where su.unit_id = "curriculum_units"."id" and s.status <> 'cancelled')`,
    })
    .from(curriculumUnits)
    .where(eq(curriculumUnits.groupId, group.id))
    .orderBy(sql`${curriculumUnits.archivedAt} is not null`, asc(curriculumUnits.position), asc(curriculumUnits.createdAt));
  const [{ withoutUnit }] = await db
    .select({ withoutUnit: sql<number>`count(*)::int` })
    .from(sessions)
    .leftJoin(sessionUnits, eq(sessionUnits.sessionId, sessions.id))
    .where(and(eq(sessions.groupId, group.id), sql`${sessions.status} <> 'cancelled'`, isNull(sessionUnits.sessionId)));
  const canEdit = canEditCurriculum(user, group.ctx);
  // An empty curriculum can start as a copy of another group's of the same program (an earlier cohort).
  const copySources =
    canEdit && units.length === 0
      ? await db
          .select({ id: groups.id, name: groups.name, units: sql<number>`(select count(*)::int from curriculum_units u where u.group_id = "groups"."id" and u.archived_at is null)` })
          .from(groups)
          .where(and(eq(groups.organizationId, user.organizationId), sql`${groups.programId} = (select program_id from groups where id = ${group.id})`, sql`${groups.id} <> ${group.id}`))
          .orderBy(asc(groups.name))
      : [];
  return { group: { id: group.id, name: group.name }, units, withoutUnit, canEdit, copySources: copySources.filter((g) => g.units > 0) };
}

/** One unit with all its materials. Facilitators of the group and managers. */
export async function getUnit(user: CurrentUser, groupId: string, unitId: string) {
  const group = await groupForCurriculum(db, user, groupId);
  if (!canLeadCurriculum(user, group.ctx)) forbidden("A group's curriculum is for its facilitators and managers.");
  const [unit] = await db.select(unitColumns).from(curriculumUnits).where(and(eq(curriculumUnits.id, unitId), eq(curriculumUnits.groupId, group.id)));
  if (!unit) notFound("We can't find that unit in this group's curriculum.");
  // The version the page's form carries (unitVersion): a save from it is refused once someone else changed the unit.
  return { group: { id: group.id, name: group.name }, unit, version: unitVersion(unit), materials: await materialsOf(db, [unit.id]), canEdit: canEditCurriculum(user, group.ctx) };
}

/** The unit a session covers, with every material, for the group's staff (null when none). */
async function staffUnitOf(exec: Executor, sessionId: string) {
  const [row] = await exec
    .select({ ...unitColumns, assignment: sessionUnits.assignment })
    .from(sessionUnits)
    .innerJoin(curriculumUnits, eq(curriculumUnits.id, sessionUnits.unitId))
    .where(eq(sessionUnits.sessionId, sessionId));
  if (!row) return null;
  return { ...row, materials: await materialsOf(exec, [row.id]) };
}

/**
 * A session's plan for its group's facilitators and managers: the unit, its guidance and every
 * material, and the group's active units to choose from. 403 for anyone else, 404 for another
 * organisation's session.
 */
export async function getSessionPlan(user: CurrentUser, sessionId: string) {
  const session = await sessionForPlan(db, user, sessionId);
  if (!canLeadCurriculum(user, session.ctx)) forbidden("A session's plan is for the group's facilitators and managers.");
  const options = await db
    .select({ id: curriculumUnits.id, title: curriculumUnits.title, position: curriculumUnits.position })
    .from(curriculumUnits)
    .where(and(eq(curriculumUnits.groupId, session.groupId), isNull(curriculumUnits.archivedAt)))
    .orderBy(asc(curriculumUnits.position), asc(curriculumUnits.createdAt));
  const [choice] = await db.select({ assignment: sessionUnits.assignment }).from(sessionUnits).where(eq(sessionUnits.sessionId, session.id));
  const { ctx: _ctx, ...shown } = session;
  return { session: shown, unit: await staffUnitOf(db, session.id), choice: choice?.assignment ?? null, options, canEditCurriculum: canEditCurriculum(user, session.ctx) };
}

/** The roster's plan panel: the session's unit (or none) with every material, for the group's facilitators and managers; null (no panel) for anyone else. */
export async function rosterUnit(user: CurrentUser, session: string | { id: string; organizationId: string; facilitatorIds: string[] }) {
  // The roster has read its session already (its organisation and today's facilitators): not read twice.
  const found = typeof session === "string" ? await sessionForPlan(db, user, session) : { id: session.id, ctx: { organizationId: session.organizationId, facilitatorIds: session.facilitatorIds } };
  if (!canLeadCurriculum(user, found.ctx)) return null;
  return { unit: await staffUnitOf(db, found.id) };
}

/** The title of the unit a session covers ("" when none), to pre-fill its group note. */
export async function unitTitleOfSession(exec: Executor, organizationId: string, sessionId: string): Promise<string> {
  const [row] = await exec
    .select({ title: curriculumUnits.title })
    .from(sessionUnits)
    .innerJoin(curriculumUnits, eq(curriculumUnits.id, sessionUnits.unitId))
    .where(and(eq(sessionUnits.sessionId, sessionId), eq(sessionUnits.organizationId, organizationId)));
  return row?.title ?? "";
}

async function enrolledNow(exec: Executor, userId: string, groupId: string) {
  const [row] = await exec
    .select({ id: enrolments.id })
    .from(enrolments)
    .where(and(eq(enrolments.groupId, groupId), eq(enrolments.userId, userId), eq(enrolments.status, "enrolled")));
  return Boolean(row);
}

/**
 * A participant's view of a group they are enrolled in now: its sessions (those of their cohort),
 * each with the title of its unit and the unit's materials marked for participants — never the
 * guidance, objectives' staff notes or facilitators-only materials. 404 for anyone not enrolled
 * now (a former participant, another group's or organisation's participant).
 */
export async function myGroupPlan(user: CurrentUser, groupId: string, now: Date) {
  const [group] = await db
    .select({ id: groups.id, organizationId: groups.organizationId, name: groups.name, timezone: groups.timezone })
    .from(groups)
    .where(and(eq(groups.id, groupId), eq(groups.organizationId, user.organizationId)));
  const enrolled = group ? await enrolledNow(db, user.id, group.id) : false;
  if (!group || !participantMaySee(user, { organizationId: group.organizationId, enrolled })) notFound("We can't find that group among the groups you are enrolled in.");
  const rows = await db
    .select({
      id: sessions.id,
      startsAt: sessions.startsAt,
      endsAt: sessions.endsAt,
      status: sessions.status,
      unitId: curriculumUnits.id,
      unitTitle: curriculumUnits.title,
      unitArchived: sql<boolean>`${curriculumUnits.archivedAt} is not null`,
    })
    .from(sessions)
    .leftJoin(sessionUnits, eq(sessionUnits.sessionId, sessions.id))
    .leftJoin(curriculumUnits, eq(curriculumUnits.id, sessionUnits.unitId))
    .where(and(eq(sessions.groupId, group.id), sessionVisibleToMember(user.id)))
    .orderBy(asc(sessions.startsAt));
  const liveUnits = [...new Set(rows.filter((r) => r.unitId && !r.unitArchived).map((r) => r.unitId!))];
  const materials = await materialsOf(db, liveUnits, "participants");
  const sessionsShown = rows.map((r) => ({
    id: r.id,
    startsAt: r.startsAt,
    endsAt: r.endsAt,
    status: r.status,
    upcoming: r.endsAt.getTime() > now.getTime(),
    unitTitle: r.unitTitle,
    materials: r.unitId && !r.unitArchived ? materials.filter((m) => m.unitId === r.unitId) : [],
  }));
  return { group: { id: group.id, name: group.name, timezone: group.timezone }, sessions: sessionsShown };
}

/**
 * A material to open or download. Staff: a facilitator of the unit's group now, or a manager of
 * its organisation (every material). Participants: enrolled in the group now, a material marked
 * for participants of a unit still in use. Everyone else, and another organisation: 404 (a
 * participant asking for a facilitators-only material: 403).
 */
export async function materialForDownload(user: CurrentUser, materialId: string) {
  const [row] = await db
    .select({
      ...materialColumns,
      organizationId: curriculumMaterials.organizationId,
      groupId: curriculumUnits.groupId,
      unitArchived: sql<boolean>`${curriculumUnits.archivedAt} is not null`,
      contentType: curriculumMaterials.contentType,
      content: curriculumMaterials.content,
    })
    .from(curriculumMaterials)
    .innerJoin(curriculumUnits, eq(curriculumUnits.id, curriculumMaterials.unitId))
    .where(and(eq(curriculumMaterials.id, materialId), eq(curriculumMaterials.organizationId, user.organizationId)));
  if (!row) notFound("We can't find that material.");
  if (user.role === "participant") {
    const enrolled = await enrolledNow(db, user.id, row.groupId);
    if (!participantMaySee(user, { organizationId: row.organizationId, enrolled })) notFound("We can't find that material.");
    if (!participantMaySee(user, { organizationId: row.organizationId, enrolled }, row)) forbidden("This material is for the group's facilitators.");
  } else {
    const ctx: CurriculumContext = { organizationId: row.organizationId, facilitatorIds: await facilitatorsOf(db, row.groupId) };
    if (!canLeadCurriculum(user, ctx)) notFound("We can't find that material.");
  }
  return row;
}

/**
 * The unit title of each session of a group, for its group page: the group's facilitators and
 * managers, and participants enrolled in it now (with `participantPage`: their page of sessions
 * and materials). Nothing for anyone else.
 */
export async function unitTitlesForGroupPage(
  user: CurrentUser,
  // The group page's group as it read it (getGroup: of the viewer's organisation, with today's facilitators).
  page: { id: string; organizationId: string; facilitatorIds: string[] },
): Promise<{ titles: Record<string, string>; participantPage: boolean }> {
  if (page.organizationId !== user.organizationId) notFound("We can't find that group.");
  const group = { id: page.id, organizationId: page.organizationId, ctx: { organizationId: page.organizationId, facilitatorIds: page.facilitatorIds } };
  const enrolled = user.role === "participant" && (await enrolledNow(db, user.id, group.id));
  const participant = participantMaySee(user, { organizationId: group.organizationId, enrolled });
  if (!participant && !canLeadCurriculum(user, group.ctx)) return { titles: {}, participantPage: false };
  const rows = await db
    .select({ sessionId: sessionUnits.sessionId, title: curriculumUnits.title })
    .from(sessionUnits)
    .innerJoin(curriculumUnits, eq(curriculumUnits.id, sessionUnits.unitId))
    .innerJoin(sessions, eq(sessions.id, sessionUnits.sessionId))
    .where(and(eq(sessions.groupId, group.id), eq(sessionUnits.organizationId, user.organizationId)));
  return { titles: Object.fromEntries(rows.map((r) => [r.sessionId, r.title])), participantPage: participant };
}
