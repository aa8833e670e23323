import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { resetPassword, resetTokenIsUsable } from "~/modules/auth/mutations.server";
import { resetSchema } from "~/modules/auth/schema";
import { consumeRateLimit, rateLimitedResponse } from "~/modules/auth/rate-limits.server";
import { ErrorSummary, Field } from "~/ui/form";
import { clientIp, formFailure, parseForm } from "~/web/http.server";

export const meta: MetaFunction = () => [{ title: "Choose a new password · Group Sessions" }];

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
  if (!usable) {
    return (
      <>
        <h1>This link no longer works</h1>
        <p>Reset links work once and for one hour.</p>
        <Link to="/forgot-password">Ask for a new link</Link>
      </>
    );
  }
  return (
    <>
      <h1>Choose a new password</h1>
      <ErrorSummary data={data} labels={{ password: "New password", confirmPassword: "Confirm password" }} />
      <Form method="post" noValidate>
        <Field name="password" label="New password" type="password" autoComplete="new-password" hint="At least 10 characters, and not a common password." data={data} />
        <Field name="confirmPassword" label="Confirm password" type="password" autoComplete="new-password" data={data} />
        <button type="submit">Save the new password</button>
      </Form>
    </>
  );
}
