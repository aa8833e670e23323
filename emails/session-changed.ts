import { translatorFor } from "~/i18n/catalog";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/locales";
import { renderEmail, type Email } from "./layout";

export function sessionChangedEmail(data: {
  name: string;
  groupName: string;
  change: "cancelled" | "moved";
  when: string;
  newWhen?: string;
  reason?: string;
  url: string;
  locale?: Locale;
}): Email {
  const locale = data.locale ?? DEFAULT_LOCALE;
  const t = translatorFor(locale);
  const values = { group: data.groupName, when: data.when, newWhen: String(data.newWhen) };
  const subject = data.change === "cancelled" ? t("email.changed.cancelledSubject", values) : t("email.changed.movedSubject", values);
  const paragraphs = data.change === "cancelled" ? [t("email.changed.cancelled", values)] : [t("email.changed.moved", values)];
  if (data.reason) paragraphs.push(t("email.changed.reason", { reason: data.reason }));
  return renderEmail({ locale, subject, greeting: t("email.hello", { name: data.name }), paragraphs, action: { label: t("email.seeYourSessions"), url: data.url } });
}
