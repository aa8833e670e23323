import { Link } from "@remix-run/react";
import type { AttendanceStatus } from "~/modules/attendance/rules";
import { STATUS_KEY } from "~/ui/attendance-labels";
import { useTexts } from "~/ui/i18n";

/** The confirmation a participant sees after checking in. */
export function CheckedIn({ groupName, status, changed }: { groupName: string; status: AttendanceStatus; changed: boolean }) {
  const { t, locale } = useTexts();
  return (
    <>
      <h1>{t("attendance.checkedIn.title")}</h1>
      <div className="notice" role="status">
        <p>
          {t("attendance.checkedIn.status", { group: groupName, status: t(STATUS_KEY[status]).toLocaleLowerCase(locale) })}
          {!changed ? t("attendance.checkedIn.already") : ""}
        </p>
      </div>
      <p>{t("attendance.checkedIn.welcome")}</p>
      <p>
        <Link to="/my/attendance">{t("attendance.checkedIn.myAttendance")}</Link>
      </p>
    </>
  );
}
