import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { requestPasswordReset } from "~/modules/auth/mutations.server";
import { forgotSchema } from "~/modules/auth/schema";
import { consumeRateLimit, rateLimitedResponse } from "~/modules/auth/rate-limits.server";
import { ErrorSummary, Field, Notice } from "~/ui/form";
import { clientIp, formFailure, parseForm } from "~/web/http.server";
import { appUrl } from "~/config.server";

export const meta: MetaFunction = () => [{ title: "Reset your password · Group Sessions" }];

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
  if (data && "sent" in data) {
    return (
      <>
        <h1>Check your email</h1>
        <Notice>If an account uses that address, we sent it a link to choose a new password. The link works once, for one hour.</Notice>
      </>
    );
  }
  return (
    <>
      <h1>Reset your password</h1>
      <ErrorSummary data={data} labels={{ email: "Email" }} />
      <Form method="post" noValidate>
        <Field name="email" label="Email" type="email" autoComplete="email" data={data} />
        <button type="submit">Send me a link</button>
      </Form>
    </>
  );
}
