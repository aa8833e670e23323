import { versionedForm } from "~/modules/forms/versions";

/**
 * The version of a group's or program's rules as their page showed them (modules/forms/versions.ts):
 * the text of the current version, which the publish form starts from ("" before any). Two staff
 * members rewording the rules each publish a whole new text: the second is refused, instead of
 * publishing its old text over the first's (or over a version a decided proposal published).
 * The change summary is each publication's own and no conflict.
 */
export const STALE_RULES =
  "These rules were changed by someone else after you opened this page, so nothing was published. The form keeps your text and the rules as they are published now are shown above it: compare them, then publish again.";

/** A proposal's decision that would publish new rules, from a page opened before other rules were published: nothing is recorded. */
export const STALE_DECISION_RULES =
  "The rules were changed by someone else after you opened this page, so neither the decision nor the new rules were recorded. Your entries are kept: open the rules as they are published now (the link beside the rules box), bring your text up to date, then record the decision again.";

export const rulesForm = versionedForm(["body"] as const, (current: { body: string } | null | undefined) => ({ body: current?.body }), STALE_RULES);
