import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { config } from "~/config.server";
import { requireUser } from "~/modules/auth/session.server";
import { organizationOutbox } from "~/modules/notifications/queries.server";
import { notFound } from "~/web/http.server";
import { pageTitle, useTexts } from "~/ui/i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "admin.mail.pageTitle") }];

const STATUS_KEY: Record<string, string> = { pending: "admin.mail.status.pending", sent: "admin.mail.status.sent", failed: "admin.mail.status.failed" };

/**
 * The signed-in organisation's outgoing mail (recipient, subject, state), for trying the app
 * without a mail server. Off in production with your own database unless MAIL_VIEWER=1.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: ["admin"] });
  const cfg = config();
  if (!cfg.mailViewer) notFound("The mail viewer is turned off on this server.");
  return { messages: await organizationOutbox(user.organizationId, 200), smtp: Boolean(cfg.smtpUrl), dir: cfg.mailDir };
}

export default function Mail() {
  const { messages, smtp, dir } = useLoaderData<typeof loader>();
  const { t } = useTexts();
  return (
    <>
      <h1>{t("admin.mail.title")}</h1>
      <p className="muted">
        {t("admin.mail.intro")} {smtp ? t("admin.mail.smtp") : t("admin.mail.files", { dir })}
      </p>
      {messages.length === 0 ? <p>{t("admin.mail.none")}</p> : null}
      <div className="table-scroll" role="region" aria-label={t("admin.mail.title")} tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("admin.mail.queued")}</th>
              <th scope="col">{t("admin.mail.to")}</th>
              <th scope="col">{t("admin.mail.subject")}</th>
              <th scope="col">{t("admin.mail.state")}</th>
            </tr>
          </thead>
          <tbody>
            {messages.map((m, i) => (
              <tr key={i}>
                <td>{m.createdAt.replace("T", " ").slice(0, 19)}</td>
                <td>{m.to}</td>
                <td>{m.subject}</td>
                <td>{STATUS_KEY[m.status] ? t(STATUS_KEY[m.status]) : m.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
