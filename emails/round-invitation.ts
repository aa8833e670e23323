import { translatorFor } from "~/i18n/catalog";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/locales";
import { readerSubject, renderEmail, type Email } from "./layout";

type RoundMailData = {
  name: string;
  groupName: string;
  organizationName: string;
  firstDate: string;
  lastDate: string;
  url: string;
  locale?: Locale;
  /** The reader's entries are discreet (discreetEntriesFor): the subject, shown on a locked phone, names no group; the body still does. */
  discreet?: boolean;
};

const values = (data: RoundMailData) => ({ organization: data.organizationName, group: data.groupName, first: data.firstDate, last: data.lastDate });

/** Asks a participant to enter (or confirm) their weekly availability for a group's new schedule. */
export function roundInvitationEmail(data: RoundMailData): Email {
  const locale = data.locale ?? DEFAULT_LOCALE;
  const t = translatorFor(locale);
  return renderEmail({
    locale,
    subject: readerSubject(t, data, { named: "email.round.subject", discreet: "email.round.discreetSubject" }, values(data)),
    greeting: t("email.hello", { name: data.name }),
    paragraphs: [t("email.round.planning", values(data)), t("email.round.tell"), t("email.round.private")],
    action: { label: t("email.round.action"), url: data.url },
  });
}

/** A reminder to someone who has not yet answered a round's invitation. */
export function roundReminderEmail(data: RoundMailData): Email {
  const locale = data.locale ?? DEFAULT_LOCALE;
  const t = translatorFor(locale);
  return renderEmail({
    locale,
    subject: readerSubject(t, data, { named: "email.round.reminderSubject", discreet: "email.round.reminderDiscreetSubject" }, values(data)),
    greeting: t("email.hello", { name: data.name }),
    paragraphs: [t("email.round.stillPlanning", values(data)), t("email.round.minute"), t("email.round.ignore")],
    action: { label: t("email.round.action"), url: data.url },
  });
}
