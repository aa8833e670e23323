import { translatorFor } from "~/i18n/catalog";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/locales";
import { renderEmail, type Email } from "./layout";

/** Someone tried to sign up with an address that already has an account (sign-up answers the same either way). */
export function signupExistingAccountEmail(data: { name: string; organizationName: string; loginUrl: string; resetUrl: string; locale?: Locale }): Email {
  const locale = data.locale ?? DEFAULT_LOCALE;
  const t = translatorFor(locale);
  return renderEmail({
    locale,
    subject: t("email.existing.subject"),
    greeting: t("email.hello", { name: data.name }),
    paragraphs: [
      t("email.existing.tried", { organization: data.organizationName }),
      t("email.existing.ifYou", { loginUrl: data.loginUrl, resetUrl: data.resetUrl }),
      t("email.existing.ifNot"),
    ],
    action: { label: t("email.existing.action"), url: data.loginUrl },
    footer: t("email.existing.footer"),
  });
}
