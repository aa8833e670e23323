import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { listIntakeQueue } from "~/modules/registration/queries.server";
import { RegistrationStatus } from "~/ui/registration-status";
import { When } from "~/ui/time";
import { pageTitle, useTexts } from "~/ui/i18n";
import { NEED_AREA_KEY } from "~/ui/voice-labels";
import { confirmRecordedView } from "~/web/recorded-view.server";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "voice.intake.queue.pageTitle") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  confirmRecordedView(request, user);
  const show = new URL(request.url).searchParams.get("show") === "all" ? "all" : "open";
  return { rows: await listIntakeQueue(user, { show }), show, viewerZone: user.timezone };
}

export default function IntakeQueue() {
  const { rows, show, viewerZone } = useLoaderData<typeof loader>();
  const { t } = useTexts();
  const need = (n: string) => (NEED_AREA_KEY[n] ? t(NEED_AREA_KEY[n]) : n);
  return (
    <>
      <h1>{t("voice.intake.queue.title")}</h1>
      <p className="muted">{t("voice.intake.queue.confidential")}</p>
      <p>
        {show === "open" ? (
          <>
            {t("voice.intake.queue.showingOpen")}
            <Link to="/intake?show=all">{t("voice.intake.queue.showAll")}</Link>
          </>
        ) : (
          <>
            {t("voice.intake.queue.showingAll")}
            <Link to="/intake">{t("voice.intake.queue.showOpen")}</Link>
          </>
        )}
      </p>
      {rows.length === 0 ? <p>{t("voice.intake.queue.none")}</p> : null}
      {rows.length ? (
        <p>
          <a href={`/intake/export.csv${show === "all" ? "?show=all" : ""}`}>{t("voice.intake.queue.download")}</a>
        </p>
      ) : null}
      {rows.length ? (
        <div style={{ overflowX: "auto" }}>
          <table>
            <caption className="visually-hidden">{t("voice.intake.queue.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("voice.intake.queue.priority")}</th>
                <th scope="col">{t("voice.intake.participant")}</th>
                <th scope="col">{t("voice.intake.group")}</th>
                <th scope="col">{t("voice.intake.needAreas")}</th>
                <th scope="col">{t("voice.intake.status")}</th>
                <th scope="col">{t("voice.intake.received")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.intakeId}>
                  <td>
                    {r.crisis ? <strong className="error-text">{t("voice.intake.queue.crisis")}</strong> : r.urgent ? <strong className="error-text">{t("voice.intake.queue.urgent")}</strong> : t("voice.intake.queue.routine")}
                    {r.reviewedAt ? <span className="muted">{t("voice.intake.queue.reviewed")}</span> : null}
                  </td>
                  <td>
                    <Link to={`/intake/${r.enrolmentId}`}>{r.participantName}</Link>
                  </td>
                  <td>{r.groupName}</td>
                  <td>{r.needAreas.length ? r.needAreas.map(need).join(", ") : t("voice.intake.noneGiven")}</td>
                  <td>
                    <RegistrationStatus status={r.status} />
                  </td>
                  <td>
                    <When at={r.createdAt} zone={viewerZone} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
