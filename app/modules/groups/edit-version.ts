import { fieldsChangedSince, fieldsVersion, fingerprint } from "~/modules/forms/versions";

/**
 * The version of a group as its edit page showed it (pure): one short fingerprint per editable
 * field, carried by the form and compared, under the group's lock, with the group as it is now.
 * A save from a page opened before someone else's change is refused instead of writing the old
 * values back (last writer wins), and the fields that changed meanwhile are named. Content, not a
 * counter: a change that was undone again counts as no change, and no column or migration is
 * needed; every way a group's fields change (this page, "Change seats", a seat out of turn) is seen.
 */
export const EDITABLE_GROUP_FIELDS = ["name", "kind", "description", "timezone", "capacity", "location", "onlineUrl", "language", "facilitatorIds"] as const;

export type EditableGroupField = (typeof EDITABLE_GROUP_FIELDS)[number];

export type EditableGroup = {
  name: string;
  kind: string;
  description: string;
  timezone: string;
  capacity: number;
  location: string;
  onlineUrl: string;
  language: string;
  facilitatorIds: readonly string[];
};

const fieldText = (group: EditableGroup, field: EditableGroupField) =>
  field === "facilitatorIds" ? [...group.facilitatorIds].sort().join(",") : String(group[field]);

export function groupVersion(group: EditableGroup): string {
  return EDITABLE_GROUP_FIELDS.map((field) => `${field}-${fingerprint(fieldText(group, field))}`).join("~");
}

/** The fields that differ between the version a page showed and the group now (all of them for a version that is not one). */
export function changedSince(shownVersion: string, group: EditableGroup): EditableGroupField[] {
  const shown = new Map(
    shownVersion.split("~").map((part) => {
      const dash = part.indexOf("-");
      return [part.slice(0, dash), part.slice(dash + 1)] as const;
    }),
  );
  return EDITABLE_GROUP_FIELDS.filter((field) => shown.get(field) !== fingerprint(fieldText(group, field)));
}

/**
 * The version of a program as its page's edit form showed it (modules/forms/versions.ts): two
 * managers rewording the same program each send the whole form, so the second save is refused,
 * naming the fields the first changed, instead of writing its old copy over them.
 */
export const PROGRAM_VERSION_FIELDS = ["name", "purpose", "serviceType"] as const;
type EditableProgram = { name: string; purpose: string; serviceType: string };

export const programVersion = (program: EditableProgram) => fieldsVersion(PROGRAM_VERSION_FIELDS, program);

export const programChangedSince = (shownVersion: string, program: EditableProgram) => fieldsChangedSince(PROGRAM_VERSION_FIELDS, shownVersion, program);
