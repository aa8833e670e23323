import { translatorFor } from "~/i18n/catalog";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/locales";
import { readerSubject, renderEmail, type Email } from "./layout";

/** To a facilitator or manager: a session ended a day ago and nobody recorded attendance. */
export function attendanceMissingEmail(data: {
  name: string;
  groupName: string;
  when: string;
  url: string;
  locale?: Locale;
  /** The reader's entries are discreet (discreetEntriesFor): the subject, shown on a locked phone, names no group (a staff member who chose discreet entries); the body still does. */
  discreet?: boolean;
}): Email {
  const locale = data.locale ?? DEFAULT_LOCALE;
  const t = translatorFor(locale);
  const values = { group: data.groupName, when: data.when };
  return renderEmail({
    locale,
    subject: readerSubject(t, data, { named: "email.attendanceMissing.subject", discreet: "email.attendanceMissing.discreetSubject" }, values),
    greeting: t("email.hello", { name: data.name }),
    paragraphs: [t("email.attendanceMissing.none", values), t("email.attendanceMissing.please")],
    action: { label: t("email.attendanceMissing.action"), url: data.url },
    footer: t("email.attendanceMissing.footer"),
  });
}
