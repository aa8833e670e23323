import { Form } from "@remix-run/react";
import { ErrorSummary, Notice, TextArea, type ActionErrors } from "~/ui/form";
import { When } from "~/ui/time";
import { lookup } from "~/ui/lookup";

export type Addendum = { id: string; body: string; createdAt: string | Date; authorName: string | null };

/** Whether a note is a draft or signed (by whom, when). */
export function NoteState({ signedAt, signedByName, zone }: { signedAt: string | Date | null; signedByName: string | null; zone: string }) {
  if (!signedAt)
    return (
      <p>
        <span className="status badge-warn">Draft</span> Not signed yet.
      </p>
    );
  return (
    <p>
      <span className="status badge-ok">Signed</span> by {signedByName ?? "a former staff member"} on <When at={signedAt} zone={zone} />. Signed notes are locked; later changes are addenda.
    </p>
  );
}

/** The addenda of a signed note, oldest first, and (for writers) the form to add one. */
export function Addenda({ addenda, zone, canAdd, data }: { addenda: Addendum[]; zone: string; canAdd: boolean; data?: ActionErrors }) {
  return (
    <section aria-labelledby="addenda-title">
      <h2 id="addenda-title">Addenda</h2>
      {addenda.length ? (
        <ol className="addenda">
          {addenda.map((a) => (
            <li key={a.id}>
              <p className="muted">
                {a.authorName ?? "A former staff member"}, <When at={a.createdAt} zone={zone} />
              </p>
              <Paragraphs text={a.body} />
            </li>
          ))}
        </ol>
      ) : (
        <p>No addenda.</p>
      )}
      {canAdd ? (
        <Form method="post">
          <input type="hidden" name="intent" value="addendum" />
          <TextArea name="body" label="Add an addendum" hint="Kept with your name and the time; the signed note itself does not change." data={data} rows={3} />
          <button type="submit">Add addendum</button>
        </Form>
      ) : null}
    </section>
  );
}

/** A read-only text field of a note. */
export function NoteText({ label, text }: { label: string; text: string | number | null }) {
  return (
    <div className="note-field">
      <h3>{label}</h3>
      {text === null || text === "" ? <p className="muted">(not given)</p> : <Paragraphs text={String(text)} />}
    </div>
  );
}

export function SavedNotice({ saved }: { saved: string | null }) {
  if (!saved) return null;
  const text: Record<string, string> = { save: "Draft saved.", sign: "Signed. The note is now locked.", addendum: "Addendum added.", incident: "Incident recorded." };
  return <Notice>{lookup(text, saved) ?? "Saved."}</Notice>;
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
