import { translatorFor } from "~/i18n/catalog";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/locales";
import { renderEmail, type Email } from "./layout";

/** 60, 30 or 7 days before a record lapses: to the facilitator, or to their supervisor about them. */
export function competencyExpiryReminderEmail(data: {
  recipientName: string;
  facilitatorName: string;
  toFacilitator: boolean;
  itemName: string;
  standard: string;
  expiresOn: string;
  daysLeft: number;
  url: string;
  /** The recipient's language (users.locale). */
  locale?: Locale;
}): Email {
  const locale = data.locale ?? DEFAULT_LOCALE;
  const t = translatorFor(locale);
  const own = data.toFacilitator ? "Own" : "Other";
  const item = data.standard ? `${data.itemName} (${data.standard})` : data.itemName;
  const values = { facilitator: data.facilitatorName, days: data.daysLeft };
  return renderEmail({
    locale,
    subject: t(`email.competency.reminderSubject${own}`, { ...values, item: data.itemName }),
    greeting: t("email.hello", { name: data.recipientName }),
    paragraphs: [t(`email.competency.expires${own}`, { ...values, item, date: data.expiresOn }), t(`email.competency.renew${own}`, values)],
    action: { label: t("email.competency.action"), url: data.url },
    footer: t("email.competency.footer"),
  });
}

/** On the expiry date: the record has lapsed; upcoming sessions it affects are listed. */
export function competencyExpiredEmail(data: {
  recipientName: string;
  facilitatorName: string;
  toFacilitator: boolean;
  itemName: string;
  standard: string;
  expiredOn: string;
  affectedSessions: number;
  url: string;
  /** The recipient's language (users.locale). */
  locale?: Locale;
}): Email {
  const locale = data.locale ?? DEFAULT_LOCALE;
  const t = translatorFor(locale);
  const own = data.toFacilitator ? "Own" : "Other";
  const item = data.standard ? `${data.itemName} (${data.standard})` : data.itemName;
  const facilitator = data.facilitatorName;
  const paragraphs = [t(`email.competency.expired${own}`, { facilitator, item, date: data.expiredOn })];
  if (data.affectedSessions > 0) paragraphs.push(t(`email.competency.affected${own}`, { facilitator, count: data.affectedSessions }));
  paragraphs.push(t("email.competency.blocked"));
  return renderEmail({
    locale,
    subject: t(`email.competency.expiredSubject${own}`, { facilitator, item: data.itemName }),
    greeting: t("email.hello", { name: data.recipientName }),
    paragraphs,
    action: { label: t("email.competency.action"), url: data.url },
    footer: t("email.competency.footer"),
  });
}
