import { translatorFor } from "~/i18n/catalog";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/locales";
import { readerSubject, renderEmail, type Email } from "./layout";

/** A seat freed and went to this person: either enrolled outright or offered until a deadline. */
export function seatAvailableEmail(data: {
  name: string;
  groupName: string;
  kind: "enrolled" | "offered";
  deadline: string | null;
  url: string;
  locale?: Locale;
  /** The reader's entries are discreet (discreetEntriesFor): the subject, shown on a locked phone, names no group; the body still does. */
  discreet?: boolean;
}): Email {
  const locale = data.locale ?? DEFAULT_LOCALE;
  const t = translatorFor(locale);
  const group = data.groupName;
  if (data.kind === "enrolled") {
    return renderEmail({
      locale,
      subject: readerSubject(t, data, { named: "email.seat.enrolledSubject", discreet: "email.seat.enrolledDiscreetSubject" }, { group }),
      greeting: t("email.hello", { name: data.name }),
      paragraphs: [t("email.seat.enrolled", { group }), t("email.seat.enrolledHelp")],
      action: { label: t("email.seeMyGroups"), url: data.url },
    });
  }
  return renderEmail({
    locale,
    subject: readerSubject(t, data, { named: "email.seat.offeredSubject", discreet: "email.seat.offeredDiscreetSubject" }, { group }),
    greeting: t("email.hello", { name: data.name }),
    paragraphs: [t("email.seat.offered", { group, deadline: String(data.deadline) }), t("email.seat.offeredHelp")],
    action: { label: t("email.seat.offeredAction"), url: data.url },
  });
}
