import { translatorFor } from "~/i18n/catalog";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/locales";
import { renderEmail, type Email } from "./layout";

export function passwordResetEmail(data: { name: string; url: string; organizationName: string; locale?: Locale }): Email {
  const locale = data.locale ?? DEFAULT_LOCALE;
  const t = translatorFor(locale);
  return renderEmail({
    locale,
    subject: t("email.reset.subject"),
    greeting: t("email.hello", { name: data.name }),
    paragraphs: [t("email.reset.asked", { organization: data.organizationName }), t("email.reset.once")],
    action: { label: t("email.reset.action"), url: data.url },
  });
}
