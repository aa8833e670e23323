import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { translatorFor } from "~/i18n/catalog";
import { localeCookieHeader, requestLocale } from "~/i18n/locale.server";
import { isLocale } from "~/i18n/locales";
import { getUser } from "~/modules/auth/session.server";
import { formToObject } from "~/web/http.server";

export async function loader() {
  return redirect("/");
}

/** Only a path of this site ("/o/x/catalogue?day=mon"): never another origin ("//evil", "https:…"). */
function safeReturnPath(value: unknown): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\") || value.length > 2000) return "/";
  return value;
}

/** The header's language switch (signed-out visitors): keeps the choice in a cookie and goes back. */
export async function action({ request }: ActionFunctionArgs) {
  const form = formToObject(await request.formData());
  if (!isLocale(form.locale)) {
    const t = translatorFor(await requestLocale(request, await getUser(request)));
    throw new Response(t("common.language.badChoice"), { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  return redirect(safeReturnPath(form.returnTo), { headers: { "Set-Cookie": await localeCookieHeader(form.locale) } });
}
