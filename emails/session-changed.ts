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
  /** The reader's calendar entries are discreet: the subject (shown on a locked phone) names no group; the body still does. */
  discreet?: boolean;
}): Email {
  const locale = data.locale ?? DEFAULT_LOCALE;
  const t = translatorFor(locale);
  const values = { group: data.groupName, when: data.when, newWhen: String(data.newWhen) };
  const subject =
    data.change === "cancelled"
      ? t(data.discreet ? "email.changed.cancelledDiscreetSubject" : "email.changed.cancelledSubject", values)
      : t(data.discreet ? "email.changed.movedDiscreetSubject" : "email.changed.movedSubject", values);
  const paragraphs = data.change === "cancelled" ? [t("email.changed.cancelled", values)] : [t("email.changed.moved", values)];
  if (data.reason) paragraphs.push(t("email.changed.reason", { reason: data.reason }));
  return renderEmail({ locale, subject, greeting: t("email.hello", { name: data.name }), paragraphs, action: { label: t("email.seeYourSessions"), url: data.url } });
}
