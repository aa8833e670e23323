import { translatorFor } from "~/i18n/catalog";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/locales";
import { renderEmail, type Email } from "./layout";

/** To managers: a concern arrived or is overdue. Never includes the concern's content or who raised it. */
export function concernAlertEmail(data: { name: string; kind: "new" | "overdue"; summary: string | null; url: string; locale?: Locale }): Email {
  const locale = data.locale ?? DEFAULT_LOCALE;
  const t = translatorFor(locale);
  return renderEmail({
    locale,
    subject: t(data.kind === "new" ? "email.concern.newSubject" : "email.concern.overdueSubject"),
    greeting: t("email.hello", { name: data.name }),
    paragraphs: [t(data.kind === "new" ? "email.concern.new" : "email.concern.overdue")],
    action: { label: t("email.concern.action"), url: data.url },
    footer: t("email.concern.footer"),
  });
}

/** To a named submitter: there is a reply (read it in the app, where it is private). */
export function concernReplyEmail(data: { name: string; url: string; locale?: Locale }): Email {
  const locale = data.locale ?? DEFAULT_LOCALE;
  const t = translatorFor(locale);
  return renderEmail({
    locale,
    subject: t("email.concern.replySubject"),
    greeting: t("email.hello", { name: data.name }),
    paragraphs: [t("email.concern.reply")],
    action: { label: t("email.concern.replyAction"), url: data.url },
  });
}
