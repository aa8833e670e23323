import { fieldsChangedSince, fieldsVersion } from "~/modules/forms/versions";

/**
 * The version of a curriculum unit as its page showed it (pure; modules/forms/versions.ts): the
 * fields its form writes back. Two managers rewording the same unit each send the whole form: the
 * second save is refused, naming the fields the first changed, instead of writing its old copy
 * over them. Moving or archiving the unit is no conflict (not part of the form).
 */
export const UNIT_VERSION_FIELDS = ["title", "objectives", "durationMinutes", "guidance"] as const;
export type UnitVersionField = (typeof UNIT_VERSION_FIELDS)[number];

type SavedUnit = Record<UnitVersionField, string | number>;

export const unitVersion = (unit: SavedUnit) => fieldsVersion(UNIT_VERSION_FIELDS, unit);

export const unitChangedSince = (shownVersion: string, unit: SavedUnit) => fieldsChangedSince(UNIT_VERSION_FIELDS, shownVersion, unit);
