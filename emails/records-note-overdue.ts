import { translatorFor } from "~/i18n/catalog";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/locales";
import { readerSubject, renderEmail, type Email } from "./layout";

/** To a facilitator, their supervisor or a manager: a session's group note is still unsigned 72 h after it. */
export function recordsNoteOverdueEmail(data: {
  name: string;
  groupName: string;
  when: string;
  state: "missing" | "draft";
  url: string;
  locale?: Locale;
  /** The reader's entries are discreet (discreetEntriesFor): the subject, shown on a locked phone, names no group (a staff member who chose discreet entries); the body still does. */
  discreet?: boolean;
}): Email {
  const locale = data.locale ?? DEFAULT_LOCALE;
  const t = translatorFor(locale);
  const values = { group: data.groupName, when: data.when };
  return renderEmail({
    locale,
    subject: readerSubject(t, data, { named: "email.noteOverdue.subject", discreet: "email.noteOverdue.discreetSubject" }, values),
    greeting: t("email.hello", { name: data.name }),
    paragraphs: [t(data.state === "missing" ? "email.noteOverdue.missing" : "email.noteOverdue.draft", values), t("email.noteOverdue.please")],
    action: { label: t("email.noteOverdue.action"), url: data.url },
    footer: t("email.noteOverdue.footer"),
  });
}
