import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { lookUpCheckInCode, selfCheckIn } from "~/modules/attendance/check-in/mutations.server";
import { requireUser } from "~/modules/auth/session.server";
import { CheckedIn } from "~/ui/attendance-checkin";
import { ErrorSummary } from "~/ui/form";
import { SessionTime } from "~/ui/time";
import { attempt, UserInputError } from "~/web/http.server";
import { requestStartedHere } from "~/web/download.server";
import { isWellFormedCode, normaliseCode } from "~/modules/attendance/rules";
import { AttendanceStyles } from "~/ui/attendance-styles";
import { pageTitle, useTexts } from "~/ui/i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "participant.checkin.pageTitle") }];

/**
 * Where the QR code leads: shows the session the code opens; one tap checks in. (A wrong code is
 * counted: see lookUpCheckInCode.) Only for a request the person made here — the camera opening
 * the QR code, a typed address, a link on our pages (requestStartedHere). A link or redirect on
 * another site (or a fake QR sticker's page) gets a page asking to confirm, with the code only if
 * it looks like one: nothing is looked up, so no group is named and no wrong code is counted —
 * ten such navigations would otherwise stop this person's check-ins for an hour.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: ["participant"] });
  if (!requestStartedHere(request)) {
    const code = normaliseCode(params.code ?? "");
    return { ok: "confirm" as const, code: isWellFormedCode(code) ? code : null };
  }
  try {
    const target = await lookUpCheckInCode(user, params.code ?? "", new Date());
    return { ok: true as const, code: target.code, groupName: target.groupName, startsAt: target.startsAt, endsAt: target.endsAt, zone: user.timezone };
  } catch (error) {
    if (error instanceof UserInputError) return { ok: false as const, message: error.message };
    throw error;
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: ["participant"] });
  const result = await attempt({ code: params.code ?? "" }, () => selfCheckIn(user, params.code ?? "", new Date()));
  if (!result.ok) return result.response;
  return { ok: true as const, ...result.value };
}

export default function CheckInWithCode() {
  const d = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t, message } = useTexts();
  if (data?.ok) return <CheckedIn groupName={data.groupName} status={data.status} changed={data.changed} />;
  if (d.ok === "confirm" && d.code) {
    // Opened from another site: the same address again, now from this page, looks the code up.
    return (
      <>
        <AttendanceStyles />
        <h1>{t("participant.checkin.confirmTitle", { code: d.code })}</h1>
        <p>{t("participant.checkin.confirmIntro")}</p>
        <p>
          <Link to={`/c/${d.code}`} reloadDocument className="big-button">
            {t("participant.checkin.confirmOpen")}
          </Link>
        </p>
        <p>
          <Link to="/checkin">{t("participant.checkin.typeInstead")}</Link>
        </p>
      </>
    );
  }
  if (d.ok === "confirm") {
    return (
      <>
        <AttendanceStyles />
        <h1>{t("participant.checkin.failed")}</h1>
        <p>
          <Link to="/checkin">{t("participant.checkin.typeInstead")}</Link>
        </p>
      </>
    );
  }
  if (!d.ok) {
    return (
      <>
        <AttendanceStyles />
        <h1>{t("participant.checkin.failed")}</h1>
        <p role="alert">{message(d.message)}</p>
        <p>
          <Link to="/checkin">{t("participant.checkin.typeInstead")}</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <AttendanceStyles />
      <h1>{t("participant.checkin.toGroup", { group: d.groupName })}</h1>
      <p>
        <SessionTime start={d.startsAt} end={d.endsAt} zone={d.zone} />
      </p>
      <ErrorSummary data={data && !data.ok ? data : undefined} labels={{ code: t("participant.checkin.code") }} />
      <Form method="post">
        <button type="submit" className="big-button">
          {t("participant.checkin.checkMeIn")}
        </button>
      </Form>
    </>
  );
}
