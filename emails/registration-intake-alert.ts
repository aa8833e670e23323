import { translatorFor } from "~/i18n/catalog";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/locales";
import { readerSubject, renderEmail, type Email } from "./layout";

/**
 * Tells staff that an intake needs attention now. Deliberately carries no name and no need
 * areas (email is not a safe place for health information): the link opens the audited record.
 */
export function intakeAlertEmail(data: {
  staffName: string;
  groupName: string;
  crisis: boolean;
  url: string;
  locale?: Locale;
  /** The reader's entries are discreet (discreetEntriesFor): the subject, shown on a locked phone, names no group (a staff member who chose discreet entries); the body still does. */
  discreet?: boolean;
}): Email {
  const locale = data.locale ?? DEFAULT_LOCALE;
  const t = translatorFor(locale);
  const group = data.groupName;
  return renderEmail({
    locale,
    subject: data.crisis
      ? readerSubject(t, data, { named: "email.intakeAlert.crisisSubject", discreet: "email.intakeAlert.crisisDiscreetSubject" }, { group })
      : readerSubject(t, data, { named: "email.intakeAlert.urgentSubject", discreet: "email.intakeAlert.urgentDiscreetSubject" }, { group }),
    greeting: t("email.hello", { name: data.staffName }),
    paragraphs: [
      t(data.crisis ? "email.intakeAlert.crisis" : "email.intakeAlert.urgent", { group }),
      t(data.crisis ? "email.intakeAlert.crisisHelp" : "email.intakeAlert.urgentHelp"),
    ],
    action: { label: t("email.intakeAlert.action"), url: data.url },
    footer: t("email.intakeAlert.footer"),
  });
}
