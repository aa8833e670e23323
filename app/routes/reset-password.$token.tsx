import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { resetPassword, resetTokenIsUsable } from "~/modules/auth/mutations.server";
import { resetSchema } from "~/modules/auth/schema";
import { consumeRateLimit, rateLimitedResponse } from "~/modules/auth/rate-limits.server";
import { ErrorSummary, Field } from "~/ui/form";
import { clientIp, formFailure, parseForm } from "~/web/http.server";
import { pageTitle, useTexts } from "~/ui/i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "auth.reset.pageTitle") }];

export async function loader({ params }: LoaderFunctionArgs) {
  return { usable: await resetTokenIsUsable(params.token ?? "") };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await parseForm(request, resetSchema);
  if (!form.ok) return formFailure(form);
  const limit = await consumeRateLimit("reset-password", clientIp(request));
  if (!limit.ok) return rateLimitedResponse(limit);
  const done = await resetPassword({ token: params.token ?? "", password: form.data.password });
  if (!done) return formFailure({ errors: { _form: ["This link has expired or was already used. Ask for a new one."] } });
  return redirect("/login?reset=1");
}

export default function ResetPassword() {
  const { usable } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t } = useTexts();
  if (!usable) {
    return (
      <>
        <h1>{t("auth.linkDead")}</h1>
        <p>{t("auth.reset.linkDead")}</p>
        <Link to="/forgot-password">{t("auth.reset.askNew")}</Link>
      </>
    );
  }
  return (
    <>
      <h1>{t("auth.reset.title")}</h1>
      <ErrorSummary data={data} labels={{ password: t("auth.newPassword"), confirmPassword: t("auth.confirmPassword") }} />
      <Form method="post" noValidate>
        <Field name="password" label={t("auth.newPassword")} type="password" autoComplete="new-password" hint={t("auth.passwordHint")} data={data} />
        <Field name="confirmPassword" label={t("auth.confirmPassword")} type="password" autoComplete="new-password" data={data} />
        <button type="submit">{t("auth.reset.submit")}</button>
      </Form>
    </>
  );
}
