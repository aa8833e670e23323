import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { findResetLink, resetPassword } from "~/modules/auth/mutations.server";
import { resetNewPersonSchema, resetSchema } from "~/modules/auth/schema";
import { requestLocale } from "~/i18n/locale.server";
import { consumeRateLimit, rateLimitedResponse } from "~/modules/auth/rate-limits.server";
import { ErrorSummary, Field } from "~/ui/form";
import { TimezoneSelect } from "~/ui/timezone-select";
import { attempt, clientIp, formFailure, parseForm } from "~/web/http.server";
import { pageTitle, useTexts } from "~/ui/i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "auth.reset.pageTitle") }];

export async function loader({ params }: LoaderFunctionArgs) {
  const link = await findResetLink(params.token ?? "");
  // newPerson: the address never had a confirmed account — the page asks for the owner's own details.
  return { usable: Boolean(link), newPerson: link?.newPerson ?? false };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const link = await findResetLink(token);
  const form = link?.newPerson ? await parseForm(request, resetNewPersonSchema) : await parseForm(request, resetSchema);
  if (!form.ok) return formFailure(form);
  const limit = await consumeRateLimit("reset-password", clientIp(request));
  if (!limit.ok) return rateLimitedResponse(limit);
  const data = form.data as { password: string; name?: string; timezone?: string };
  // The claimant's language is the one they read this page in (header switch, else the browser's).
  const newPerson = data.name && data.timezone ? { name: data.name, timezone: data.timezone, locale: await requestLocale(request, null) } : undefined;
  const result = await attempt(form.values, () => resetPassword({ token, password: data.password, newPerson }));
  if (!result.ok) return result.response;
  if (!result.value) return formFailure({ errors: { _form: ["This link has expired or was already used. Ask for a new one."] } });
  return redirect(result.value === "new-person" ? "/login?reset=1&newPerson=1" : "/login?reset=1");
}

export default function ResetPassword() {
  const { usable, newPerson } = useLoaderData<typeof loader>();
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
      {newPerson ? <p>{t("auth.reset.newPerson")}</p> : null}
      <ErrorSummary data={data} labels={{ name: t("auth.reset.yourName"), timezone: t("profile.timezone"), password: t("auth.newPassword"), confirmPassword: t("auth.confirmPassword") }} />
      <Form method="post" noValidate>
        {newPerson ? (
          <>
            <Field name="name" label={t("auth.reset.yourName")} autoComplete="name" data={data} />
            <TimezoneSelect data={data} />
          </>
        ) : null}
        <Field name="password" label={t("auth.newPassword")} type="password" autoComplete="new-password" hint={t("auth.passwordHint")} data={data} />
        <Field name="confirmPassword" label={t("auth.confirmPassword")} type="password" autoComplete="new-password" data={data} />
        <button type="submit">{t("auth.reset.submit")}</button>
      </Form>
    </>
  );
}
