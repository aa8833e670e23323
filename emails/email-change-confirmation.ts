import { translatorFor } from "~/i18n/catalog";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/locales";
import { renderEmail, type Email } from "./layout";

/** Sent to the new address chosen on the profile: the change applies when the link is followed. */
export function emailChangeConfirmationEmail(data: { name: string; url: string; newEmail: string; locale?: Locale }): Email {
  const locale = data.locale ?? DEFAULT_LOCALE;
  const t = translatorFor(locale);
  return renderEmail({
    locale,
    subject: t("email.changeConfirmation.subject"),
    greeting: t("email.hello", { name: data.name }),
    paragraphs: [t("email.changeConfirmation.asked", { email: data.newEmail }), t("email.changeConfirmation.once")],
    action: { label: t("email.changeConfirmation.action"), url: data.url },
    footer: t("email.changeConfirmation.footer"),
  });
}
