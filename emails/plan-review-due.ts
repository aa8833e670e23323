import { translatorFor } from "~/i18n/catalog";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/locales";
import { renderEmail, type Email } from "./layout";

/** To the participant and the organisation's managers (who keep a plan's reviews): a service plan's review is coming up (sent once per review date). */
export function planReviewDueEmail(data: { name: string; participantName: string; forParticipant: boolean; dueOn: string; url: string; locale?: Locale }): Email {
  const locale = data.locale ?? DEFAULT_LOCALE;
  const t = translatorFor(locale);
  const values = { date: data.dueOn, participant: data.participantName };
  return renderEmail({
    locale,
    subject: t(data.forParticipant ? "email.planReview.subjectOwn" : "email.planReview.subjectOther", values),
    greeting: t("email.hello", { name: data.name }),
    paragraphs: data.forParticipant
      ? [t("email.planReview.dueOwn", values), t("email.planReview.readOwn")]
      : [t("email.planReview.dueOther", values), t("email.planReview.arrangeOther")],
    action: { label: t(data.forParticipant ? "email.planReview.actionOwn" : "email.planReview.actionOther"), url: data.url },
    footer: t(data.forParticipant ? "email.planReview.footerOwn" : "email.planReview.footerOther"),
  });
}
