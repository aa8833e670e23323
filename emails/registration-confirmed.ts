import { translatorFor } from "~/i18n/catalog";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/locales";
import { readerSubject, renderEmail, type Email } from "./layout";

/** Sent when someone registers (or is registered by staff): a seat, or a place on the waitlist. */
export function registrationConfirmedEmail(data: {
  name: string;
  groupName: string;
  status: "enrolled" | "waitlisted";
  position: number | null;
  nextSession: string | null;
  url: string;
  locale?: Locale;
  /** The reader's entries are discreet (discreetEntriesFor): the subject, shown on a locked phone, names no group; the body still does. */
  discreet?: boolean;
}): Email {
  const locale = data.locale ?? DEFAULT_LOCALE;
  const t = translatorFor(locale);
  const group = data.groupName;
  if (data.status === "enrolled") {
    return renderEmail({
      locale,
      subject: readerSubject(t, data, { named: "email.registered.subject", discreet: "email.registered.discreetSubject" }, { group }),
      greeting: t("email.hello", { name: data.name }),
      paragraphs: [
        t("email.registered.seat", { group }),
        data.nextSession ? t("email.registered.next", { when: data.nextSession }) : t("email.registered.noNext"),
        t("email.registered.withdraw"),
      ],
      action: { label: t("email.seeMyGroups"), url: data.url },
    });
  }
  return renderEmail({
    locale,
    subject: readerSubject(t, data, { named: "email.registered.waitSubject", discreet: "email.registered.waitDiscreetSubject" }, { group }),
    greeting: t("email.hello", { name: data.name }),
    paragraphs: [
      data.position ? t("email.registered.waitlistedAt", { group, position: String(data.position) }) : t("email.registered.waitlisted", { group }),
      t("email.registered.waitHelp"),
    ],
    action: { label: t("email.seeMyGroups"), url: data.url },
  });
}
