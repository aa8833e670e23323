import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  NavLink,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useLocation,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { getUser } from "~/modules/auth/session.server";
import { countIntakeAlerts } from "~/modules/registration/queries.server";
import { countMyOrganizations } from "~/modules/auth/organizations.server";
import { useNonce } from "~/ui/nonce";
import { StaffSessionKeeper } from "~/ui/session-keeper";
import { DuplicateSubmitGuard } from "~/ui/submit-guard";
import tokens from "~/styles/tokens.css";
import styles from "~/styles/app.css";
import header from "~/styles/header.css";
import { logoUrl, type PublicBrand } from "~/modules/orgs/brand";
import { notFoundMessage } from "~/ui/wording";
import { DateStyleProvider } from "~/ui/time";
import type { TFunction } from "i18next";
import { localeOfMatches, useTexts } from "~/ui/i18n";
import { loadLanguage, renderableLocale, translateMessage } from "~/i18n/catalog";
import { requestLocale } from "~/i18n/locale.server";
import { LOCALES, LOCALE_SHORT_LABELS, languageOf, type Locale } from "~/i18n/locales";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: tokens },
  { rel: "stylesheet", href: styles },
  { rel: "stylesheet", href: header },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Group Sessions" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  // Shown on the error page, so a person can quote it and support can find the log line.
  const requestId = request.headers.get("x-request-id") ?? "";
  // The page's language and date style: the person's choice; signed out, the header's switch or
  // the browser's Accept-Language (app/i18n/locale.server.ts).
  const locale = await requestLocale(request, user);
  if (!user) return { user: null, requestId, locale };
  // Badge: unreviewed urgent or crisis intakes this staff member may see. More than one
  // organisation: the navigation offers switching (counted with the session lookup).
  const [intakeAlerts, organizations] = await Promise.all([countIntakeAlerts(user), user.organizationCount ?? countMyOrganizations(user)]);
  return {
    user: {
      name: user.name,
      role: user.role,
      organizationSlug: user.organizationSlug,
      organizationName: user.organizationName,
      organizationLogoUrl: logoUrl(user.organizationSlug, user.organizationLogoAt ?? null),
      intakeAlerts,
      organizations,
    },
    requestId,
    locale,
  };
}

type NavUser = NonNullable<Awaited<ReturnType<typeof loader>>["user"]>;
type NavItem = { to: string; label: string; end?: boolean; badge?: string };

/** The links a person's role offers, in the order they appear (the same list in both layouts). */
function navItems(user: NavUser, t: TFunction): NavItem[] {
  const staff = user.role !== "participant";
  const managing = user.role === "manager" || user.role === "admin";
  const items: (NavItem | false)[] = [
    { to: "/home", label: t("common.nav.home"), end: true },
    managing && { to: "/programs", label: t("common.nav.programs") },
    managing && { to: "/metrics", label: t("common.nav.metrics") },
    managing && { to: "/evidence", label: t("common.nav.evidence") },
    user.role === "participant" && { to: "/my/goals", label: t("common.nav.myGoals") },
    user.role === "participant" && { to: "/my/privacy", label: t("common.nav.myPrivacy") },
    managing && { to: "/admin/people", label: t("common.nav.people") },
    user.role === "admin" && { to: "/admin/audit", label: t("common.nav.audit") },
    staff && { to: managing ? "/competency" : "/competency/me", label: t("common.nav.competency") },
    !staff && { to: "/catalogue", label: t("common.nav.catalogue") },
    !staff && { to: "/my/groups", label: t("common.nav.myGroups") },
    staff && { to: "/intake", label: t("common.nav.intake"), badge: user.intakeAlerts ? t("common.nav.urgent", { count: user.intakeAlerts }) : undefined },
    staff && { to: "/referrals", label: t("common.nav.referrals") },
    { to: staff ? "/attendance" : "/my/attendance", label: t(staff ? "common.nav.attendance" : "common.nav.myAttendance") },
    { to: "/availability", label: t("common.nav.availability") },
    { to: "/proposals", label: t("common.nav.voice") },
    managing && { to: "/concerns", label: t("common.nav.concerns") },
    user.organizations > 1 && { to: "/organizations", label: t("common.nav.organizations") },
    { to: "/profile", label: t("common.nav.profile") },
  ];
  return items.filter((item): item is NavItem => Boolean(item));
}

function NavLinks({ items }: { items: NavItem[] }) {
  return (
    <>
      {items.map((item) => (
        <li key={item.to}>
          {/* NavLink marks the current section with aria-current="page". */}
          <NavLink to={item.to} end={item.end}>
            {item.label}
            {item.badge ? <span className="nav-badge"> {item.badge}</span> : null}
          </NavLink>
        </li>
      ))}
    </>
  );
}

function SignOut() {
  const { t } = useTexts();
  return (
    <Form method="post" action="/logout" className="inline-form">
      <button type="submit" className="secondary small">
        {t("common.header.signOut")}
      </button>
    </Form>
  );
}

/**
 * Wide screens: the links in a row under the name (Profile and Sign out sit beside the crisis link). Narrow screens: a "Menu" disclosure (<details>), so it opens
 * and closes without JavaScript; with JavaScript it also closes on Escape and after a link is
 * followed (client-side navigation keeps the header mounted). Only one of the two is displayed at
 * a width, so assistive technology meets one navigation.
 */
function MenuNavigation({ user }: { user: NavUser }) {
  const { t } = useTexts();
  const items = navItems(user, t);
  const menu = useRef<HTMLDetailsElement>(null);
  const location = useLocation();
  useEffect(() => {
    if (menu.current) menu.current.open = false;
  }, [location.pathname, location.search]);
  return (
    // Escape closes the open menu; <details> is interactive (its summary takes focus), which the rule does not know.
    // eslint-disable-next-line jsx-a11y/no-noninteractive-element-interactions
    <details
      className="nav-menu"
        ref={menu}
        onKeyDown={(event) => {
          if (event.key === "Escape" && menu.current?.open) {
            menu.current.open = false;
            menu.current.querySelector("summary")?.focus();
          }
        }}
      >
        <summary>{t("common.header.menu")}</summary>
        <nav aria-label={t("common.header.mainNavigation")} className="nav-menu-panel">
          <ul>
            <NavLinks items={items} />
            <li>
              <SignOut />
            </li>
          </ul>
        </nav>
    </details>
  );
}

/** The person's own page sits beside Sign out on a wide screen, in the menu on a phone. */
const ACCOUNT_LINK = "/profile";

function WideNavigation({ user }: { user: NavUser }) {
  const { t } = useTexts();
  return (
    <nav aria-label={t("common.header.mainNavigation")} className="nav-wide">
      <ul>
        <NavLinks items={navItems(user, t).filter((item) => item.to !== ACCOUNT_LINK)} />
      </ul>
    </nav>
  );
}

/** What the header names: the signed-in person's organisation, or the public page's organisation. */
type Brand = { name: string; logoUrl: string | null; href: string };

function useBrand(user: NavUser | null): Brand {
  const matches = useMatches();
  if (user) return { name: user.organizationName, logoUrl: user.organizationLogoUrl, href: "/home" };
  for (const match of [...matches].reverse()) {
    const brand = (match.data as { brand?: PublicBrand } | undefined)?.brand;
    if (brand && typeof brand.name === "string") return { name: brand.name, logoUrl: brand.logoUrl, href: `/o/${brand.slug}` };
  }
  return { name: "Group Sessions", logoUrl: null, href: "/" };
}

export function Layout({ children }: { children: ReactNode }) {
  // The root's choice, or the page's own (an invitation opens in the language it was sent in).
  const chosen: Locale = localeOfMatches(useMatches());
  // One catalog per locale, the same on the server and in the browser (no hydration difference:
  // the browser loads the page's language before hydrating). When a person switches language
  // without a new document, the new language's texts are fetched and the page shows the
  // language it has until they arrive.
  const locale = renderableLocale(chosen);
  const [, languageArrived] = useState(0);
  useEffect(() => {
    if (locale === chosen) return;
    let current = true;
    loadLanguage(languageOf(chosen)).then(
      () => current && languageArrived((n) => n + 1),
      (error: unknown) => console.error(error),
    );
    return () => {
      current = false;
    };
  }, [chosen, locale]);
  return (
    <DateStyleProvider value={locale}>
      <Document locale={locale}>{children}</Document>
    </DateStyleProvider>
  );
}

/**
 * The header's language switch for signed-out visitors (a signed-in person chooses on /profile):
 * a plain form, so it works without JavaScript; the choice is kept in a cookie.
 */
function LanguageSwitch({ locale }: { locale: Locale }) {
  const { t } = useTexts();
  const location = useLocation();
  return (
    <Form method="post" action="/language" className="language-switch">
      <input type="hidden" name="returnTo" value={`${location.pathname}${location.search}`} />
      <label htmlFor="header-locale" className="visually-hidden">
        {t("common.header.language")}
      </label>
      <select id="header-locale" name="locale" defaultValue={locale} key={locale}>
        {LOCALES.map((value) => (
          <option key={value} value={value} lang={value}>
            {LOCALE_SHORT_LABELS[value]}
          </option>
        ))}
      </select>
      <button type="submit" className="secondary small">
        {t("common.header.changeLanguage")}
      </button>
    </Form>
  );
}

function Document({ locale, children }: { locale: Locale; children: ReactNode }) {
  const nonce = useNonce();
  const { t } = useTexts();
  const data = useRouteLoaderData<typeof loader>("root");
  const user = data?.user ?? null;
  const brand = useBrand(user);
  const helpHref = user ? `/o/${user.organizationSlug}/crisis` : "/help";
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          {t("common.header.skipToContent")}
        </a>
        <header className="site-header">
          <div className="site-header-bar">
            <Link to={brand.href} className="brand">
              {brand.logoUrl ? <img className="brand-logo" src={brand.logoUrl} alt="" /> : null}
              <span>{brand.name}</span>
            </Link>
            <a className="help-now" href={helpHref}>
              {t("common.header.helpNow")}
            </a>
            {user ? (
              <div className="account-wide">
                <NavLink to={ACCOUNT_LINK}>{t("common.nav.profile")}</NavLink>
                <SignOut />
              </div>
            ) : null}
            {user ? (
              <MenuNavigation user={user} />
            ) : (
              <nav aria-label={t("common.header.accountNavigation")} className="nav-account">
                <ul>
                  <li>
                    <Link to="/login">{t("common.header.signIn")}</Link>
                  </li>
                </ul>
              </nav>
            )}
          </div>
          {user ? <WideNavigation user={user} /> : <LanguageSwitch locale={locale} />}
        </header>
        <main id="main">{children}</main>
        {user && user.role !== "participant" ? <StaffSessionKeeper /> : null}
        <DuplicateSubmitGuard />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  useLoaderData<typeof loader>();
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t, locale } = useTexts();
  let title = t("common.error.title");
  let message = t("common.error.message");
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) {
      title = t("common.error.notFoundTitle");
      message = notFoundMessage(error.data);
    } else if (error.status === 403) {
      title = t("common.error.forbiddenTitle");
      message = typeof error.data === "string" && error.data ? error.data : t("common.error.forbiddenMessage");
    } else if (error.status === 503) {
      title = t("common.error.unavailableTitle");
      message = typeof error.data === "string" && error.data ? error.data : t("common.error.unavailableMessage");
    } else if (error.status === 400 || error.status === 429) {
      title = error.status === 429 ? t("common.error.tooManyTitle") : t("common.error.badRequestTitle");
      message = typeof error.data === "string" ? error.data : message;
    }
  }
  // The browser could not reach the server at all (the connection dropped during a click or a
  // submission): say so, rather than a server fault with a reference the server never saw.
  const unreachable = error instanceof TypeError && /fetch|network|load failed/i.test(error.message);
  if (unreachable) {
    title = t("common.offline.title");
    message = t("common.offline.dropped");
  }
  const pageRequestId = useRouteLoaderData<typeof loader>("root")?.requestId;
  const requestId = unreachable ? undefined : pageRequestId;
  return (
    <>
      <h1>{title}</h1>
      <p>{translateMessage(message, locale)}</p>
      {requestId ? <p className="muted">{t("common.error.reference", { requestId })}</p> : null}
      <p>
        <Link to="/">{t("common.error.startPage")}</Link>
      </p>
    </>
  );
}

