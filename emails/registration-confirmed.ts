import { translatorFor } from "~/i18n/catalog";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/locales";
import { renderEmail, type Email } from "./layout";

/** Sent when someone registers (or is registered by staff): a seat, or a place on the waitlist. */
export function registrationConfirmedEmail(data: {
  name: string;
  groupName: string;
  status: "enrolled" | "waitlisted";
  position: number | null;
  nextSession: string | null;
  url: string;
  locale?: Locale;
}): Email {
  const locale = data.locale ?? DEFAULT_LOCALE;
  const t = translatorFor(locale);
  const group = data.groupName;
  if (data.status === "enrolled") {
    return renderEmail({
      locale,
      subject: t("email.registered.subject", { group }),
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
    subject: t("email.registered.waitSubject", { group }),
    greeting: t("email.hello", { name: data.name }),
    paragraphs: [
      data.position ? t("email.registered.waitlistedAt", { group, position: String(data.position) }) : t("email.registered.waitlisted", { group }),
      t("email.registered.waitHelp"),
    ],
    action: { label: t("email.seeMyGroups"), url: data.url },
  });
}
