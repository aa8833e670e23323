import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { signUpParticipant } from "~/modules/auth/mutations.server";
import { signUpSchema } from "~/modules/auth/schema";
import { consumeRateLimit, rateLimitedResponse } from "~/modules/auth/rate-limits.server";
import { requireAnonymous, safeRedirect } from "~/modules/auth/session.server";
import { appUrl } from "~/config.server";
import { findOrganizationBySlug } from "~/modules/groups/queries.server";
import { ErrorSummary, Field, Notice, Select } from "~/ui/form";
import { TimezoneSelect } from "~/ui/timezone-select";
import { attempt, clientIp, formFailure, notFound, parseForm } from "~/web/http.server";
import { publicBrand } from "~/modules/orgs/brand";
import { requestLocale } from "~/i18n/locale.server";
import { LOCALES, LOCALE_LABELS } from "~/i18n/locales";
import { pageTitle, useLocale, useTexts } from "~/ui/i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "auth.signup.pageTitle") }];

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
  // The form preselects the page's language; a form without the field takes the same default.
  const locale = form.data.locale ?? (await requestLocale(request, null));
  const result = await attempt(form.values, () =>
    signUpParticipant({
      ...form.data,
      locale,
      organizationSlug: params.slug ?? "",
      baseUrl: appUrl(),
      returnTo: safeRedirect(form.values.redirectTo),
    }),
  );
  if (!result.ok) return result.response;
  // The same answer whether or not the address already had an account (no account enumeration).
  return { ok: true as const, sentTo: form.data.email };
}

export default function SignUp() {
  const { organization, redirectTo } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t } = useTexts();
  const locale = useLocale();
  if (data?.ok) {
    return (
      <>
        <h1>{t("auth.checkEmail")}</h1>
        <Notice>
          {t("auth.signup.sentBefore")}
          <strong>{data.sentTo}</strong>
          {t("auth.signup.sentAfter")}
        </Notice>
        <p>{t("auth.signup.sentHelp")}</p>
      </>
    );
  }
  const failed = data && !data.ok ? data : undefined;
  return (
    <>
      <h1>{t("auth.signup.title", { organization: organization.name })}</h1>
      <p>{t("auth.signup.intro")}</p>
      <ErrorSummary
        data={failed}
        labels={{
          name: t("auth.signup.name"),
          email: t("auth.email"),
          password: t("auth.password"),
          confirmPassword: t("auth.confirmPassword"),
          timezone: t("profile.timezone"),
          locale: t("profile.locale"),
        }}
      />
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Field name="name" label={t("auth.signup.name")} autoComplete="name" hint={t("auth.signup.nameHint")} data={failed} />
        <Field name="email" label={t("auth.email")} type="email" autoComplete="email" data={failed} />
        <Select
          name="locale"
          label={t("profile.locale")}
          hint={t("auth.signup.localeHint")}
          defaultValue={locale}
          data={failed}
          options={LOCALES.map((value) => ({ value, label: LOCALE_LABELS[value] }))}
        />
        <TimezoneSelect data={failed} />
        <Field name="password" label={t("auth.password")} type="password" autoComplete="new-password" hint={t("auth.passwordHint")} data={failed} />
        <Field name="confirmPassword" label={t("auth.confirmPassword")} type="password" autoComplete="new-password" data={failed} />
        <button type="submit">{t("auth.signup.submit")}</button>
      </Form>
    </>
  );
}
