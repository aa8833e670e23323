/**
 * The version of a shared record as an edit page showed it (pure): one short fingerprint per
 * editable field ("title-3k9x~guidance-1q0z"), carried by the form in a hidden `version` field and
 * compared, under the record's row lock, with the record as it is now. A save from a page opened
 * before someone else's change is refused instead of writing the old text back (last writer
 * wins), and the fields that changed meanwhile are named. Content, not a counter or a time: a
 * change undone again counts as no change, a change to something the form does not show (a unit
 * moved in the order, archived) is no conflict, and no column or migration is needed.
 */
import { NO_VERSION_ANSWERS, StaleSave, UnversionedSave } from "~/modules/errors";

/** cyrb53: a 53-bit string hash (not for secrets; here only to tell versions apart). */
export function fingerprint(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** A field's value as compared: null and undefined are "" (an empty field), numbers and text as written. */
const textOf = (value: unknown) => (value === null || value === undefined ? "" : String(value));

/** The version of `record` over `fields` (in that order). */
export function fieldsVersion<F extends string>(fields: readonly F[], record: Record<F, unknown>): string {
  return fields.map((field) => `${field}-${fingerprint(textOf(record[field]))}`).join("~");
}

/** The fields that differ between the version a page showed and `record` now (all of them for a version that is not one). */
export function fieldsChangedSince<F extends string>(fields: readonly F[], shownVersion: string, record: Record<F, unknown>): F[] {
  const shown = new Map(
    shownVersion.split("~").map((part) => {
      const dash = part.indexOf("-");
      return [part.slice(0, dash), part.slice(dash + 1)] as const;
    }),
  );
  return fields.filter((field) => shown.get(field) !== fingerprint(textOf(record[field])));
}

/**
 * One versioned form of a shared record: the fields it sends back (by their form names) and how
 * the record as saved reads as those fields (lists sorted and joined, a missing record as empty
 * fields). `version` is what its page shows; `assertUnchanged` is the save's check, run after the
 * access checks and under the record's lock:
 * - `shownVersion` undefined: a caller outside a form (a job, a seed), not compared;
 * - `null`: a form that named no version (a page kept open from before, a crafted post), refused
 *   with the current version (UnversionedSave), so saving again after a look works;
 * - a version whose fields were changed since: refused with `staleMessage`, naming them (StaleSave).
 * The page's side is the same everywhere: a hidden `version` field, `attempt` in the action,
 * `revalidateWhenStale` and `SavedNow` (~/ui/versions).
 */
export function versionedForm<F extends string, R>(fields: readonly F[], fieldsOf: (record: R) => Record<F, unknown>, staleMessage: string) {
  const version = (record: R) => fieldsVersion(fields, fieldsOf(record));
  return {
    fields,
    version,
    changedSince: (shownVersion: string, record: R) => fieldsChangedSince(fields, shownVersion, fieldsOf(record)),
    staleMessage,
    assertUnchanged(shownVersion: string | null | undefined, record: R, noVersionMessage: string = NO_VERSION_ANSWERS, stale: string = staleMessage): void {
      if (shownVersion === undefined) return;
      if (shownVersion === null) throw new UnversionedSave(noVersionMessage, version(record));
      const changed = fieldsChangedSince(fields, shownVersion, fieldsOf(record));
      if (changed.length) throw new StaleSave(stale, version(record), changed);
    },
  };
}

/** A list field as compared: its items in a fixed order (a reordered list is the same choice). */
export const listText = (items: readonly unknown[] | null | undefined) => [...(items ?? [])].map(String).sort().join(",");
