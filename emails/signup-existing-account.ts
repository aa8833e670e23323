import { translatorFor } from "~/i18n/catalog";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/locales";
import { renderEmail, type Email } from "./layout";

/**
 * Someone tried to sign up with an address that already has an account (sign-up answers the same
 * either way). `joinUrl`: a link to join that organisation with this account (its password is asked
 * for); null when the account is a member there already.
 */
export function signupExistingAccountEmail(data: {
  name: string;
  organizationName: string;
  loginUrl: string;
  resetUrl: string;
  joinUrl?: string | null;
  locale?: Locale;
}): Email {
  const locale = data.locale ?? DEFAULT_LOCALE;
  const t = translatorFor(locale);
  return renderEmail({
    locale,
    subject: t("email.existing.subject"),
    greeting: t("email.hello", { name: data.name }),
    paragraphs: [
      t("email.existing.tried", { organization: data.organizationName }),
      data.joinUrl
        ? t("email.existing.ifYouJoin", { organization: data.organizationName, joinUrl: data.joinUrl, resetUrl: data.resetUrl })
        : t("email.existing.ifYou", { loginUrl: data.loginUrl, resetUrl: data.resetUrl }),
      t("email.existing.ifNot"),
    ],
    action: data.joinUrl
      ? { label: t("email.existing.joinAction", { organization: data.organizationName }), url: data.joinUrl }
      : { label: t("email.existing.action"), url: data.loginUrl },
    footer: t("email.existing.footer"),
  });
}
