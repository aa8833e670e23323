import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { acceptInvitation, findOpenInvitation } from "~/modules/auth/mutations.server";
import { acceptInvitationSchema } from "~/modules/auth/schema";
import { consumeRateLimit, rateLimitedResponse } from "~/modules/auth/rate-limits.server";
import { createAuthSession } from "~/modules/auth/session.server";
import { ErrorSummary, Field } from "~/ui/form";
import { TimezoneSelect } from "~/ui/timezone-select";
import { attempt, clientIp, formFailure, parseForm } from "~/web/http.server";

export const meta: MetaFunction = () => [{ title: "Accept invitation · Group Sessions" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const invitation = await findOpenInvitation(params.token ?? "");
  if (!invitation) return { invitation: null };
  return {
    invitation: {
      email: invitation.email,
      role: invitation.role,
      organizationName: invitation.organizationName,
      hasAccount: Boolean(invitation.existingUserId),
    },
  };
}

const existingAccountSchema = z.object({ password: z.string().min(1, "Enter your password.") });

export async function action({ request, params }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const invitation = await findOpenInvitation(token);
  if (!invitation) return formFailure({ errors: { _form: ["This invitation has expired or was already used."] } });
  const form = invitation.existingUserId
    ? await parseForm(request, existingAccountSchema)
    : await parseForm(request, acceptInvitationSchema);
  if (!form.ok) return formFailure(form);
  const limit = await consumeRateLimit("accept-invitation", clientIp(request));
  if (!limit.ok) return rateLimitedResponse(limit, form.values);
  const data = form.data as { password: string; name?: string; timezone?: string };
  const result = await attempt(form.values, () =>
    acceptInvitation({ token, password: data.password, name: data.name ?? "", timezone: data.timezone ?? "UTC" }),
  );
  if (!result.ok) return result.response;
  const cookie = await createAuthSession(result.value.userId, result.value.organizationId);
  return redirect("/home", { headers: { "Set-Cookie": cookie } });
}

export default function AcceptInvitation() {
  const { invitation } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  if (!invitation) {
    return (
      <>
        <h1>This invitation no longer works</h1>
        <p>Invitations work once and for 7 days. Ask the person who invited you for a new one.</p>
        <Link to="/login">Sign in</Link>
      </>
    );
  }
  return (
    <>
      <h1>Join {invitation.organizationName}</h1>
      <p>
        You are invited as <strong>{invitation.role}</strong> with the address <strong>{invitation.email}</strong>.
      </p>
      <ErrorSummary data={data} labels={{ name: "Your name", password: "Password", confirmPassword: "Confirm password", timezone: "Time zone" }} />
      <Form method="post" noValidate>
        {invitation.hasAccount ? (
          <Field name="password" label="Your current password" type="password" autoComplete="current-password" data={data} />
        ) : (
          <>
            <Field name="name" label="Your name" autoComplete="name" data={data} />
            <TimezoneSelect data={data} />
            <Field name="password" label="Choose a password" type="password" autoComplete="new-password" hint="At least 10 characters, and not a common password." data={data} />
            <Field name="confirmPassword" label="Confirm password" type="password" autoComplete="new-password" data={data} />
          </>
        )}
        <button type="submit">Accept the invitation</button>
      </Form>
    </>
  );
}
