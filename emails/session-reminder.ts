import { translatorFor } from "~/i18n/catalog";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/locales";
import { readerSubject, renderEmail, type Email } from "./layout";

export function sessionReminderEmail(data: {
  name: string;
  groupName: string;
  when: string;
  location: string;
  url: string;
  optOutUrl: string;
  locale?: Locale;
  /** The reader's calendar entries are discreet: the subject (shown on a locked phone) names no group; the body still does. */
  discreet?: boolean;
}): Email {
  const locale = data.locale ?? DEFAULT_LOCALE;
  const t = translatorFor(locale);
  return renderEmail({
    locale,
    subject: readerSubject(t, data, { named: "email.reminder.subject", discreet: "email.reminder.discreetSubject" }, { group: data.groupName, when: data.when }),
    greeting: t("email.hello", { name: data.name }),
    paragraphs: [t("email.reminder.meets", { group: data.groupName, when: data.when }), ...(data.location ? [t("email.where", { location: data.location })] : [])],
    action: { label: t("email.reminder.action"), url: data.url },
    footer: t("email.reminder.footer", { url: data.optOutUrl }),
  });
}
