import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { config } from "~/config.server";
import { requireUser } from "~/modules/auth/session.server";
import { organizationOutbox } from "~/modules/notifications/queries.server";
import { notFound } from "~/web/http.server";

export const meta: MetaFunction = () => [{ title: "Outgoing mail · Group Sessions" }];

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
  return (
    <>
      <h1>Outgoing mail</h1>
      <p className="muted">
        Messages this organisation sent or is about to send.{" "}
        {smtp ? "They go to the configured SMTP server." : `Without SMTP_URL, each is written as an .eml file to ${dir}.`}
      </p>
      {messages.length === 0 ? <p>No messages yet.</p> : null}
      <div className="table-scroll" role="region" aria-label="Outgoing mail" tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">Queued (UTC)</th>
              <th scope="col">To</th>
              <th scope="col">Subject</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {messages.map((m) => (
              <tr key={m.id}>
                <td>{m.createdAt.replace("T", " ").slice(0, 19)}</td>
                <td>{m.to}</td>
                <td>{m.subject}</td>
                <td>{m.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
