import { DateTime } from "luxon";
import { translatorFor } from "~/i18n/catalog";
import { DEFAULT_LOCALE, languageOf, type Locale } from "~/i18n/locales";
import { renderEmail, type Email } from "./layout";

/** A civil date (YYYY-MM-DD) written out in full: "December 31, 2027", "31 de diciembre de 2027". */
function fullDate(isoDate: string, locale: Locale): string {
  return DateTime.fromISO(isoDate, { zone: "UTC" })
    .setLocale(languageOf(locale) === "es" ? "es" : "en-US")
    .toLocaleString(DateTime.DATE_FULL);
}

/**
 * To a participant, when staff record a release of information signed on paper in their name, and
 * when a letter goes out under such a release — so a release they never signed cannot be used
 * unnoticed. Names the recipient and who acted, never the program or group (the program may be a
 * substance use program, and mail can be read by others). In the participant's language.
 */
export function paperReleaseRecordedEmail(data: {
  name: string;
  organizationName: string;
  recipient: string;
  /** The items shared (release share codes, in the release's order). */
  shares: readonly string[];
  /** The last day the release is valid (YYYY-MM-DD). */
  expiresOn: string;
  recordedBy: string;
  url: string;
  locale?: Locale;
}): Email {
  const locale = data.locale ?? DEFAULT_LOCALE;
  const t = translatorFor(locale);
  const organization = data.organizationName;
  return renderEmail({
    locale,
    subject: t("email.release.recordedSubject"),
    greeting: t("email.hello", { name: data.name }),
    paragraphs: [
      t("email.release.recorded", {
        recordedBy: data.recordedBy,
        organization,
        recipient: data.recipient,
        shares: data.shares.map((s) => t(`email.release.shares.${s}`)).join("; "),
        expiresOn: fullDate(data.expiresOn, locale),
      }),
      t("email.release.recordedRevoke", { organization }),
    ],
    action: { label: t("email.release.action"), url: data.url },
    footer: t("email.release.recordedFooter"),
  });
}

export function paperReleaseLetterEmail(data: { name: string; organizationName: string; recipient: string; issuedBy: string; url: string; locale?: Locale }): Email {
  const locale = data.locale ?? DEFAULT_LOCALE;
  const t = translatorFor(locale);
  const organization = data.organizationName;
  return renderEmail({
    locale,
    subject: t("email.release.letterSubject"),
    greeting: t("email.hello", { name: data.name }),
    paragraphs: [t("email.release.letter", { issuedBy: data.issuedBy, organization, recipient: data.recipient }), t("email.release.letterRevoke", { organization })],
    action: { label: t("email.release.action"), url: data.url },
    footer: t("email.release.letterFooter"),
  });
}
