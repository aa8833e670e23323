import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { config } from "~/config.server";
import { requireUser } from "~/modules/auth/session.server";
import { organizationSmsOutbox } from "~/modules/notifications/sms/queries.server";
import { notFound } from "~/web/http.server";
import { pageTitle, useTexts } from "~/ui/i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "admin.sms.pageTitle") }];

const STATUS_KEY: Record<string, string> = { pending: "admin.mail.status.pending", sent: "admin.mail.status.sent", failed: "admin.mail.status.failed" };
const KIND_KEY: Record<string, string> = {
  code: "admin.sms.kind.code",
  reminder: "admin.sms.kind.reminder",
  offer: "admin.sms.kind.offer",
  session_change: "admin.sms.kind.sessionChange",
  checkin: "admin.sms.kind.checkin",
};

/**
 * The signed-in organisation's text messages (masked number, kind, text, state), for trying the
 * app without a provider, beside the mail viewer and under the same switch (MAIL_VIEWER).
 * Confirmation codes are never shown.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: ["admin"] });
  const cfg = config();
  if (!cfg.mailViewer) notFound("The message viewer is turned off on this server.");
  return { messages: await organizationSmsOutbox(user.organizationId, 200), provider: cfg.sms ? new URL(cfg.sms.providerUrl).host : null, dir: cfg.smsDir };
}

export default function TextMessages() {
  const { messages, provider, dir } = useLoaderData<typeof loader>();
  const { t } = useTexts();
  return (
    <>
      <h1>{t("admin.sms.title")}</h1>
      <p className="muted">
        {t("admin.sms.intro")} {provider ? t("admin.sms.provider", { provider }) : t("admin.sms.files", { dir })}
      </p>
      {messages.length === 0 ? <p>{t("admin.sms.none")}</p> : null}
      <div className="table-scroll" role="region" aria-label={t("admin.sms.title")} tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("admin.mail.queued")}</th>
              <th scope="col">{t("admin.mail.to")}</th>
              <th scope="col">{t("admin.sms.kindLabel")}</th>
              <th scope="col">{t("admin.sms.text")}</th>
              <th scope="col">{t("admin.mail.state")}</th>
            </tr>
          </thead>
          <tbody>
            {messages.map((m) => (
              <tr key={m.id}>
                <td>{m.createdAt.replace("T", " ").slice(0, 19)}</td>
                <td>{m.to}</td>
                <td>{KIND_KEY[m.kind] ? t(KIND_KEY[m.kind]) : m.kind.replace("_", " ")}</td>
                <td>{m.body}</td>
                <td>
                  {m.status === "failed" && m.lastError
                    ? t("admin.sms.failedWith", { error: m.lastError })
                    : STATUS_KEY[m.status]
                      ? t(STATUS_KEY[m.status])
                      : m.status}
                  {m.deliveryStatus ? t("admin.sms.providerStatus", { status: m.deliveryStatus }) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
