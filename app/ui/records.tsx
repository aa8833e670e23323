import { Form } from "@remix-run/react";
import { ErrorSummary, Notice, TextArea, type ActionErrors } from "~/ui/form";
import { When } from "~/ui/time";
import { lookup } from "~/ui/lookup";
import { useTexts } from "~/ui/i18n";

const PROGRESS_KEYS: Record<number, string> = {
  1: "records.progressScale.wentBackwards",
  2: "records.progressScale.noChange",
  3: "records.progressScale.someProgress",
  4: "records.progressScale.goodProgress",
  5: "records.progressScale.objectiveMet",
};

/** The catalog key of a progress rating's words (the fixed scale in modules/records/rules.ts), "Not rated" for none. */
export const PROGRESS_KEY = (value: number | null | undefined): string => (value != null && lookup(PROGRESS_KEYS, String(value))) || "records.progressScale.notRated";

export type Addendum = { id: string; body: string; createdAt: string | Date; authorName: string | null };

/** Whether a note is a draft or signed (by whom, when). */
export function NoteState({ signedAt, signedByName, zone }: { signedAt: string | Date | null; signedByName: string | null; zone: string }) {
  const { t } = useTexts();
  if (!signedAt)
    return (
      <p>
        <span className="status badge-warn">{t("records.shared.draft")}</span> {t("records.shared.notSigned")}
      </p>
    );
  return (
    <p>
      <span className="status badge-ok">{t("records.shared.signed")}</span>
      {t("records.shared.signedBy", { name: signedByName ?? t("records.shared.formerStaff") })}
      <When at={signedAt} zone={zone} />
      {t("records.shared.signedLocked")}
    </p>
  );
}

/**
 * The addenda of a signed note, oldest first, and (for writers) the form to add one; the form
 * carries the page's one-time token (`newFormToken()`), so the same addendum sent twice is added once.
 */
export function Addenda({ addenda, zone, canAdd, formToken, data }: { addenda: Addendum[]; zone: string; canAdd: boolean; formToken: string; data?: ActionErrors }) {
  const { t } = useTexts();
  return (
    <section aria-labelledby="addenda-title">
      <h2 id="addenda-title">{t("records.shared.addenda")}</h2>
      {addenda.length ? (
        <ol className="addenda">
          {addenda.map((a) => (
            <li key={a.id}>
              <p className="muted">
                {a.authorName ?? t("records.shared.formerStaffCapital")}, <When at={a.createdAt} zone={zone} />
              </p>
              <Paragraphs text={a.body} />
            </li>
          ))}
        </ol>
      ) : (
        <p>{t("records.shared.noAddenda")}</p>
      )}
      {canAdd ? (
        <Form method="post">
          <input type="hidden" name="intent" value="addendum" />
          <input type="hidden" name="formToken" value={formToken} />
          <TextArea name="body" label={t("records.shared.addAddendumLabel")} hint={t("records.shared.addAddendumHint")} data={data} rows={3} />
          <button type="submit">{t("records.shared.addAddendum")}</button>
        </Form>
      ) : null}
    </section>
  );
}

/** A read-only text field of a note. */
export function NoteText({ label, text }: { label: string; text: string | number | null }) {
  const { t } = useTexts();
  return (
    <div className="note-field">
      <h3>{label}</h3>
      {text === null || text === "" ? <p className="muted">{t("records.shared.notGiven")}</p> : <Paragraphs text={String(text)} />}
    </div>
  );
}

export function SavedNotice({ saved }: { saved: string | null }) {
  const { t } = useTexts();
  if (!saved) return null;
  const text: Record<string, string> = { save: "records.saved.save", sign: "records.saved.sign", addendum: "records.saved.addendum", incident: "records.saved.incident" };
  return <Notice>{t(lookup(text, saved) ?? "records.saved.other")}</Notice>;
}

export { ErrorSummary };

/** Text typed by a person, its line breaks kept as paragraphs. */
export function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text.split(/\n+/).map((line, i) => (
        <p key={i}>{line}</p>
      ))}
    </>
  );
}
