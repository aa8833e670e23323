import { versionedForm } from "~/modules/forms/versions";

/**
 * The version of a group's or program's own completion criteria as their page showed them
 * (modules/forms/versions.ts): the two numbers the form sends back (empty fields before any). Two
 * managers setting the criteria each send both numbers: the second save is refused, naming the one
 * the first changed, instead of writing its old number back; removing the criteria from a page
 * opened before someone changed them is refused too.
 */
export const STALE_CRITERIA =
  "These completion criteria were changed by someone else after you opened this page, so nothing was saved. The form keeps your entries and the criteria as they are saved now are shown above it: compare them, then save again.";

type SavedCriteria = { minSessionsAttended: number; maxUnexcusedAbsences: number | null } | null | undefined;

export const criteriaForm = versionedForm(
  ["minSessionsAttended", "maxUnexcusedAbsences"] as const,
  (criteria: SavedCriteria) => ({ minSessionsAttended: criteria?.minSessionsAttended, maxUnexcusedAbsences: criteria?.maxUnexcusedAbsences }),
  STALE_CRITERIA,
);
