import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { translatorFor } from "~/i18n/catalog";
import { localeCookieHeader, requestLocale } from "~/i18n/locale.server";
import { isLocale } from "~/i18n/locales";
import { getUser, safeRedirect } from "~/modules/auth/session.server";
import { formToObject } from "~/web/http.server";

export async function loader() {
  return redirect("/");
}

/** The header's language switch (signed-out visitors): keeps the choice in a cookie and goes back. */
export async function action({ request }: ActionFunctionArgs) {
  const form = formToObject(await request.formData());
  if (!isLocale(form.locale)) {
    const t = translatorFor(await requestLocale(request, await getUser(request)));
    throw new Response(t("common.language.badChoice"), { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  // Only a path of this site, as after sign-in: no other origin, no control character (a newline
  // would break the Location header, a tab makes "/\t/evil" a link to another site).
  return redirect(safeRedirect(form.returnTo, "/"), { headers: { "Set-Cookie": await localeCookieHeader(form.locale) } });
}
