import { translatorFor } from "~/i18n/catalog";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/locales";
import { renderEmail, type Email } from "./layout";

/**
 * Tells staff that an intake needs attention now. Deliberately carries no name and no need
 * areas (email is not a safe place for health information): the link opens the audited record.
 */
export function intakeAlertEmail(data: { staffName: string; groupName: string; crisis: boolean; url: string; locale?: Locale }): Email {
  const locale = data.locale ?? DEFAULT_LOCALE;
  const t = translatorFor(locale);
  const group = data.groupName;
  return renderEmail({
    locale,
    subject: t(data.crisis ? "email.intakeAlert.crisisSubject" : "email.intakeAlert.urgentSubject", { group }),
    greeting: t("email.hello", { name: data.staffName }),
    paragraphs: [
      t(data.crisis ? "email.intakeAlert.crisis" : "email.intakeAlert.urgent", { group }),
      t(data.crisis ? "email.intakeAlert.crisisHelp" : "email.intakeAlert.urgentHelp"),
    ],
    action: { label: t("email.intakeAlert.action"), url: data.url },
    footer: t("email.intakeAlert.footer"),
  });
}
