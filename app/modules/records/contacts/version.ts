import { fieldsChangedSince, fieldsVersion } from "~/modules/forms/versions";

/**
 * The version of a draft contact as its page showed it (pure; modules/forms/versions.ts): the
 * fields its form writes back, by their form names. Two staff members who opened the same draft
 * (a co-facilitator finishing a colleague's phone-call note) each send the whole form: the second
 * save is refused, naming the fields the first changed, instead of writing its old copy over them.
 */
export const CONTACT_VERSION_FIELDS = ["programId", "contactDate", "minutes", "mode", "component", "planLink", "note"] as const;
export type ContactVersionField = (typeof CONTACT_VERSION_FIELDS)[number];

type SavedContact = { programId: string | null; contactDate: string; minutes: number; mode: string; component: string | null; goalId: string | null; objectiveId: string | null; note: string };

const versioned = (c: SavedContact): Record<ContactVersionField, unknown> => ({
  programId: c.programId,
  contactDate: c.contactDate,
  minutes: c.minutes,
  mode: c.mode,
  component: c.component,
  planLink: c.objectiveId ? `objective:${c.objectiveId}` : c.goalId ? `goal:${c.goalId}` : "",
  note: c.note,
});

export const contactVersion = (c: SavedContact) => fieldsVersion(CONTACT_VERSION_FIELDS, versioned(c));

export const contactChangedSince = (shownVersion: string, c: SavedContact) => fieldsChangedSince(CONTACT_VERSION_FIELDS, shownVersion, versioned(c));
