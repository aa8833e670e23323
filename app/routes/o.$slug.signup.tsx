import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { signUpParticipant } from "~/modules/auth/mutations.server";
import { signUpSchema } from "~/modules/auth/schema";
import { consumeRateLimit, rateLimitedResponse } from "~/modules/auth/rate-limits.server";
import { requireAnonymous, safeRedirect } from "~/modules/auth/session.server";
import { appUrl } from "~/config.server";
import { findOrganizationBySlug } from "~/modules/groups/queries.server";
import { ErrorSummary, Field, Notice } from "~/ui/form";
import { TimezoneSelect } from "~/ui/timezone-select";
import { attempt, clientIp, formFailure, notFound, parseForm } from "~/web/http.server";
import { publicBrand } from "~/modules/orgs/brand";

export const meta: MetaFunction = () => [{ title: "Create an account · Group Sessions" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  const organization = await findOrganizationBySlug(params.slug ?? "");
  if (!organization) notFound("Organisation not found");
  // Where to go after the emailed link is followed (only a path on this site; otherwise home).
  return { organization: { name: organization.name }, brand: publicBrand(organization), redirectTo: safeRedirect(new URL(request.url).searchParams.get("redirectTo")) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await parseForm(request, signUpSchema);
  if (!form.ok) return formFailure(form);
  const limit = await consumeRateLimit("signup", clientIp(request));
  if (!limit.ok) return rateLimitedResponse(limit, form.values);
  const result = await attempt(form.values, () =>
    signUpParticipant({ ...form.data, organizationSlug: params.slug ?? "", baseUrl: appUrl(), returnTo: safeRedirect(form.values.redirectTo) }),
  );
  if (!result.ok) return result.response;
  // The same answer whether or not the address already had an account (no account enumeration).
  return { ok: true as const, sentTo: form.data.email };
}

export default function SignUp() {
  const { organization, redirectTo } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  if (data?.ok) {
    return (
      <>
        <h1>Check your email</h1>
        <Notice>
          Check your email: we sent a link to <strong>{data.sentTo}</strong> to confirm it. Follow the link to finish creating your account and sign in.
        </Notice>
        <p>The link works once, for 24 hours. Nothing arrived? Look in your spam folder, or create the account again to get a new link.</p>
      </>
    );
  }
  const failed = data && !data.ok ? data : undefined;
  return (
    <>
      <h1>Create your account at {organization.name}</h1>
      <p>With an account you can join groups, see your sessions in your own time zone and give feedback.</p>
      <ErrorSummary data={failed} labels={{ name: "Your name", email: "Email", password: "Password", confirmPassword: "Confirm password", timezone: "Time zone" }} />
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Field name="name" label="Your name" autoComplete="name" hint="The name facilitators will see. A first name is fine." data={failed} />
        <Field name="email" label="Email" type="email" autoComplete="email" data={failed} />
        <TimezoneSelect data={failed} />
        <Field name="password" label="Password" type="password" autoComplete="new-password" hint="At least 10 characters, and not a common password." data={failed} />
        <Field name="confirmPassword" label="Confirm password" type="password" autoComplete="new-password" data={failed} />
        <button type="submit">Create account</button>
      </Form>
    </>
  );
}
