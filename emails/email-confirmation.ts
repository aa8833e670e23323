import { translatorFor } from "~/i18n/catalog";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/locales";
import { renderEmail, type Email } from "./layout";

/** After sign-up: proves the person reads mail at this address. */
export function emailConfirmationEmail(data: { name: string; url: string; organizationName: string; locale?: Locale }): Email {
  const locale = data.locale ?? DEFAULT_LOCALE;
  const t = translatorFor(locale);
  return renderEmail({
    locale,
    subject: t("email.confirmation.subject"),
    greeting: t("email.hello", { name: data.name }),
    paragraphs: [t("email.confirmation.welcome", { organization: data.organizationName }), t("email.confirmation.once")],
    action: { label: t("email.confirmation.action"), url: data.url },
    footer: t("email.confirmation.footer"),
  });
}
