import { translatorFor } from "~/i18n/catalog";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/locales";
import { readerSubject, renderEmail, type Email } from "./layout";

/**
 * An invitation to join an organisation. The invitee has no account (so no language of their own
 * yet): the caller passes the inviter's language (users.locale), else US English. The invitation
 * page lets them choose their own language when they accept. Its subject names the organisation
 * only for a named reader (discreetInvitee: an account at that address whose owner chose named
 * entries); the body names it.
 */
export function invitationEmail(data: { organizationName: string; inviterName: string | null; role: string; url: string; locale?: Locale; discreet: boolean }): Email {
  const locale = data.locale ?? DEFAULT_LOCALE;
  const t = translatorFor(locale);
  const organization = data.organizationName;
  return renderEmail({
    locale,
    subject: readerSubject(t, data, { named: "email.invite.subject", discreet: "email.invite.discreetSubject" }, { organization }),
    greeting: t("email.invite.greeting"),
    paragraphs: [t("email.invite.invited", { inviter: data.inviterName ?? t("email.invite.platformTeam"), organization, role: data.role }), t("email.invite.days")],
    action: { label: t("email.invite.action"), url: data.url },
  });
}
