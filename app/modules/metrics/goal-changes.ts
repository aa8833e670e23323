/**
 * What an edit of a goal changes: the goal's own fields (title, program, target date), compared
 * after normalising the form's empty strings to null. Pure: no db, no clock.
 */
export const GOAL_EDIT_FIELDS = ["title", "programId", "targetDate"] as const;
export type GoalEditField = (typeof GOAL_EDIT_FIELDS)[number];
export type GoalFields = { title: string; programId: string | null; targetDate: string | null };

/** Form values (empty string = none) as stored values. */
export function goalFieldsOf(input: { title: string; programId?: string | null; targetDate?: string | null }): GoalFields {
  return {
    title: input.title.trim(),
    programId: input.programId ? input.programId.toLowerCase() : null,
    targetDate: input.targetDate || null,
  };
}

/** The fields that differ, with their values before and after (only those fields). */
export function goalChanges(before: GoalFields, after: GoalFields): { changed: GoalEditField[]; before: Partial<GoalFields>; after: Partial<GoalFields> } {
  const changed = GOAL_EDIT_FIELDS.filter((k) => before[k] !== after[k]);
  const pick = (from: GoalFields) => Object.fromEntries(changed.map((k) => [k, from[k]])) as Partial<GoalFields>;
  return { changed, before: pick(before), after: pick(after) };
}
