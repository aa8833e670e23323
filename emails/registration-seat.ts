import { translatorFor } from "~/i18n/catalog";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/locales";
import { renderEmail, type Email } from "./layout";

/** A seat freed and went to this person: either enrolled outright or offered until a deadline. */
export function seatAvailableEmail(data: {
  name: string;
  groupName: string;
  kind: "enrolled" | "offered";
  deadline: string | null;
  url: string;
  locale?: Locale;
}): Email {
  const locale = data.locale ?? DEFAULT_LOCALE;
  const t = translatorFor(locale);
  const group = data.groupName;
  if (data.kind === "enrolled") {
    return renderEmail({
      locale,
      subject: t("email.seat.enrolledSubject", { group }),
      greeting: t("email.hello", { name: data.name }),
      paragraphs: [t("email.seat.enrolled", { group }), t("email.seat.enrolledHelp")],
      action: { label: t("email.seeMyGroups"), url: data.url },
    });
  }
  return renderEmail({
    locale,
    subject: t("email.seat.offeredSubject", { group }),
    greeting: t("email.hello", { name: data.name }),
    paragraphs: [t("email.seat.offered", { group, deadline: String(data.deadline) }), t("email.seat.offeredHelp")],
    action: { label: t("email.seat.offeredAction"), url: data.url },
  });
}
