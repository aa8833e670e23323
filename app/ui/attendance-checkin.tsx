import { Link } from "@remix-run/react";
import { STATUS_LABELS, type AttendanceStatus } from "~/modules/attendance/rules";

/** The confirmation a participant sees after checking in. */
export function CheckedIn({ groupName, status, changed }: { groupName: string; status: AttendanceStatus; changed: boolean }) {
  return (
    <>
      <h1>You are checked in</h1>
      <div className="notice" role="status">
        <p>
          {groupName}: {STATUS_LABELS[status].toLowerCase()}.{!changed ? " You were already checked in." : ""}
        </p>
      </div>
      <p>Welcome. You can close this page.</p>
      <p>
        <Link to="/my/attendance">My attendance</Link>
      </p>
    </>
  );
}
