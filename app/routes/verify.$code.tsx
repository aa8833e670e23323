import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { consumeRateLimit } from "~/modules/auth/rate-limits.server";
import { verifyCertificate } from "~/modules/completion/queries.server";
import { clientIp } from "~/web/http.server";
import { pageTitle, useTexts } from "~/ui/i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "participant.verify.pageTitle") }, { name: "robots", content: "noindex" }];

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
  const { t, message } = useTexts();
  return (
    <>
      <h1>{t("participant.verify.title")}</h1>
      {limited ? (
        <p role="alert">{message(limited)}</p>
      ) : verified && certificate ? (
        <section aria-labelledby="verified" className="card">
          <h2 id="verified">{t("participant.verify.valid")}</h2>
          <dl>
            <dt>{t("participant.verify.name")}</dt>
            <dd>{certificate.participantName}</dd>
            <dt>{t("participant.verify.program")}</dt>
            <dd>{certificate.programName}</dd>
            <dt>{t("participant.verify.completedOn")}</dt>
            <dd>{certificate.completedOn}</dd>
            <dt>{t("participant.verify.issuedBy")}</dt>
            <dd>{certificate.organizationName}</dd>
          </dl>
          <p className="muted">{t("participant.verify.onlyStates")}</p>
        </section>
      ) : (
        <section aria-labelledby="not-verified" className="card">
          <h2 id="not-verified">{t("participant.verify.notConfirmed")}</h2>
          <p>{t("participant.verify.checkTyped")}</p>
        </section>
      )}
      <Form method="get" action="/verify">
        <label htmlFor="code">{t("participant.verify.code")}</label>
        <input id="code" name="code" autoComplete="off" />
        <button type="submit">{t("participant.verify.check")}</button>
      </Form>
    </>
  );
}
