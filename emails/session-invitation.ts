import { translatorFor } from "~/i18n/catalog";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/locales";
import { readerSubject, renderEmail, type Email } from "./layout";

export function sessionInvitationEmail(data: {
  name: string;
  groupName: string;
  schedule: string[];
  location: string;
  url: string;
  locale?: Locale;
  /** The reader's calendar entries are discreet: the subject (shown on a locked phone) names no group; the body still does. */
  discreet?: boolean;
}): Email {
  const locale = data.locale ?? DEFAULT_LOCALE;
  const t = translatorFor(locale);
  return renderEmail({
    locale,
    subject: readerSubject(t, data, { named: "email.invitation.subject", discreet: "email.invitation.discreetSubject" }, { group: data.groupName }),
    greeting: t("email.hello", { name: data.name }),
    paragraphs: [
      t("email.invitation.place", { group: data.groupName }),
      ...data.schedule.slice(0, 12),
      ...(data.schedule.length > 12 ? [t("email.invitation.more", { count: String(data.schedule.length - 12) })] : []),
      ...(data.location ? [t("email.where", { location: data.location })] : []),
      t("email.invitation.attached"),
    ],
    action: { label: t("email.seeYourSessions"), url: data.url },
  });
}
