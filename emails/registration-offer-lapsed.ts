import { translatorFor } from "~/i18n/catalog";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/locales";
import { readerSubject, renderEmail, type Email } from "./layout";

export function offerLapsedEmail(data: {
  name: string;
  groupName: string;
  url: string;
  locale?: Locale;
  /** The reader's entries are discreet (discreetEntriesFor): the subject, shown on a locked phone, names no group; the body still does. */
  discreet?: boolean;
}): Email {
  const locale = data.locale ?? DEFAULT_LOCALE;
  const t = translatorFor(locale);
  return renderEmail({
    locale,
    subject: readerSubject(t, data, { named: "email.lapsed.subject", discreet: "email.lapsed.discreetSubject" }, { group: data.groupName }),
    greeting: t("email.hello", { name: data.name }),
    paragraphs: [t("email.lapsed.passed", { group: data.groupName }), t("email.lapsed.again")],
    action: { label: t("email.findGroup"), url: data.url },
  });
}
