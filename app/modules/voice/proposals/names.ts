/**
 * What a participant reads in place of another participant's name on a proposal's page when the
 * `classmates` consent does not let them see it (the page shows it in the reader's language). Pure.
 */
export const UNNAMED_MEMBER = "a member";

/** In place of a name whose account is gone, and of the reader's own name as proposer (the page words both). */
export const FORMER_MEMBER = "a former member";
export const YOU = "you";

/** A participant's first name, as the classmates consent allows it to be shown ("Other members … may see my first name"). */
export const firstNameOf = (name: string) => name.trim().split(/\s+/)[0] ?? "";
