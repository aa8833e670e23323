import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import QRCode from "qrcode";
import { currentCheckInCode } from "~/modules/attendance/check-in/queries.server";
import { STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { SessionTime, When } from "~/ui/time";
import { checkInScreenRefreshDelay } from "~/modules/attendance/rules";
import { parseId } from "~/web/http.server";
import { AttendanceStyles } from "~/ui/attendance-styles";
import { appUrl } from "~/config.server";
import { pageTitle, useTexts } from "~/ui/i18n";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: pageTitle(matches, "attendance.checkin.pageTitle", { group: data?.session.groupName ?? pageTitle(matches, "attendance.roster.sessionFallback") }) },
];

/**
 * With scripts the screen reloads its data while codes rotate, so a rotated code appears by itself
 * (the loader only reads: the code is derived from the session and the time, never stored); once
 * when the window opens; never after it closes (checkInScreenRefreshDelay: each reload counts as
 * the facilitator's activity, and a screen left on must not keep a staff session signed in).
 */
function useAutoRefresh(window: { opensAt: string; closesAt: string }, status: string) {
  const revalidator = useRevalidator();
  const { opensAt, closesAt } = window;
  useEffect(() => {
    const bounds = { opensAt: new Date(opensAt), closesAt: new Date(closesAt) };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      const delay = checkInScreenRefreshDelay(new Date(), bounds, status);
      if (delay === null) return;
      timer = setTimeout(() => {
        if (document.visibilityState === "visible" && revalidator.state === "idle") revalidator.revalidate();
        schedule();
      }, delay);
    };
    schedule();
    return () => clearTimeout(timer);
  }, [revalidator, opensAt, closesAt, status]);
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const now = new Date();
  const { session, window, code } = await currentCheckInCode(user, parseId(params.sessionId), now);
  const origin = appUrl();
  const link = code ? `${origin}/c/${code.code}` : null;
  // Rendered on the server as an SVG string: no client script draws it (the CSP allows none inline).
  const qr = link ? await QRCode.toString(link, { type: "svg", margin: 1, errorCorrectionLevel: "M" }) : null;
  return {
    session: { id: session.id, groupName: session.groupName, startsAt: session.startsAt, endsAt: session.endsAt, status: session.status },
    window,
    closed: now.getTime() > window.closesAt.getTime(),
    code: code ? { code: code.code, expiresAt: code.expiresAt } : null,
    link,
    checkInPage: `${origin.replace(/^https?:\/\//, "")}/checkin`,
    qrDataUri: qr ? `data:image/svg+xml;base64,${Buffer.from(qr).toString("base64")}` : null,
    viewerZone: user.timezone,
  };
}

export default function CheckInScreen() {
  const d = useLoaderData<typeof loader>();
  useAutoRefresh(d.window, d.session.status);
  const { t } = useTexts();
  return (
    <>
      <AttendanceStyles />
      <h1>{t("attendance.checkin.title", { group: d.session.groupName })}</h1>
      <p>
        <SessionTime start={d.session.startsAt} end={d.session.endsAt} zone={d.viewerZone} />
      </p>
      {d.code && d.qrDataUri ? (
        <div className="checkin-screen">
          <img className="qr" src={d.qrDataUri} alt={t("attendance.checkin.qrAlt", { group: d.session.groupName })} width={280} height={280} />
          <div>
            <p>
              {t("attendance.checkin.scanBefore")}
              <strong>{d.checkInPage}</strong>
              {t("attendance.checkin.scanAfter")}
            </p>
            <p className="checkin-code" aria-label={t("attendance.checkin.codeLabel", { code: d.code.code.split("").join(" ") })}>
              {d.code.code}
            </p>
            <p className="muted">
              {t("attendance.checkin.worksUntil")}
              <When at={d.code.expiresAt} zone={d.viewerZone} withDate={false} />
              {t("attendance.checkin.closesAt")}
              <When at={d.window.closesAt} zone={d.viewerZone} withDate={false} />
              {t("attendance.checkin.end")}
            </p>
          </div>
        </div>
      ) : d.session.status === "cancelled" ? (
        <p>{t("attendance.checkin.cancelled")}</p>
      ) : (
        <p>
          {t("attendance.checkin.openFrom")}
          <When at={d.window.opensAt} zone={d.viewerZone} />
          {t("attendance.checkin.openTo")}
          <When at={d.window.closesAt} zone={d.viewerZone} withDate={false} />
          {t("attendance.checkin.end")}
          {d.closed ? t("attendance.checkin.closed") : t("attendance.checkin.willShow")}
        </p>
      )}
      <p className="row">
        <Link to={`/sessions/${d.session.id}/checkin`} reloadDocument>
          {t("attendance.checkin.current")}
        </Link>
        <Link to={`/sessions/${d.session.id}/roster`}>{t("attendance.backToRoster")}</Link>
      </p>
    </>
  );
}
