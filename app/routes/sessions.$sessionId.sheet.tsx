import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { db } from "~/db/client.server";
import { audit, recordRosterViewed } from "~/modules/audit/mutations.server";
import { findSessionForStaff } from "~/modules/attendance/queries.server";
import { rosterRows } from "~/modules/attendance/roster/queries.server";
import { ATTENDANCE_STATUSES } from "~/modules/attendance/rules";
import { STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { PrintButton } from "~/ui/attendance-print";
import { SessionTime } from "~/ui/time";
import { parseId } from "~/web/http.server";
import { AttendanceStyles } from "~/ui/attendance-styles";
import { RedisclosureNotice } from "~/ui/attendance-notice";
import { scopeHasSubstanceUseGroup } from "~/modules/consent/queries.server";
import { STATUS_KEY } from "~/ui/attendance-labels";
import { pageTitle, useTexts } from "~/ui/i18n";
import { confirmRecordedView } from "~/web/recorded-view.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: pageTitle(matches, "attendance.sheet.pageTitle", { group: data?.session.groupName ?? pageTitle(matches, "attendance.roster.sessionFallback") }) },
];

/** A printable sheet for rooms without devices; printing a list of names is an audited read. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  confirmRecordedView(request, user);
  const session = await findSessionForStaff(db, user, parseId(params.sessionId));
  const rows = await rosterRows(db, session);
  await audit(db, {
    organizationId: user.organizationId,
    actorId: user.id,
    action: "attendance.sheet_view",
    subjectType: "session",
    subjectId: session.id,
  });
  await recordRosterViewed(user, session.groupId, rows.map((r) => r.userId), "sign_in_sheet");
  return {
    session: { id: session.id, groupName: session.groupName, startsAt: session.startsAt, endsAt: session.endsAt, location: session.location, timezone: session.timezone },
    rows: rows.map((r) => ({ userId: r.userId, name: r.name, status: r.status, apologyReason: r.apologyReason })),
    blankRows: session.settings.allowWalkIns ? 8 : 3,
    // A peer recovery group, or any group of a program marked as a 42 CFR Part 2 program.
    substanceUse: await scopeHasSubstanceUseGroup(user.organizationId, { groupId: session.groupId }),
  };
}

export default function Sheet() {
  const { session, rows, blankRows, substanceUse } = useLoaderData<typeof loader>();
  const { t } = useTexts();
  return (
    <div className="sheet">
      <AttendanceStyles />
      <p className="no-print">
        <Link to={`/sessions/${session.id}/roster`}>{t("attendance.backToRoster")}</Link> · <PrintButton /> ·{" "}
        <Link to={`/sessions/${session.id}/paper`}>{t("attendance.sheet.enterCompleted")}</Link>
      </p>
      <h1>{t("attendance.sheet.title", { group: session.groupName })}</h1>
      <p>
        <SessionTime start={session.startsAt} end={session.endsAt} zone={session.timezone} /> · {session.location}
      </p>
      <p className="muted">{t("attendance.sheet.instructions")}</p>
      {/* On a phone the sheet scrolls inside its box, never the page. */}
      <div className="table-scroll" role="region" aria-label={t("attendance.sheet.region")} tabIndex={0}>
        <table className="sheet-table">
          <thead>
            <tr>
              <th scope="col">{t("attendance.sheet.name")}</th>
              {ATTENDANCE_STATUSES.map((s) => (
                <th scope="col" key={s}>
                  {t(STATUS_KEY[s])}
                </th>
              ))}
              <th scope="col">{t("attendance.sheet.arrived")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.userId}>
                <th scope="row">
                  {r.name}
                  {r.status === "excused" ? (
                    <span className="muted">{r.apologyReason ? t("attendance.sheet.apologyReason", { reason: r.apologyReason }) : t("attendance.sheet.apology")}</span>
                  ) : null}
                </th>
                {ATTENDANCE_STATUSES.map((s) => (
                  <td key={s} className="tick">
                    {r.status === s ? "☒" : "☐"}
                  </td>
                ))}
                <td />
              </tr>
            ))}
            {Array.from({ length: blankRows }, (_, i) => (
              <tr key={`blank-${i}`} className="blank">
                <th scope="row">
                  <span className="visually-hidden">{t("attendance.sheet.blankRow", { n: i + 1 })}</span>
                </th>
                {ATTENDANCE_STATUSES.map((s) => (
                  <td key={s} className="tick">
                    ☐
                  </td>
                ))}
                <td />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted">{t("attendance.sheet.walkIns")}</p>
      {substanceUse ? <RedisclosureNotice /> : null}
    </div>
  );
}
