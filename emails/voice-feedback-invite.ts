import { translatorFor } from "~/i18n/catalog";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/locales";
import { renderEmail, type Email } from "./layout";

export function feedbackInvitationEmail(data: { name: string; groupName: string; when: string; url: string; locale?: Locale }): Email {
  const locale = data.locale ?? DEFAULT_LOCALE;
  const t = translatorFor(locale);
  return renderEmail({
    locale,
    subject: t("email.feedback.subject", { group: data.groupName }),
    greeting: t("email.hello", { name: data.name }),
    paragraphs: [t("email.feedback.thanks", { group: data.groupName, when: data.when }), t("email.feedback.ask"), t("email.feedback.optional")],
    action: { label: t("email.feedback.action"), url: data.url },
  });
}
