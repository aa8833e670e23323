import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { config } from "~/config.server";
import { requireUser } from "~/modules/auth/session.server";
import { organizationSmsOutbox } from "~/modules/notifications/sms/queries.server";
import { notFound } from "~/web/http.server";

export const meta: MetaFunction = () => [{ title: "Text messages · Group Sessions" }];

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
  return (
    <>
      <h1>Text messages</h1>
      <p className="muted">
        Texts this organisation sent or is about to send.{" "}
        {provider ? `They go to the provider at ${provider}.` : `Without SMS_PROVIDER_URL, each is written as a file to ${dir}.`}
      </p>
      {messages.length === 0 ? <p>No text messages yet.</p> : null}
      <div className="table-scroll" role="region" aria-label="Text messages" tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">Queued (UTC)</th>
              <th scope="col">To</th>
              <th scope="col">Kind</th>
              <th scope="col">Text</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {messages.map((m) => (
              <tr key={m.id}>
                <td>{m.createdAt.replace("T", " ").slice(0, 19)}</td>
                <td>{m.to}</td>
                <td>{m.kind.replace("_", " ")}</td>
                <td>{m.body}</td>
                <td>
                  {m.status === "failed" && m.lastError ? `failed: ${m.lastError}` : m.status}
                  {m.deliveryStatus ? ` (provider: ${m.deliveryStatus})` : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
