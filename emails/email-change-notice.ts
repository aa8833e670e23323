import { translatorFor } from "~/i18n/catalog";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/locales";
import { renderEmail, type Email } from "./layout";

/** Sent to the current address when a change to another address is asked for. */
export function emailChangeNoticeEmail(data: { name: string; newEmail: string; resetUrl: string; locale?: Locale }): Email {
  const locale = data.locale ?? DEFAULT_LOCALE;
  const t = translatorFor(locale);
  return renderEmail({
    locale,
    subject: t("email.changeNotice.subject"),
    greeting: t("email.hello", { name: data.name }),
    paragraphs: [t("email.changeNotice.asked", { email: data.newEmail }), t("email.changeNotice.ifNot", { resetUrl: data.resetUrl })],
    footer: t("email.changeNotice.footer"),
  });
}
