import { translatorFor } from "~/i18n/catalog";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/locales";
import { renderEmail, type Email } from "./layout";

/** To a facilitator or manager: a session ended a day ago and nobody recorded attendance. */
export function attendanceMissingEmail(data: { name: string; groupName: string; when: string; url: string; locale?: Locale }): Email {
  const locale = data.locale ?? DEFAULT_LOCALE;
  const t = translatorFor(locale);
  const values = { group: data.groupName, when: data.when };
  return renderEmail({
    locale,
    subject: t("email.attendanceMissing.subject", values),
    greeting: t("email.hello", { name: data.name }),
    paragraphs: [t("email.attendanceMissing.none", values), t("email.attendanceMissing.please")],
    action: { label: t("email.attendanceMissing.action"), url: data.url },
    footer: t("email.attendanceMissing.footer"),
  });
}
