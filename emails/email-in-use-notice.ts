import { translatorFor } from "~/i18n/catalog";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/locales";
import { renderEmail, type Email } from "./layout";

/** Another account tried to take this address (the profile answers the same either way). */
export function emailInUseNoticeEmail(data: { name: string; resetUrl: string; locale?: Locale }): Email {
  const locale = data.locale ?? DEFAULT_LOCALE;
  const t = translatorFor(locale);
  return renderEmail({
    locale,
    subject: t("email.inUse.subject"),
    greeting: t("email.hello", { name: data.name }),
    paragraphs: [t("email.inUse.asked"), t("email.inUse.ifKnown", { resetUrl: data.resetUrl })],
    footer: t("email.changeNotice.footer"),
  });
}
