import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/auth/session.server";
import { MAIL_DIR } from "~/modules/notifications/transport.server";
import { notFound } from "~/web/http.server";

export const meta: MetaFunction = () => [{ title: "Sent mail (development) · Group Sessions" }];

/** Development only: lists the .eml files written when no SMTP_URL is configured. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { roles: ["admin"] });
  if (process.env.SMTP_URL) notFound("Mail goes to the SMTP server; there is no local copy.");
  let files: string[] = [];
  try {
    files = readdirSync(MAIL_DIR).filter((f) => f.endsWith(".eml"));
  } catch {
    files = [];
  }
  const messages = files
    .map((file) => {
      const full = path.join(MAIL_DIR, file);
      const head = readFileSync(full, "utf8").split(/\r?\n\r?\n/)[0];
      const header = (name: string) => new RegExp(`^${name}: (.*)$`, "mi").exec(head)?.[1] ?? "";
      return { file, to: header("To"), subject: header("Subject"), at: statSync(full).mtime.toISOString() };
    })
    .sort((a, b) => b.at.localeCompare(a.at))
    .slice(0, 200);
  return { messages, dir: MAIL_DIR };
}

export default function Mail() {
  const { messages, dir } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Sent mail (development)</h1>
      <p className="muted">Without SMTP_URL, messages are written as .eml files to {dir}.</p>
      {messages.length === 0 ? <p>No messages yet.</p> : null}
      <table>
        <thead>
          <tr>
            <th scope="col">When (UTC)</th>
            <th scope="col">To</th>
            <th scope="col">Subject</th>
            <th scope="col">File</th>
          </tr>
        </thead>
        <tbody>
          {messages.map((m) => (
            <tr key={m.file}>
              <td>{m.at.replace("T", " ").slice(0, 19)}</td>
              <td>{m.to}</td>
              <td>{m.subject}</td>
              <td>{m.file}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
