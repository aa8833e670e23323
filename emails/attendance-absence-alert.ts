import { translatorFor } from "~/i18n/catalog";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/locales";
import { readerSubject, renderEmail, type Email } from "./layout";

/** To a facilitator: a participant missed several sessions in a row without an apology. */
export function attendanceAbsenceAlertEmail(data: {
  facilitatorName: string;
  participantName: string;
  groupName: string;
  absences: number;
  lastSession: string;
  url: string;
  /** Their email address, only when they allow this group's facilitators to see it; otherwise null. */
  contact?: string | null;
  /** The facilitator's language (users.locale). */
  locale?: Locale;
  /** The reader's entries are discreet (discreetEntriesFor): the subject, shown on a locked phone, names no group (a staff member who chose discreet entries); the body still does. */
  discreet?: boolean;
}): Email {
  const locale = data.locale ?? DEFAULT_LOCALE;
  const t = translatorFor(locale);
  const names = { participant: data.participantName, group: data.groupName, absences: data.absences };
  return renderEmail({
    locale,
    subject: readerSubject(t, data, { named: "email.absence.subject", discreet: "email.absence.discreetSubject" }, names),
    greeting: t("email.hello", { name: data.facilitatorName }),
    paragraphs: [
      t("email.absence.missed", { ...names, last: data.lastSession }),
      t("email.absence.checkIn"),
      data.contact ? t("email.absence.contact", { contact: data.contact }) : t("email.absence.noContact"),
      t("email.absence.once"),
    ],
    action: { label: t("email.absence.action"), url: data.url },
    footer: t("email.absence.footer"),
  });
}
