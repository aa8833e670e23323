import type { ReactNode } from "react";
import { SHARE_ITEMS, type ShareItem } from "~/modules/completion/releases/statement";
import { CheckboxGroup, Field, TextArea, type ActionErrors } from "~/ui/form";
import { CivilDate, When } from "~/ui/time";
import { useTexts } from "~/ui/i18n";

/** What a release may allow, in the reader's language (the stored statement keeps the words signed). */
export const SHARE_LABEL: Record<ShareItem, string> = {
  attendance_dates: "participant.releases.share.attendanceDates",
  attendance_totals: "participant.releases.share.attendanceTotals",
  completion_status: "participant.releases.share.completionStatus",
  progress_summary: "participant.releases.share.progressSummary",
};
/** The same items in a few words, as a letter's summary lists them ("attendance dates"). */
const SHARE_SHORT: Record<ShareItem, string> = {
  attendance_dates: "participant.releases.shareShort.attendanceDates",
  attendance_totals: "participant.releases.shareShort.attendanceTotals",
  completion_status: "participant.releases.shareShort.completionStatus",
  progress_summary: "participant.releases.shareShort.progressSummary",
};

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

const STATE_LABELS = { current: "participant.releases.state.current", expired: "participant.releases.state.expired", revoked: "participant.releases.state.revoked" } as const;

/** The recipient, purpose, what may be shared, the release's state and how it was signed; letters sent under it when given. */
export function ReleaseCard({ release: r, zone, showStatement, children }: { release: ReleaseView; zone: string; showStatement?: boolean; children?: ReactNode }) {
  const headingId = `release-${r.id}`;
  const { t } = useTexts();
  const formerStaff = t("participant.releases.formerStaff");
  return (
    <article className="card" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {t("participant.releases.to", { name: r.recipientName })}
        {r.recipientOrganization ? `, ${r.recipientOrganization}` : ""} <span className="badge">{t(STATE_LABELS[r.state])}</span>
      </h3>
      <p>{r.recipientContact}</p>
      {r.programName !== undefined ? (
        <p>
          <strong>{t("participant.releases.about")}</strong> {r.programName ?? t("participant.releases.noProgram")}
        </p>
      ) : null}
      <p>
        <strong>{t("participant.releases.purposeLabel")}</strong> {r.purpose}
      </p>
      <p>
        <strong>{t("participant.releases.mayShare")}</strong> {r.shares.map((s) => t(SHARE_LABEL[s])).join("; ")}
      </p>
      <p className="muted">
        {r.method === "paper" ? t("participant.releases.signedPaper") : t("participant.releases.signedApp", { name: r.signedName })}
        <CivilDate date={r.signedOn} />;{" "}
        {r.state === "revoked" && r.revokedAt ? (
          <>
            {t("participant.releases.revoked")}
            <When at={r.revokedAt} zone={zone} />.
          </>
        ) : (
          <>
            {r.state === "expired" ? t("participant.releases.expiredAt") : t("participant.releases.validUntil")}
            <CivilDate date={r.expiresOn} />.
          </>
        )}
        {r.hasScan ? (
          <>
            {" "}
            <a href={`/releases/${r.id}/scan`} download>
              {t("participant.releases.signedPage")}
              <span className="visually-hidden">{t("participant.releases.ofReleaseTo", { name: r.recipientName })}</span>
            </a>
          </>
        ) : null}
      </p>
      {showStatement && r.statement ? (
        <details>
          <summary>
            {r.method === "paper" ? t("participant.releases.textRecorded") : t("participant.releases.textSigned")}
            <span className="visually-hidden">{t("participant.releases.forName", { name: r.recipientName })}</span>
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
          <h4>{t("participant.releases.letters")}</h4>
          {r.letters.length === 0 ? <p>{t("participant.releases.noLetters")}</p> : null}
          <ul>
            {r.letters.map((l) => (
              <li key={l.id}>
                <When at={l.issuedAt} zone={zone} />
                {t("participant.releases.letterLine", {
                  by: l.issuedBy ?? formerStaff,
                  group: l.groupName,
                  shared: l.shared.map((s) => (SHARE_SHORT[s as ShareItem] ? t(SHARE_SHORT[s as ShareItem]) : s)).join(", "),
                })}{" "}
                <a href={`/letters/${l.id}.pdf`} download>
                  {t("participant.releases.yourCopy")}
                  <span className="visually-hidden">
                    {t("participant.releases.ofLetterSent")}
                    <When at={l.issuedAt} zone={zone} />
                  </span>
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
  const { t } = useTexts();
  return (
    <>
      <Field name="recipientName" label={t("participant.releases.field.recipientName")} hint={t("participant.releases.field.recipientNameHint")} data={data} />
      <Field name="recipientOrganization" label={t("participant.releases.field.recipientOrganization")} hint={t("participant.releases.field.recipientOrganizationHint")} data={data} />
      <TextArea name="recipientContact" label={t("participant.releases.field.recipientContact")} data={data} rows={3} />
      <TextArea name="purpose" label={t("participant.releases.field.purpose")} hint={t("participant.releases.field.purposeHint")} data={data} rows={2} />
      <CheckboxGroup
        name="shares"
        legend={t("participant.releases.field.shares")}
        hint={hint ? t("participant.releases.field.sharesHintYou", { hint }) : t("participant.releases.field.sharesHint")}
        options={SHARE_ITEMS.map((s) => ({ value: s, label: t(SHARE_LABEL[s]) }))}
        data={data}
      />
      <Field
        name="expiresOn"
        label={t("participant.releases.field.expiresOn")}
        type="date"
        hint={t("participant.releases.field.expiresOnHint")}
        data={data}
        defaultValue={defaultExpiry}
      />
    </>
  );
}
