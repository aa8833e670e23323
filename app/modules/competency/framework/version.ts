import { listText, versionedForm } from "~/modules/forms/versions";

/**
 * The version of a framework item as its edit form showed it (modules/forms/versions.ts): every
 * field the form sends back, by its form name. Two administrators rewording the same item (its
 * name, description, what it is required for) each send the whole form: the second save is
 * refused, naming the fields the first changed, instead of writing its old copy over them.
 * Archiving or restoring the item is no conflict (not part of the form).
 */
export const ITEM_VERSION_FIELDS = [
  "name",
  "code",
  "standard",
  "description",
  "kind",
  "requiredForGroupKinds",
  "requiredForRoles",
  "validityMonths",
  "acceptedEvidence",
  "observable",
] as const;

type SavedItem = {
  name: string;
  code: string;
  standard: string | null;
  description: string | null;
  kind: string;
  requiredForGroupKinds: readonly string[];
  requiredForRoles: readonly string[];
  validityMonths: number | null;
  acceptedEvidence: readonly string[];
  observable: boolean;
};

export const STALE_ITEM =
  "This item was changed by someone else after you opened this page, so nothing was saved. The form keeps your entries and the item as it is saved now is shown above it: compare them, then save again.";

export const itemForm = versionedForm(
  ITEM_VERSION_FIELDS,
  (item: SavedItem) => ({
    ...item,
    requiredForGroupKinds: listText(item.requiredForGroupKinds),
    requiredForRoles: listText(item.requiredForRoles),
    acceptedEvidence: listText(item.acceptedEvidence),
  }),
  STALE_ITEM,
);
