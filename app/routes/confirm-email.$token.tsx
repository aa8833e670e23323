import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { confirmEmail, findEmailConfirmation } from "~/modules/auth/mutations.server";
import { confirmEmailSchema } from "~/modules/auth/schema";
import { consumeRateLimit, rateLimitedResponse, returnRateLimitEvent } from "~/modules/auth/rate-limits.server";
import { createAuthSession, getUser, safeRedirect } from "~/modules/auth/session.server";
import { ErrorSummary, Field } from "~/ui/form";
import { attempt, clientIp, formFailure, parseForm } from "~/web/http.server";
import { pageTitle, useTexts } from "~/ui/i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "auth.confirm.pageTitle") }];

/**
 * Opening the emailed link shows one button; the POST confirms and signs in. Mail scanners that
 * open every link in a message (Outlook Safe Links and the like) therefore cannot use up the link
 * or receive a session meant for the person. A sign-up's link also asks for the password chosen at
 * that sign-up: the mailbox alone (someone else signed up with this address) confirms nothing.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const link = await findEmailConfirmation(params.token ?? "");
  // Back from the page the link led to: the link is used up, but its reader is signed in already
  // ("sign in" would only take them home and lose the group they were joining).
  const signedIn = link ? false : Boolean(await getUser(request));
  return {
    email: link?.email ?? null,
    purpose: link?.purpose ?? null,
    organization: link?.organizationName ?? null,
    signedIn,
    next: safeRedirect(new URL(request.url).searchParams.get("redirectTo")),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await parseForm(request, confirmEmailSchema);
  if (!form.ok) return formFailure(form);
  // Counted before the password is checked, given back when the confirmation went through: only
  // wrong passwords (and dead links) count.
  const limit = await consumeRateLimit("confirm-email", clientIp(request));
  if (!limit.ok) return rateLimitedResponse(limit);
  const result = await attempt({}, () => confirmEmail({ token: params.token ?? "", password: form.data.password }));
  if (!result.ok) return result.response;
  await returnRateLimitEvent(limit.eventId);
  // A new address settles an existing account: it proves the mailbox, not the person, so it
  // signs nobody in (the account's own sign-in does). A sign-up link starts the first session.
  if (result.value.purpose === "change") return redirect("/login?emailChanged=1");
  const cookie = await createAuthSession(result.value.userId, result.value.organizationId);
  // A sign-up started from "Join" carries where it began (?redirectTo=, a path on this site only).
  return redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo")), { headers: { "Set-Cookie": cookie } });
}

export default function ConfirmEmail() {
  const { email, purpose, organization, signedIn, next } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t } = useTexts();
  if (!email && signedIn) {
    return (
      <>
        <h1>{t("auth.linkDead")}</h1>
        <p>{t("auth.confirm.usedSignedIn")}</p>
        <Link to={next}>{t("auth.confirm.continue")}</Link>
      </>
    );
  }
  if (!email) {
    return (
      <>
        <h1>{t("auth.linkDead")}</h1>
        <p>{t("auth.confirm.linkDead")}</p>
        <Link to="/login">{t("auth.login.title")}</Link>
      </>
    );
  }
  if (purpose === "join") {
    // A sign-up at this organisation with the address of an existing account: join it with that account.
    const place = organization ?? "";
    return (
      <>
        <h1>{t("auth.confirm.titleJoin", { organization: place })}</h1>
        <ErrorSummary data={data} />
        <p>{t("auth.confirm.joinIntro", { organization: place, email })}</p>
        <p>{t("auth.confirm.joinNotYou")}</p>
        <Form method="post">
          <input type="hidden" name="username" autoComplete="username" value={email} />
          <Field name="password" label={t("auth.password")} type="password" autoComplete="current-password" data={data} />
          <button type="submit">{t("auth.confirm.joinSubmit", { organization: place })}</button>
        </Form>
      </>
    );
  }
  return (
    <>
      <h1>{purpose === "change" ? t("auth.confirm.titleChange") : t("auth.confirm.title")}</h1>
      <ErrorSummary data={data} />
      <p>
        {t("auth.confirm.before")}
        <strong>{email}</strong>
        {t("auth.confirm.after")} {purpose === "change" ? t("auth.confirm.thenSignIn") : t("auth.confirm.willSignIn")}
      </p>
      {purpose === "signup" ? (
        <>
          <p>{organization ? t("auth.confirm.passwordIntro", { organization }) : t("auth.confirm.passwordIntroNoOrganization")}</p>
          <p>{t("auth.confirm.notYou")}</p>
        </>
      ) : null}
      <Form method="post">
        {purpose === "signup" ? (
          <>
            {/* For password managers: whose password this is. */}
            <input type="hidden" name="username" autoComplete="username" value={email} />
            <Field name="password" label={t("auth.confirm.passwordLabel")} type="password" autoComplete="current-password" data={data} />
          </>
        ) : null}
        <button type="submit">{t("auth.confirm.submit")}</button>
      </Form>
    </>
  );
}
