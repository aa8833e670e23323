import { and, eq, sql } from "drizzle-orm";
import { db, type Executor } from "~/db/client.server";
import { funderReportDefinitions, participantCoverage, participantDemographics, raceEthnicityCategories } from "~/db/tables/demographics";
import { audit } from "~/modules/audit/mutations.server";
import type { CurrentUser } from "~/modules/auth/policy";
import { forbidden, NO_VERSION_ANSWERS, notFound, StaleSave, UnversionedSave, UserInputError } from "~/modules/errors";
import { fieldsChangedSince } from "~/modules/forms/versions";
import type { PeriodRule } from "./periods";
import { canAnswerOwnDemographics, canEditRaceCategories, canRunFunderReports } from "./policy";
import { answersVersion, coverageOf, coverageVersion, definitionProblem, demographicsOf, demographicsVersion, intakeAnswerSchema, personForStaff, raceCategories, resolvePrograms } from "./queries.server";
import { categoryKey, DEMOGRAPHIC_FIELDS, DEFAULT_RACE_ETHNICITY, maskMedicaidId, type CategoryAction, type Coverage, type Demographics } from "./schema";

/** The fields whose answer differs (the audit keeps which questions changed, never the answers). */
function changedFields(before: Demographics | null, after: Demographics): string[] {
  return DEMOGRAPHIC_FIELDS.filter((f) => JSON.stringify(before?.[f] ?? null) !== JSON.stringify(after[f] ?? null));
}

async function writeDemographics(tx: Executor, input: { organizationId: string; userId: string; actorId: string; data: Demographics; now: Date }) {
  const before = await demographicsOf(tx, input.organizationId, input.userId);
  const changed = changedFields(before, input.data);
  if (changed.length === 0) return [];
  const values = { ...input.data, updatedBy: input.actorId, updatedAt: input.now };
  await tx
    .insert(participantDemographics)
    .values({ organizationId: input.organizationId, userId: input.userId, ...values })
    .onConflictDoUpdate({ target: [participantDemographics.organizationId, participantDemographics.userId], set: values });
  await audit(tx, {
    organizationId: input.organizationId,
    actorId: input.actorId,
    action: "demographics.update",
    subjectType: "user",
    subjectId: input.userId,
    after: { fields: changed, by: input.actorId === input.userId ? "self" : "staff" },
  });
  return changed;
}

export const STALE_OWN_DEMOGRAPHICS =
  "Some of these answers were changed after you opened this page (staff may have corrected them with you), so nothing was saved. Your entries are kept in the form and the answers as saved now are shown above it: compare them, then save again.";
export const STALE_COVERAGE =
  "Payer or Medicaid ID was changed by someone else after you opened this page, so nothing was saved. The form keeps your entries and what is saved now is shown above it: compare them, then save again.";

/**
 * A participant replaces their own answers (an empty answer clears it). Returns the questions
 * changed. `version` is the one their page was opened on (answersVersion): the form sends back
 * every answer it showed, so a save from a page opened before staff corrected an answer would write
 * the old one back, with no trace (the audit keeps no answers). Such a save is refused, naming the
 * questions changed (StaleSave); `null` (a form that named no version) is refused too
 * (UnversionedSave); callers outside a form pass none.
 */
export async function saveOwnDemographics(user: CurrentUser, data: Demographics, now: Date, options: { version?: string | null } = {}): Promise<string[]> {
  if (!canAnswerOwnDemographics(user)) forbidden("This page is for participants' own answers.");
  return db.transaction(async (tx) => {
    if (options.version !== undefined) {
      await demographicsVersion(tx, user.organizationId, user.id, true); // the row lock
      const saved = await demographicsOf(tx, user.organizationId, user.id);
      const current = answersVersion(saved);
      if (options.version === null) throw new UnversionedSave(NO_VERSION_ANSWERS, current);
      const changed = fieldsChangedSince(DEMOGRAPHIC_FIELDS, options.version, (saved ?? {}) as Record<(typeof DEMOGRAPHIC_FIELDS)[number], unknown>);
      if (changed.length) throw new StaleSave(STALE_OWN_DEMOGRAPHICS, current, changed);
    }
    return writeDemographics(tx, { organizationId: user.organizationId, userId: user.id, actorId: user.id, data, now });
  });
}

export const STALE_DEMOGRAPHICS =
  "These answers were changed since you opened this page (the person may have updated them). Nothing was saved: open the page again to see the current answers, then make your change.";

/**
 * Staff with a current relationship replace a person's answers. `version` is the one the page was
 * opened on (demographicsVersion): the form sends back every answer it showed, so a save from a
 * page opened before the person (or anyone) changed them would write the old answers over theirs —
 * and the audit keeps no answers to recover them. Such a save is refused. `null` (a form that
 * named no version: a page opened before forms carried one, a crafted post) cannot be compared and
 * is refused too, with the current version (UnversionedSave); callers outside a form pass none.
 */
export async function saveDemographicsFor(user: CurrentUser, personId: string, data: Demographics, now: Date, options: { version?: string | null } = {}): Promise<string[]> {
  return db.transaction(async (tx) => {
    await personForStaff(tx, user, personId);
    if (options.version !== undefined) {
      const current = await demographicsVersion(tx, user.organizationId, personId, true);
      if (options.version === null) throw new UnversionedSave(NO_VERSION_ANSWERS, current);
      if (current !== options.version) throw new UserInputError(STALE_DEMOGRAPHICS);
    }
    return writeDemographics(tx, { organizationId: user.organizationId, userId: personId, actorId: user.id, data, now });
  });
}

/**
 * The optional intake section: only the questions answered are recorded (a blank one leaves an
 * earlier answer as it was). Runs inside the registration's transaction, which has already
 * checked that the actor may register this person.
 */
export async function recordIntakeDemographics(tx: Executor, input: { organizationId: string; actorId: string; personId: string; data: Demographics; now: Date }) {
  const answered = DEMOGRAPHIC_FIELDS.filter((f) => input.data[f] !== null);
  if (answered.length === 0) return [];
  const before = await demographicsOf(tx, input.organizationId, input.personId);
  const merged: Demographics = { ...(before ?? { birthDate: null, ageBand: null, gender: null, raceEthnicity: null, primaryLanguage: null, zipCode: null, veteranStatus: null }) };
  for (const f of answered) Object.assign(merged, { [f]: input.data[f] });
  // A date of birth and an age group are one question: the newer answer replaces the other.
  if (input.data.birthDate !== null) merged.ageBand = null;
  if (input.data.ageBand !== null) merged.birthDate = null;
  return writeDemographics(tx, { organizationId: input.organizationId, userId: input.personId, actorId: input.actorId, data: merged, now: input.now });
}

/**
 * Staff record payer and Medicaid ID. `medicaidId` null keeps the recorded one (the page never
 * holds it in full); `removeMedicaidId` deletes it.
 */
export async function saveCoverage(
  user: CurrentUser,
  personId: string,
  input: Coverage & { removeMedicaidId: boolean },
  now: Date,
  options: { version?: string | null } = {},
): Promise<string[]> {
  return db.transaction(async (tx) => {
    await personForStaff(tx, user, personId);
    if (options.version !== undefined) {
      // The row lock, then the version the form was opened on (coverageVersion): a stale form would write its payer back.
      await tx
        .select({ userId: participantCoverage.userId })
        .from(participantCoverage)
        .where(and(eq(participantCoverage.organizationId, user.organizationId), eq(participantCoverage.userId, personId)))
        .for("update");
    }
    const before = await coverageOf(tx, user.organizationId, personId);
    if (options.version !== undefined) {
      const current = coverageVersion(before);
      if (options.version === null) throw new UnversionedSave(NO_VERSION_ANSWERS, current);
      const shown = { payer: before?.payer ?? null, medicaidId: maskMedicaidId(before?.medicaidId ?? null) };
      const changed = fieldsChangedSince(["payer", "medicaidId"] as const, options.version, shown);
      if (changed.length) throw new StaleSave(STALE_COVERAGE, current, changed);
    }
    const after: Coverage = { payer: input.payer, medicaidId: input.removeMedicaidId ? null : (input.medicaidId ?? before?.medicaidId ?? null) };
    const changed = (["payer", "medicaidId"] as const).filter((f) => (before?.[f] ?? null) !== after[f]);
    if (changed.length === 0) return [];
    const values = { ...after, updatedBy: user.id, updatedAt: now };
    await tx
      .insert(participantCoverage)
      .values({ organizationId: user.organizationId, userId: personId, ...values })
      .onConflictDoUpdate({ target: [participantCoverage.organizationId, participantCoverage.userId], set: values });
    await audit(tx, { organizationId: user.organizationId, actorId: user.id, action: "demographics.coverage_update", subjectType: "user", subjectId: personId, after: { fields: changed } });
    return changed;
  });
}

/**
 * An administrator changes the race and ethnicity categories. The first change copies the
 * default list into the organisation's own rows; categories are retired, never deleted, so
 * recorded answers keep their label. Returns what happened, in words.
 */
export async function changeRaceCategories(user: CurrentUser, action: CategoryAction): Promise<string> {
  if (!canEditRaceCategories(user)) forbidden("Only administrators change the categories.");
  return db.transaction(async (tx) => {
    const org = user.organizationId;
    // One change at a time per organisation (positions and keys are read, then written).
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('race_categories'), hashtext(${org}))`);
    const current = await raceCategories(tx, org);
    const stored = await tx.select({ key: raceEthnicityCategories.key }).from(raceEthnicityCategories).where(eq(raceEthnicityCategories.organizationId, org));
    if (stored.length === 0) {
      await tx.insert(raceEthnicityCategories).values(DEFAULT_RACE_ETHNICITY.map((c, i) => ({ organizationId: org, key: c.key, label: c.label, position: i + 1 })));
    }
    const where = (key: string) => and(eq(raceEthnicityCategories.organizationId, org), eq(raceEthnicityCategories.key, key));
    const existing = action.intent === "add" ? null : current.find((c) => c.key === action.key);
    if (action.intent !== "add" && !existing) notFound("Category not found");
    let message: string;
    if (action.intent === "add") {
      if (current.some((c) => c.label.toLowerCase() === action.label.toLowerCase())) throw new UserInputError("There is already a category with that name.", "label");
      const key = categoryKey(action.label, current.map((c) => c.key));
      await tx.insert(raceEthnicityCategories).values({ organizationId: org, key, label: action.label, position: current.length + 1 });
      message = `“${action.label}” was added.`;
    } else if (action.intent === "rename") {
      if (current.some((c) => c.key !== action.key && c.label.toLowerCase() === action.label.toLowerCase())) throw new UserInputError("There is already a category with that name.", "label");
      await tx.update(raceEthnicityCategories).set({ label: action.label }).where(where(action.key));
      message = `“${existing!.label}” is now “${action.label}”.`;
    } else if (action.intent === "retire") {
      if (current.filter((c) => !c.retired && c.key !== action.key).length === 0) throw new UserInputError("Keep at least one category people can choose.", "key");
      await tx.update(raceEthnicityCategories).set({ retiredAt: new Date() }).where(where(action.key));
      message = `“${existing!.label}” was retired: it is no longer offered; answers that chose it keep it.`;
    } else {
      await tx.update(raceEthnicityCategories).set({ retiredAt: null }).where(where(action.key));
      message = `“${existing!.label}” is offered again.`;
    }
    await audit(tx, { organizationId: org, actorId: user.id, action: "demographics.categories", subjectType: "organization", subjectId: org, after: { ...action } });
    return message;
  });
}

export type DefinitionInput = { name: string; periodRule: PeriodRule; fixedFrom: string | null; fixedTo: string | null; programIds: string[] };

/** A manager saves a report definition to rerun; a name already used is refused beside the name. */
export async function saveFunderDefinition(user: CurrentUser, input: DefinitionInput): Promise<string> {
  if (!canRunFunderReports(user)) forbidden("Only managers save funder reports.");
  // The same rule as running one (definitionProblem): a whole period, all programs or one.
  const problem = definitionProblem(input);
  if (problem) throw new UserInputError(`This report cannot be saved: ${problem}`, input.programIds.length > 1 ? "program" : "rule");
  await resolvePrograms(user.organizationId, input.programIds);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(funderReportDefinitions)
      .values({ organizationId: user.organizationId, createdBy: user.id, ...input })
      .onConflictDoNothing({ target: [funderReportDefinitions.organizationId, funderReportDefinitions.name] })
      .returning({ id: funderReportDefinitions.id });
    if (!row) throw new UserInputError("A saved report already has this name. Choose another name.", "name");
    await audit(tx, { organizationId: user.organizationId, actorId: user.id, action: "funder_report.save", subjectType: "funder_report", subjectId: row.id, after: { ...input } });
    return row.id;
  });
}

export async function deleteFunderDefinition(user: CurrentUser, definitionId: string): Promise<string> {
  if (!canRunFunderReports(user)) forbidden("Only managers delete saved funder reports.");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .delete(funderReportDefinitions)
      .where(and(eq(funderReportDefinitions.id, definitionId), eq(funderReportDefinitions.organizationId, user.organizationId)))
      .returning({ name: funderReportDefinitions.name });
    if (!row) notFound("Saved report not found");
    await audit(tx, { organizationId: user.organizationId, actorId: user.id, action: "funder_report.delete", subjectType: "funder_report", subjectId: definitionId, before: { name: row.name } });
    return row.name;
  });
}

/**
 * The intake section's answers, parsed from the registration form: field errors (nothing is
 * registered then) or a function the registration runs in its own transaction.
 */
export async function intakeDemographics(raw: Record<string, string | string[]>, organizationId: string, actorId: string, now: Date) {
  const schema = await intakeAnswerSchema(organizationId, now);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const errors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (errors[String(issue.path[0] ?? "_form")] ??= []).push(issue.message);
    return { ok: false as const, errors };
  }
  const data = parsed.data;
  return {
    ok: true as const,
    record: (tx: Executor, person: { id: string; organizationId: string }) => recordIntakeDemographics(tx, { organizationId: person.organizationId, actorId, personId: person.id, data, now }),
  };
}
