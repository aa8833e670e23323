import { fieldsChangedSince, fieldsVersion } from "~/modules/forms/versions";

/**
 * The version of a resource directory entry as its edit form showed it (modules/forms/versions.ts):
 * two managers updating the same service (a new phone number, new opening hours) each send the
 * whole form, so the second save is refused, naming the fields the first changed, instead of
 * writing its old copy over them.
 */
export const RESOURCE_VERSION_FIELDS = ["name", "location", "phone", "contactPerson", "services", "languages", "fees", "eligibility", "needAreas", "website"] as const;
type ResourceVersionField = (typeof RESOURCE_VERSION_FIELDS)[number];
type SavedResource = Record<Exclude<ResourceVersionField, "needAreas">, string> & { needAreas: readonly string[] };

const versioned = (r: SavedResource): Record<ResourceVersionField, unknown> => ({ ...r, needAreas: [...r.needAreas].sort().join(",") });

export const resourceVersion = (r: SavedResource) => fieldsVersion(RESOURCE_VERSION_FIELDS, versioned(r));

export const resourceChangedSince = (shownVersion: string, r: SavedResource) => fieldsChangedSince(RESOURCE_VERSION_FIELDS, shownVersion, versioned(r));
