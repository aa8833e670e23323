import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { signIn } from "~/modules/auth/mutations.server";
import { signInSchema } from "~/modules/auth/schema";
import { createAuthSession, rememberDevice, requireAnonymous, safeRedirect, trustedDeviceTags } from "~/modules/auth/session.server";
import { ErrorSummary, Field, Notice } from "~/ui/form";
import { pageTitle, useTexts } from "~/ui/i18n";
import { clientIp, formFailure, parseForm } from "~/web/http.server";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "auth.login.pageTitle") }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await parseForm(request, signInSchema);
  if (!form.ok) return formFailure(form);
  const result = await signIn({
    email: form.data.email,
    password: form.data.password,
    ip: clientIp(request),
    trustedDevice: await trustedDeviceTags(request),
  });
  if (!result.ok) {
    if (result.reason === "throttled") {
      return json(
        { ok: false as const, errors: {}, values: form.values, formError: result.message },
        { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
      );
    }
    const message =
      result.reason === "no-membership"
        ? "This account does not belong to any organisation yet."
        : result.reason === "unconfirmed"
          ? "This email address is not confirmed yet. Open the link we emailed you, or create the account again to get a new link."
          : result.reason === "deactivated"
            ? "This account has been deactivated by your organisation. Ask your organisation's administrator or program manager if you need access again."
            : "That email and password do not match an account.";
    return json({ ok: false as const, errors: {}, values: form.values, formError: message }, { status: 400 });
  }
  const headers = new Headers();
  headers.append("Set-Cookie", await createAuthSession(result.userId, result.organizationId));
  headers.append("Set-Cookie", await rememberDevice(request, result.userId));
  return redirect(safeRedirect(form.data.redirectTo), { headers });
}

export default function Login() {
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useTexts();
  return (
    <>
      <h1>{t("auth.login.title")}</h1>
      {params.get("expired") ? <Notice>{t("auth.login.expired")}</Notice> : null}
      {params.get("reset") ? <Notice>{t(params.get("newPerson") ? "auth.login.resetNewPerson" : "auth.login.reset")}</Notice> : null}
      {params.get("emailChanged") ? <Notice>{t("auth.login.emailChanged")}</Notice> : null}
      <ErrorSummary data={data} labels={{ email: t("auth.email"), password: t("auth.password") }} />
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/home"} />
        <Field name="email" label={t("auth.email")} type="email" autoComplete="email" data={data} required />
        <Field name="password" label={t("auth.password")} type="password" autoComplete="current-password" data={data} required />
        <button type="submit">{t("auth.login.submit")}</button>
      </Form>
      <p>
        <Link to="/forgot-password">{t("auth.login.forgot")}</Link>
      </p>
      <p className="muted">
        {t("auth.login.newBefore")}
        <Link to="/">{t("auth.login.startPage")}</Link>
        {t("auth.login.newAfter")}
      </p>
    </>
  );
}
