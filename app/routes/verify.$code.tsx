import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { consumeRateLimit } from "~/modules/auth/rate-limits.server";
import { verifyCertificate } from "~/modules/completion/queries.server";
import { clientIp } from "~/web/http.server";

export const meta: MetaFunction = () => [{ title: "Check a certificate · Group Sessions" }, { name: "robots", content: "noindex" }];

/**
 * Public: confirms only what a certificate states (name, program, completion date, organisation)
 * while it stands. Unknown, mistyped and revoked codes get the same answer; counted per address.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const limit = await consumeRateLimit("verify-certificate", clientIp(request));
  if (!limit.ok) {
    return json({ verified: false as const, certificate: null, limited: limit.message }, { status: 429, headers: { "Retry-After": String(limit.retryAfterSeconds) } });
  }
  const answer = await verifyCertificate(String(params.code ?? "").slice(0, 64));
  return json({ ...answer, limited: null }, { headers: { "cache-control": "no-store" } });
}

export default function VerifyCertificate() {
  const { verified, certificate, limited } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Check a certificate of completion</h1>
      {limited ? (
        <p role="alert">{limited}</p>
      ) : verified && certificate ? (
        <section aria-labelledby="verified" className="card">
          <h2 id="verified">This certificate is valid</h2>
          <dl>
            <dt>Name</dt>
            <dd>{certificate.participantName}</dd>
            <dt>Program</dt>
            <dd>{certificate.programName}</dd>
            <dt>Completed on</dt>
            <dd>{certificate.completedOn}</dd>
            <dt>Issued by</dt>
            <dd>{certificate.organizationName}</dd>
          </dl>
          <p className="muted">This page confirms only what the certificate states.</p>
        </section>
      ) : (
        <section aria-labelledby="not-verified" className="card">
          <h2 id="not-verified">We cannot confirm this code</h2>
          <p>Check that it was typed exactly as printed on the certificate. A certificate that was withdrawn is not confirmed either.</p>
        </section>
      )}
      <Form method="get" action="/verify">
        <label htmlFor="code">Verification code</label>
        <input id="code" name="code" autoComplete="off" />
        <button type="submit">Check</button>
      </Form>
    </>
  );
}
