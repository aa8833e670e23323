import type { ReactNode } from "react";
import { SHARE_ITEMS, SHARE_LABELS, type ShareItem } from "~/modules/completion/releases/statement";
import { CheckboxGroup, Field, TextArea, type ActionErrors } from "~/ui/form";
import { CivilDate, When } from "~/ui/time";

export type ReleaseView = {
  id: string;
  /** The program the release covers; null for a release signed before releases named one (it covers none). */
  programName?: string | null;
  recipientName: string;
  recipientOrganization: string;
  recipientContact: string;
  purpose: string;
  shares: ShareItem[];
  expiresOn: string;
  method: "in_app" | "paper";
  signedName: string;
  signedOn: string;
  revokedAt: string | Date | null;
  state: "current" | "expired" | "revoked";
  hasScan: boolean;
  statement?: string;
  letters?: { id: string; issuedAt: string | Date; issuedBy: string | null; groupName: string; shared: string[] }[];
};

const STATE_LABELS = { current: "Current", expired: "Expired", revoked: "Revoked" } as const;

/** The recipient, purpose, what may be shared, the release's state and how it was signed; letters sent under it when given. */
export function ReleaseCard({ release: r, zone, showStatement, children }: { release: ReleaseView; zone: string; showStatement?: boolean; children?: ReactNode }) {
  const headingId = `release-${r.id}`;
  return (
    <article className="card" aria-labelledby={headingId}>
      <h3 id={headingId}>
        To {r.recipientName}
        {r.recipientOrganization ? `, ${r.recipientOrganization}` : ""} <span className="badge">{STATE_LABELS[r.state]}</span>
      </h3>
      <p>{r.recipientContact}</p>
      {r.programName !== undefined ? (
        <p>
          <strong>About:</strong> {r.programName ?? "no program named (signed before releases named one), so no letter can be sent under it"}
        </p>
      ) : null}
      <p>
        <strong>Purpose:</strong> {r.purpose}
      </p>
      <p>
        <strong>May share:</strong> {r.shares.map((s) => SHARE_LABELS[s]).join("; ")}
      </p>
      <p className="muted">
        {r.method === "paper" ? "Signed on paper" : `Signed in the app as \u201c${r.signedName}\u201d`} on <CivilDate date={r.signedOn} />;{" "}
        {r.state === "revoked" && r.revokedAt ? (
          <>
            revoked <When at={r.revokedAt} zone={zone} />.
          </>
        ) : (
          <>
            {r.state === "expired" ? "expired at the end of" : "valid until the end of"} <CivilDate date={r.expiresOn} />.
          </>
        )}
        {r.hasScan ? (
          <>
            {" "}
            <a href={`/releases/${r.id}/scan`} download>
              Signed page<span className="visually-hidden"> of the release to {r.recipientName}</span>
            </a>
          </>
        ) : null}
      </p>
      {showStatement && r.statement ? (
        <details>
          <summary>
            The text {r.method === "paper" ? "recorded" : "you signed"}
            <span className="visually-hidden"> for {r.recipientName}</span>
          </summary>
          <blockquote>
            {r.statement.split("\n\n").map((p) => (
              <p key={p}>{p}</p>
            ))}
          </blockquote>
        </details>
      ) : null}
      {r.letters ? (
        <>
          <h4>Letters sent under this release</h4>
          {r.letters.length === 0 ? <p>None.</p> : null}
          <ul>
            {r.letters.map((l) => (
              <li key={l.id}>
                <When at={l.issuedAt} zone={zone} />: by {l.issuedBy ?? "a former staff member"}, about {l.groupName}; shared {l.shared.map((s) => SHARE_LABELS[s as ShareItem].replace(/ \(.*\)$/, "").toLowerCase()).join(", ")}.{" "}
                <a href={`/letters/${l.id}.pdf`} download>
                  Your copy (PDF)<span className="visually-hidden"> of the letter sent <When at={l.issuedAt} zone={zone} /></span>
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {children}
    </article>
  );
}

/** Recipient, purpose, what may be shared and the expiry: the same fields for a release signed in the app or on paper. */
export function ReleaseTermsFields({ data, defaultExpiry, hint }: { data?: ActionErrors; defaultExpiry: string; hint?: string }) {
  return (
    <>
      <Field name="recipientName" label="Recipient's name" hint="The person who receives the letter, for example your probation officer." data={data} />
      <Field name="recipientOrganization" label="Their organisation (optional)" hint="For example: County Probation Department." data={data} />
      <TextArea name="recipientContact" label="Their postal address or email" data={data} rows={3} />
      <TextArea name="purpose" label="Purpose" hint="Why they need it, for example: proof of attendance for my court date." data={data} rows={2} />
      <CheckboxGroup
        name="shares"
        legend="What may be shared"
        hint={hint ? `Only what you tick is in the letter. ${hint}` : "Only what is ticked is in the letter."}
        options={SHARE_ITEMS.map((s) => ({ value: s, label: SHARE_LABELS[s] }))}
        data={data}
      />
      <Field name="expiresOn" label="Expires on" type="date" hint="The last day a letter may be sent; at most 12 months ahead." data={data} defaultValue={defaultExpiry} />
    </>
  );
}
