import { translatorFor } from "~/i18n/catalog";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/locales";
import { renderEmail, type Email } from "./layout";

/**
 * An invitation to join an organisation. The invitee has no account (so no language of their own
 * yet): the caller passes the inviter's language (users.locale), else US English. The invitation
 * page lets them choose their own language when they accept.
 */
export function invitationEmail(data: { organizationName: string; inviterName: string | null; role: string; url: string; locale?: Locale }): Email {
  const locale = data.locale ?? DEFAULT_LOCALE;
  const t = translatorFor(locale);
  const organization = data.organizationName;
  return renderEmail({
    locale,
    subject: t("email.invite.subject", { organization }),
    greeting: t("email.invite.greeting"),
    paragraphs: [t("email.invite.invited", { inviter: data.inviterName ?? t("email.invite.platformTeam"), organization, role: data.role }), t("email.invite.days")],
    action: { label: t("email.invite.action"), url: data.url },
  });
}
