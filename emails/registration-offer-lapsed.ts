import { translatorFor } from "~/i18n/catalog";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/locales";
import { renderEmail, type Email } from "./layout";

export function offerLapsedEmail(data: { name: string; groupName: string; url: string; locale?: Locale }): Email {
  const locale = data.locale ?? DEFAULT_LOCALE;
  const t = translatorFor(locale);
  return renderEmail({
    locale,
    subject: t("email.lapsed.subject", { group: data.groupName }),
    greeting: t("email.hello", { name: data.name }),
    paragraphs: [t("email.lapsed.passed", { group: data.groupName }), t("email.lapsed.again")],
    action: { label: t("email.findGroup"), url: data.url },
  });
}
