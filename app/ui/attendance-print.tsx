import { useHydrated } from "~/ui/attendance-roster";
import { useTexts } from "~/ui/i18n";

/** A print button when scripts run; without them, the browser's own Print command does the same. */
export function PrintButton() {
  const hydrated = useHydrated();
  const { t } = useTexts();
  if (!hydrated) return <span>{t("attendance.print.useBrowser")}</span>;
  return (
    <button type="button" className="secondary" onClick={() => window.print()}>
      {t("attendance.print.button")}
    </button>
  );
}
