import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { acceptInvitation, findOpenInvitation } from "~/modules/auth/mutations.server";
import { acceptInvitationSchema } from "~/modules/auth/schema";
import { consumeRateLimit, rateLimitedResponse } from "~/modules/auth/rate-limits.server";
import { createAuthSession, getUser } from "~/modules/auth/session.server";
import { requestLocale } from "~/i18n/locale.server";
import { ErrorSummary, Field } from "~/ui/form";
import { TimezoneSelect } from "~/ui/timezone-select";
import { attempt, clientIp, formFailure, parseForm } from "~/web/http.server";
import { pageTitle, useTexts } from "~/ui/i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "participant.invite.pageTitle") }];

const ROLE = {
  participant: "participant.invite.role.participant",
  facilitator: "participant.invite.role.facilitator",
  manager: "participant.invite.role.manager",
  admin: "participant.invite.role.admin",
} as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const invitation = await findOpenInvitation(params.token ?? "");
  // The page opens in the language the inviter chose for the invitee, unless the reader chose one
  // (signed in, or the header's switch).
  const pageLocale = await requestLocale(request, await getUser(request), invitation?.locale);
  if (!invitation) return { invitation: null, pageLocale };
  return {
    pageLocale,
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
  const { t } = useTexts();
  if (!invitation) {
    return (
      <>
        <h1>{t("participant.invite.expiredTitle")}</h1>
        <p>{t("participant.invite.expiredText")}</p>
        <Link to="/login">{t("participant.invite.signIn")}</Link>
      </>
    );
  }
  const role = ROLE[invitation.role as keyof typeof ROLE];
  return (
    <>
      <h1>{t("participant.invite.title", { organization: invitation.organizationName })}</h1>
      <p>
        {t("participant.invite.invitedAs")}
        <strong>{role ? t(role) : invitation.role}</strong>
        {t("participant.invite.withAddress")}
        <strong>{invitation.email}</strong>.
      </p>
      <ErrorSummary
        data={data}
        labels={{
          name: t("participant.invite.yourName"),
          password: t("participant.invite.password"),
          confirmPassword: t("participant.invite.confirmPassword"),
          timezone: t("participant.invite.timezone"),
        }}
      />
      <Form method="post" noValidate>
        {invitation.hasAccount ? (
          <Field name="password" label={t("participant.invite.currentPassword")} type="password" autoComplete="current-password" data={data} />
        ) : (
          <>
            <Field name="name" label={t("participant.invite.yourName")} autoComplete="name" data={data} />
            <TimezoneSelect data={data} />
            <Field
              name="password"
              label={t("participant.invite.choosePassword")}
              type="password"
              autoComplete="new-password"
              hint={t("participant.invite.passwordHint")}
              data={data}
            />
            <Field name="confirmPassword" label={t("participant.invite.confirmPassword")} type="password" autoComplete="new-password" data={data} />
          </>
        )}
        <button type="submit">{t("participant.invite.accept")}</button>
      </Form>
    </>
  );
}
