import { translatorFor } from "~/i18n/catalog";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/locales";
import { readerSubject, renderEmail, type Email } from "./layout";

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
      ? readerSubject(t, data, { named: "email.changed.cancelledSubject", discreet: "email.changed.cancelledDiscreetSubject" }, values)
      : readerSubject(t, data, { named: "email.changed.movedSubject", discreet: "email.changed.movedDiscreetSubject" }, values);
  const paragraphs = data.change === "cancelled" ? [t("email.changed.cancelled", values)] : [t("email.changed.moved", values)];
  if (data.reason) paragraphs.push(t("email.changed.reason", { reason: data.reason }));
  return renderEmail({ locale, subject, greeting: t("email.hello", { name: data.name }), paragraphs, action: { label: t("email.seeYourSessions"), url: data.url } });
}
