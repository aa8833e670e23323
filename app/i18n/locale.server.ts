import { createCookie, type Cookie } from "@remix-run/node";
import { config } from "~/config.server";
import { isLocale, localeOf, negotiateLocale, DEFAULT_LOCALE, type Locale } from "~/i18n/locales";

let cached: { secure: boolean; cookie: Cookie } | null = null;

/**
 * A signed-out visitor's language choice (the header's switch). Not signed: it holds only one of
 * LOCALES, checked on every read, and says nothing about anyone. Readable by no script.
 */
function localeCookie(): Cookie {
  const secure = config().cookieSecure;
  if (cached?.secure === secure) return cached.cookie;
  const cookie = createCookie(secure ? "__Host-gs_locale" : "gs_locale", { httpOnly: true, sameSite: "lax", secure, path: "/", maxAge: 400 * 86_400 });
  cached = { secure, cookie };
  return cookie;
}

/** The locale the visitor chose with the header's switch, or null. */
export async function chosenLocale(request: Request): Promise<Locale | null> {
  try {
    const value = await localeCookie().parse(request.headers.get("Cookie"));
    return isLocale(value) ? value : null;
  } catch {
    return null;
  }
}

export function localeCookieHeader(locale: Locale): Promise<string> {
  return localeCookie().serialize(locale);
}

/**
 * The language a page is written in: the signed-in person's choice (users.locale); signed out, the
 * header switch's cookie, else the language the page itself names for its reader (`pageDefault`:
 * an invitation's, chosen by the inviter for the invitee), else the browser's Accept-Language as a
 * default, else US English.
 */
export async function requestLocale(request: Request, user: { locale: string } | null, pageDefault?: string | null): Promise<Locale> {
  if (user) return localeOf(user.locale);
  return (
    (await chosenLocale(request)) ??
    (isLocale(pageDefault) ? pageDefault : null) ??
    negotiateLocale(request.headers.get("accept-language")) ??
    DEFAULT_LOCALE
  );
}
