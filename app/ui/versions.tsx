import type { ShouldRevalidateFunction } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTexts } from "~/ui/i18n";

/** The fields named by a save refused as out of date (StaleSave's details, sent by `attempt`); none otherwise. */
export function changedMeanwhile(failed: unknown): string[] {
  const details = failed && typeof failed === "object" && "details" in failed ? (failed as { details?: { changed?: unknown } }).details : undefined;
  return Array.isArray(details?.changed) ? details.changed.filter((f): f is string => typeof f === "string") : [];
}

/**
 * A page's `shouldRevalidate` for a form whose save can be refused as out of date: Remix does not
 * reload the page's data after an action answered 4xx, so the page would go on showing the record
 * as it was when opened. After such a refusal the loader runs again, and `SavedNow` shows the
 * record as saved now. (A post without JavaScript renders the page afresh anyway.)
 */
export const revalidateWhenStale: ShouldRevalidateFunction = ({ actionResult, defaultShouldRevalidate }) => changedMeanwhile(actionResult).length > 0 || defaultShouldRevalidate;

/**
 * Shown above a form whose save was refused because someone else changed the record after the
 * page was opened: which fields they changed, and the record as it is saved now (`children`), so
 * the person can compare it with their own entries, kept in the form below, and save again.
 */
export function SavedNow({ changed, labels, children }: { changed: string[]; labels: Record<string, string>; children: ReactNode }) {
  const { t } = useTexts();
  if (!changed.length) return null;
  return (
    <section className="card" aria-labelledby="saved-now">
      <h2 id="saved-now">{t("records.versions.savedNow")}</h2>
      <p>{t("records.versions.changedMeanwhile", { fields: changed.map((f) => labels[f] ?? f).join(", ") })}</p>
      {children}
    </section>
  );
}
