import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { requestPasswordReset } from "~/modules/auth/mutations.server";
import { forgotSchema } from "~/modules/auth/schema";
import { consumeRateLimit, rateLimitedResponse } from "~/modules/auth/rate-limits.server";
import { ErrorSummary, Field, Notice } from "~/ui/form";
import { clientIp, formFailure, parseForm } from "~/web/http.server";
import { appUrl } from "~/config.server";
import { pageTitle, useTexts } from "~/ui/i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "auth.forgot.pageTitle") }];

export async function action({ request }: ActionFunctionArgs) {
  const form = await parseForm(request, forgotSchema);
  if (!form.ok) return formFailure(form);
  const limit = await consumeRateLimit("forgot-password", clientIp(request));
  if (!limit.ok) return rateLimitedResponse(limit, form.values);
  await requestPasswordReset({ email: form.data.email, baseUrl: appUrl() });
  return { ok: true as const, sent: true };
}

export default function ForgotPassword() {
  const data = useActionData<typeof action>();
  const { t } = useTexts();
  if (data && "sent" in data) {
    return (
      <>
        <h1>{t("auth.checkEmail")}</h1>
        <Notice>{t("auth.forgot.sent")}</Notice>
      </>
    );
  }
  return (
    <>
      <h1>{t("auth.forgot.title")}</h1>
      <ErrorSummary data={data} labels={{ email: t("auth.email") }} />
      <Form method="post" noValidate>
        <Field name="email" label={t("auth.email")} type="email" autoComplete="email" data={data} />
        <button type="submit">{t("auth.forgot.submit")}</button>
      </Form>
    </>
  );
}
