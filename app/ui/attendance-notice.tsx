import { useTexts } from "~/ui/i18n";

/**
 * The 42 CFR 2.32 notice on printouts of substance-use group participation, in the page's language
 * (the English catalog holds REDISCLOSURE_NOTICE_42_CFR_2_32 word for word; a unit test keeps them equal).
 */
export function RedisclosureNotice() {
  const { t } = useTexts();
  return (
    <section className="redisclosure" aria-labelledby="notice-2-32">
      <h2 id="notice-2-32">{t("attendance.notice.title")}</h2>
      <p>{t("attendance.notice.text")}</p>
    </section>
  );
}
