import { translatorFor } from "~/i18n/catalog";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/locales";
import { renderEmail, type Email } from "./layout";

/**
 * To an address staff typed for a walk-in, which nobody has confirmed: the one way in for its owner
 * (a never-confirmed account's password-reset link: they give their own name, zone and password,
 * and the staff-made membership stays). Nothing else goes there until then (processOutbox). The
 * address may be mistyped, so the message is discreet like an invitation to someone without a
 * confirmed account: the subject names no organisation, and nothing names the person, a group or
 * a program; the body names the organisation (so the owner can tell whether it is theirs). Its
 * language is the staff member's (the walk-in has none of their own yet).
 */
export function walkInAddressEmail(data: { organizationName: string; url: string; locale?: Locale }): Email {
  const locale = data.locale ?? DEFAULT_LOCALE;
  const t = translatorFor(locale);
  return renderEmail({
    locale,
    subject: t("email.walkInAddress.subject"),
    greeting: t("email.walkInAddress.greeting"),
    paragraphs: [t("email.walkInAddress.added", { organization: data.organizationName }), t("email.walkInAddress.nothingUntil"), t("email.walkInAddress.notYou")],
    action: { label: t("email.walkInAddress.action"), url: data.url },
    footer: t("email.walkInAddress.footer"),
  });
}
