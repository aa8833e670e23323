import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { db, type Executor } from "~/db/client.server";
import { groups, sessions } from "~/db/schema";
import { curriculumMaterials, curriculumUnits, sessionUnits } from "~/db/tables/curriculum";
import { audit } from "~/modules/audit/mutations.server";
import type { CurrentUser } from "~/modules/auth/policy";
import { checkUploadedFile } from "~/modules/competency/files";
import { MAX_UPLOAD_BYTES } from "~/modules/competency/schema";
import { forbidden, NO_VERSION_ANSWERS, notFound, StaleSave, UnversionedSave, UserInputError } from "~/modules/errors";
import { claimForm, recordOutcome, type FormClaim } from "~/modules/forms/mutations.server";
import { unitsInOrder, swapTarget } from "./order";
import { canEditCurriculum, canLeadCurriculum } from "./policy";
import { groupForCurriculum, sessionForPlan } from "./queries.server";
import type { UnitFields } from "./schema";
import { unitChangedSince, unitVersion } from "./version";

/** One writer per group's curriculum at a time: edits and assignments queue instead of racing. */
async function lockCurriculum(tx: Executor, groupId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`curriculum:group:${groupId}`}, 0))`);
}

async function editableGroup(tx: Executor, user: CurrentUser, groupId: string) {
  const group = await groupForCurriculum(tx, user, groupId);
  if (!canEditCurriculum(user, group.ctx)) forbidden("Managers edit a group's curriculum.");
  await lockCurriculum(tx, group.id);
  return group;
}

async function unitOf(tx: Executor, groupId: string, unitId: string) {
  const [unit] = await tx.select().from(curriculumUnits).where(and(eq(curriculumUnits.id, unitId), eq(curriculumUnits.groupId, groupId))).for("update");
  if (!unit) notFound("We can't find that unit in this group's curriculum.");
  return unit;
}

const activeUnits = (tx: Executor, groupId: string) =>
  tx
    .select({ id: curriculumUnits.id, position: curriculumUnits.position })
    .from(curriculumUnits)
    .where(and(eq(curriculumUnits.groupId, groupId), isNull(curriculumUnits.archivedAt)))
    .orderBy(asc(curriculumUnits.position), asc(curriculumUnits.createdAt));

/**
 * Gives the group's sessions their units in order (order.ts): sessions still to come that have no
 * unit or an automatic one; with `includePast`, also earlier sessions without a unit. Units chosen
 * by hand are kept. Called in the transaction that creates sessions or changes the curriculum, and
 * by the managers' "assign in order". Returns how many sessions changed (audited when any did).
 */
export async function assignUnitsInOrder(tx: Executor, input: { organizationId: string; groupId: string; actorId: string | null; now: Date; includePast?: boolean }) {
  await lockCurriculum(tx, input.groupId);
  const units = await activeUnits(tx, input.groupId);
  const rows = await tx
    .select({ id: sessions.id, startsAt: sessions.startsAt, status: sessions.status, unitId: sessionUnits.unitId, assignment: sessionUnits.assignment })
    .from(sessions)
    .leftJoin(sessionUnits, eq(sessionUnits.sessionId, sessions.id))
    .where(and(eq(sessions.groupId, input.groupId), eq(sessions.organizationId, input.organizationId)));
  if (!units.length && !rows.some((r) => r.assignment === "auto")) return 0;
  const changes = unitsInOrder(units, rows, input.now, { includePast: input.includePast ?? false });
  const cleared = changes.filter((c) => c.unitId === null).map((c) => c.sessionId);
  const assigned = changes.filter((c): c is { sessionId: string; unitId: string } => c.unitId !== null);
  if (cleared.length) await tx.delete(sessionUnits).where(inArray(sessionUnits.sessionId, cleared));
  if (assigned.length) {
    await tx
      .insert(sessionUnits)
      .values(assigned.map((c) => ({ sessionId: c.sessionId, organizationId: input.organizationId, unitId: c.unitId, assignment: "auto" as const, assignedBy: input.actorId, assignedAt: input.now })))
      .onConflictDoUpdate({
        target: sessionUnits.sessionId,
        set: { unitId: sql`excluded.unit_id`, assignment: sql`excluded.assignment`, assignedBy: sql`excluded.assigned_by`, assignedAt: sql`excluded.assigned_at` },
      });
  }
  if (changes.length) {
    await audit(tx, {
      organizationId: input.organizationId,
      actorId: input.actorId,
      action: "curriculum.assign_in_order",
      subjectType: "group",
      subjectId: input.groupId,
      after: { assigned: assigned.length, cleared: cleared.length, includePast: input.includePast ?? false },
    });
  }
  return changes.length;
}

const unitValues = (f: UnitFields) => ({ title: f.title, objectives: f.objectives, durationMinutes: f.durationMinutes, guidance: f.guidance });

/** Adds a unit at the end of the group's curriculum; sessions still to come take it in order. */
export async function addUnit(
  user: CurrentUser,
  groupId: string,
  fields: UnitFields,
  now: Date,
  /** The form's one-time token: the same unit sent again is not added a second time. */
  claim?: FormClaim,
): Promise<{ id: string }> {
  return db.transaction(async (tx) => {
    const group = await editableGroup(tx, user, groupId);
    if (claim) {
      const first = await claimForm<{ id: string }>(tx, group.organizationId, claim);
      if (first) return first.outcome;
    }
    const [{ next }] = await tx
      .select({ next: sql<number>`coalesce(max(${curriculumUnits.position}), 0)::int + 1` })
      .from(curriculumUnits)
      .where(eq(curriculumUnits.groupId, group.id));
    const [unit] = await tx
      .insert(curriculumUnits)
      .values({ organizationId: group.organizationId, groupId: group.id, position: next, ...unitValues(fields), createdAt: now, updatedAt: now })
      .returning({ id: curriculumUnits.id });
    await audit(tx, { organizationId: group.organizationId, actorId: user.id, action: "curriculum.unit_add", subjectType: "curriculum_unit", subjectId: unit.id, after: { groupId: group.id, position: next, ...unitValues(fields) } });
    await assignUnitsInOrder(tx, { organizationId: group.organizationId, groupId: group.id, actorId: user.id, now });
    if (claim) await recordOutcome(tx, claim, { id: unit.id });
    return unit;
  });
}

export const STALE_UNIT =
  "This unit was changed by someone else after you opened this page, so nothing was saved. The form keeps your entries and the unit as it is saved now is shown above it: compare them, then save again.";

/**
 * Saves a unit's title, objectives, duration and guidance. `version`: the unit's version its page
 * was opened on (unitVersion), compared under the unit's row lock: a unit changed by someone else
 * since is refused (StaleSave, naming the fields), and so is `null`, a form that named none
 * (UnversionedSave); callers outside a form pass no `version` and are not compared.
 */
export async function updateUnit(user: CurrentUser, groupId: string, unitId: string, fields: UnitFields, now: Date, options: { version?: string | null } = {}) {
  return db.transaction(async (tx) => {
    const group = await editableGroup(tx, user, groupId);
    const unit = await unitOf(tx, group.id, unitId);
    if (options.version !== undefined) {
      if (options.version === null) throw new UnversionedSave(NO_VERSION_ANSWERS, unitVersion(unit));
      const changed = unitChangedSince(options.version, unit);
      if (changed.length) throw new StaleSave(STALE_UNIT, unitVersion(unit), changed);
    }
    const before = unitValues(unit);
    const after = unitValues(fields);
    if (JSON.stringify(before) === JSON.stringify(after)) return;
    await tx.update(curriculumUnits).set({ ...after, updatedAt: now }).where(eq(curriculumUnits.id, unit.id));
    await audit(tx, { organizationId: group.organizationId, actorId: user.id, action: "curriculum.unit_update", subjectType: "curriculum_unit", subjectId: unit.id, before, after });
  });
}

/** Moves an active unit one place up or down; sessions still to come follow the new order. */
export async function moveUnit(user: CurrentUser, groupId: string, unitId: string, direction: "up" | "down", now: Date) {
  return db.transaction(async (tx) => {
    const group = await editableGroup(tx, user, groupId);
    const unit = await unitOf(tx, group.id, unitId);
    if (unit.archivedAt) throw new UserInputError("This unit is archived: restore it before moving it.", "unitId");
    const other = swapTarget(await activeUnits(tx, group.id), unit.id, direction);
    if (!other) throw new UserInputError(direction === "up" ? "This unit is already first." : "This unit is already last.", "unitId");
    await tx.update(curriculumUnits).set({ position: other.position, updatedAt: now }).where(eq(curriculumUnits.id, unit.id));
    await tx.update(curriculumUnits).set({ position: unit.position, updatedAt: now }).where(eq(curriculumUnits.id, other.id));
    await audit(tx, { organizationId: group.organizationId, actorId: user.id, action: "curriculum.unit_move", subjectType: "curriculum_unit", subjectId: unit.id, before: { position: unit.position }, after: { position: other.position, direction } });
    await assignUnitsInOrder(tx, { organizationId: group.organizationId, groupId: group.id, actorId: user.id, now });
  });
}

/** Archives a unit (kept with the sessions that covered it) or restores it to its place; sessions still to come follow. */
export async function setUnitArchived(user: CurrentUser, groupId: string, unitId: string, archived: boolean, now: Date) {
  return db.transaction(async (tx) => {
    const group = await editableGroup(tx, user, groupId);
    const unit = await unitOf(tx, group.id, unitId);
    if (Boolean(unit.archivedAt) === archived) throw new UserInputError(archived ? "This unit is already archived." : "This unit is not archived.");
    await tx.update(curriculumUnits).set({ archivedAt: archived ? now : null, updatedAt: now }).where(eq(curriculumUnits.id, unit.id));
    if (archived) {
      // Automatic links of sessions still to come are given again; a unit chosen by hand is the facilitator's call and stays.
      await tx.execute(sql`delete from session_units su using sessions s
        where su.session_id = s.id and su.unit_id = ${unit.id} and su.assignment = 'auto' and s.starts_at > ${now.toISOString()}::timestamptz`);
    }
    await audit(tx, { organizationId: group.organizationId, actorId: user.id, action: archived ? "curriculum.unit_archive" : "curriculum.unit_restore", subjectType: "curriculum_unit", subjectId: unit.id, after: { title: unit.title } });
    await assignUnitsInOrder(tx, { organizationId: group.organizationId, groupId: group.id, actorId: user.id, now });
  });
}

/** A managers' explicit "assign in order": also gives units to earlier sessions that have none. */
export async function assignInOrderNow(user: CurrentUser, groupId: string, now: Date) {
  return db.transaction(async (tx) => {
    const group = await editableGroup(tx, user, groupId);
    const changed = await assignUnitsInOrder(tx, { organizationId: group.organizationId, groupId: group.id, actorId: user.id, now, includePast: true });
    return { changed };
  });
}

export async function addLinkMaterial(user: CurrentUser, groupId: string, unitId: string, input: { title: string; url: string; audience: "participants" | "facilitators" }) {
  return db.transaction(async (tx) => {
    const group = await editableGroup(tx, user, groupId);
    const unit = await unitOf(tx, group.id, unitId);
    const [row] = await tx
      .insert(curriculumMaterials)
      .values({ organizationId: group.organizationId, unitId: unit.id, kind: "link", title: input.title, url: input.url, audience: input.audience, addedBy: user.id })
      .returning({ id: curriculumMaterials.id });
    await audit(tx, { organizationId: group.organizationId, actorId: user.id, action: "curriculum.material_add", subjectType: "curriculum_unit", subjectId: unit.id, after: { materialId: row.id, kind: "link", ...input } });
    return row;
  });
}

/**
 * Stores an uploaded material after the same content check as competency evidence
 * (competency/files.ts checkUploadedFile: at most 5 MB, really a PDF, PNG or JPEG by its bytes).
 */
export async function addFileMaterial(user: CurrentUser, groupId: string, unitId: string, input: { title: string; audience: "participants" | "facilitators"; file: { name: string; bytes: Uint8Array } }) {
  const checked = checkUploadedFile(input.file, { maxBytes: MAX_UPLOAD_BYTES, fallbackName: "material" });
  if (!checked.ok) throw new UserInputError(checked.message, "material");
  return db.transaction(async (tx) => {
    const group = await editableGroup(tx, user, groupId);
    const unit = await unitOf(tx, group.id, unitId);
    const [row] = await tx
      .insert(curriculumMaterials)
      .values({
        organizationId: group.organizationId,
        unitId: unit.id,
        kind: "file",
        title: input.title,
        audience: input.audience,
        fileName: checked.fileName,
        contentType: checked.type,
        sizeBytes: input.file.bytes.byteLength,
        content: Buffer.from(input.file.bytes),
        addedBy: user.id,
      })
      .returning({ id: curriculumMaterials.id });
    await audit(tx, {
      organizationId: group.organizationId,
      actorId: user.id,
      action: "curriculum.material_add",
      subjectType: "curriculum_unit",
      subjectId: unit.id,
      after: { materialId: row.id, kind: "file", title: input.title, audience: input.audience, fileName: checked.fileName, contentType: checked.type, sizeBytes: input.file.bytes.byteLength },
    });
    return row;
  });
}

export async function removeMaterial(user: CurrentUser, groupId: string, unitId: string, materialId: string) {
  return db.transaction(async (tx) => {
    const group = await editableGroup(tx, user, groupId);
    const unit = await unitOf(tx, group.id, unitId);
    const [removed] = await tx
      .delete(curriculumMaterials)
      .where(and(eq(curriculumMaterials.id, materialId), eq(curriculumMaterials.unitId, unit.id)))
      .returning({ id: curriculumMaterials.id, kind: curriculumMaterials.kind, title: curriculumMaterials.title, url: curriculumMaterials.url, fileName: curriculumMaterials.fileName, audience: curriculumMaterials.audience });
    if (!removed) throw new UserInputError("That material is not in this unit (it may have been removed already).", "materialId");
    await audit(tx, { organizationId: group.organizationId, actorId: user.id, action: "curriculum.material_remove", subjectType: "curriculum_unit", subjectId: unit.id, before: removed });
  });
}

/**
 * Sets the unit one session covers (or none), by a facilitator of the group or a manager. The
 * choice is kept when units are given in order again. Only active units of the session's group.
 */
export async function setSessionUnit(user: CurrentUser, sessionId: string, unitId: string | null, now: Date) {
  return db.transaction(async (tx) => {
    const session = await sessionForPlan(tx, user, sessionId);
    if (!canLeadCurriculum(user, session.ctx)) forbidden("The group's facilitators and managers choose a session's unit.");
    await lockCurriculum(tx, session.groupId);
    const [current] = await tx.select().from(sessionUnits).where(eq(sessionUnits.sessionId, session.id)).for("update");
    if (unitId) {
      const [unit] = await tx
        .select({ id: curriculumUnits.id })
        .from(curriculumUnits)
        .where(and(eq(curriculumUnits.id, unitId), eq(curriculumUnits.groupId, session.groupId), isNull(curriculumUnits.archivedAt)));
      if (!unit) throw new UserInputError("Choose one of this group's units", "unitId");
    }
    // A hand-made choice (a unit, or "no unit") is kept when units are given in order again.
    await tx
      .insert(sessionUnits)
      .values({ sessionId: session.id, organizationId: session.organizationId, unitId, assignment: "manual", assignedBy: user.id, assignedAt: now })
      .onConflictDoUpdate({ target: sessionUnits.sessionId, set: { unitId, assignment: "manual", assignedBy: user.id, assignedAt: now } });
    if ((current?.unitId ?? null) !== unitId || current?.assignment !== "manual") {
      await audit(tx, { organizationId: session.organizationId, actorId: user.id, action: "session.unit_change", subjectType: "session", subjectId: session.id, before: { unitId: current?.unitId ?? null, assignment: current?.assignment ?? null }, after: { unitId } });
    }
  });
}

/**
 * Copies another group's curriculum — a group of the same program and organisation, e.g. an
 * earlier cohort — into this group's empty curriculum: its units still in use, in order, with
 * their materials (files copied as they were checked). Sessions take the units in order.
 */
export async function copyCurriculum(user: CurrentUser, groupId: string, sourceGroupId: string, now: Date) {
  return db.transaction(async (tx) => {
    const group = await editableGroup(tx, user, groupId);
    const [programs] = await tx
      .select({ target: sql<string>`(select program_id from groups where id = ${group.id})`, source: groups.programId })
      .from(groups)
      .where(and(eq(groups.id, sourceGroupId), eq(groups.organizationId, user.organizationId)));
    if (!programs || programs.source !== programs.target || sourceGroupId === group.id) throw new UserInputError("Choose another group of the same program", "sourceGroupId");
    const [existing] = await tx.select({ id: curriculumUnits.id }).from(curriculumUnits).where(eq(curriculumUnits.groupId, group.id)).limit(1);
    if (existing) throw new UserInputError("This group already has units: a curriculum is copied only into an empty one.", "sourceGroupId");
    const units = await tx
      .select()
      .from(curriculumUnits)
      .where(and(eq(curriculumUnits.groupId, sourceGroupId), isNull(curriculumUnits.archivedAt)))
      .orderBy(asc(curriculumUnits.position), asc(curriculumUnits.createdAt));
    if (!units.length) throw new UserInputError("That group has no units to copy.", "sourceGroupId");
    let materials = 0;
    for (const [i, u] of units.entries()) {
      const [copy] = await tx
        .insert(curriculumUnits)
        .values({ organizationId: group.organizationId, groupId: group.id, position: i + 1, title: u.title, objectives: u.objectives, durationMinutes: u.durationMinutes, guidance: u.guidance, createdAt: now, updatedAt: now })
        .returning({ id: curriculumUnits.id });
      const sourceMaterials = await tx.select().from(curriculumMaterials).where(eq(curriculumMaterials.unitId, u.id)).orderBy(asc(curriculumMaterials.createdAt));
      if (sourceMaterials.length) {
        await tx.insert(curriculumMaterials).values(
          sourceMaterials.map((m) => ({
            organizationId: group.organizationId,
            unitId: copy.id,
            kind: m.kind,
            title: m.title,
            audience: m.audience,
            url: m.url,
            fileName: m.fileName,
            contentType: m.contentType,
            sizeBytes: m.sizeBytes,
            content: m.content,
            addedBy: user.id,
            createdAt: now,
          })),
        );
        materials += sourceMaterials.length;
      }
    }
    await audit(tx, { organizationId: group.organizationId, actorId: user.id, action: "curriculum.copy", subjectType: "group", subjectId: group.id, after: { sourceGroupId, units: units.length, materials } });
    await assignUnitsInOrder(tx, { organizationId: group.organizationId, groupId: group.id, actorId: user.id, now });
    return { units: units.length };
  });
}
