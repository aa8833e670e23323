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
import { useEffect, useRef, type ReactNode } from "react";
import { getUser } from "~/modules/auth/session.server";
import { countIntakeAlerts } from "~/modules/registration/queries.server";
import { countMyOrganizations } from "~/modules/auth/organizations.server";
import { useNonce } from "~/ui/nonce";
import tokens from "~/styles/tokens.css";
import styles from "~/styles/app.css";
import header from "~/styles/header.css";
import { logoUrl, type PublicBrand } from "~/modules/orgs/brand";
import { notFoundMessage } from "~/ui/wording";
import { DateStyleProvider } from "~/ui/time";
import { DEFAULT_DATE_STYLE, dateStyleOf } from "~/modules/time/zoned";

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
  // Every date and time on the page is written in the viewer's style (US style when signed out).
  if (!user) return { user: null, requestId, dateStyle: DEFAULT_DATE_STYLE };
  // Badge: unreviewed urgent or crisis intakes this staff member may see. More than one
  // organisation: the navigation offers switching. Both counts are read at once.
  const [intakeAlerts, organizations] = await Promise.all([countIntakeAlerts(user), countMyOrganizations(user)]);
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
    dateStyle: dateStyleOf(user.locale),
  };
}

type NavUser = NonNullable<Awaited<ReturnType<typeof loader>>["user"]>;
type NavItem = { to: string; label: string; end?: boolean; badge?: string };

/** The links a person's role offers, in the order they appear (the same list in both layouts). */
function navItems(user: NavUser): NavItem[] {
  const staff = user.role !== "participant";
  const managing = user.role === "manager" || user.role === "admin";
  const items: (NavItem | false)[] = [
    { to: "/home", label: "Home", end: true },
    managing && { to: "/programs", label: "Programs" },
    managing && { to: "/metrics", label: "Metrics" },
    managing && { to: "/evidence", label: "Evidence" },
    user.role === "participant" && { to: "/my/goals", label: "My goals" },
    user.role === "participant" && { to: "/my/privacy", label: "Who has seen my records" },
    managing && { to: "/admin/people", label: "People" },
    user.role === "admin" && { to: "/admin/audit", label: "Audit trail" },
    staff && { to: managing ? "/competency" : "/competency/me", label: "Competency" },
    !staff && { to: "/catalogue", label: "Find a group" },
    !staff && { to: "/my/groups", label: "My groups" },
    staff && { to: "/intake", label: "Intake", badge: user.intakeAlerts ? `${user.intakeAlerts} urgent` : undefined },
    staff && { to: "/referrals", label: "Referrals" },
    { to: staff ? "/attendance" : "/my/attendance", label: staff ? "Attendance" : "My attendance" },
    { to: "/availability", label: "Availability" },
    { to: "/proposals", label: "Have your say" },
    managing && { to: "/concerns", label: "Concerns" },
    user.organizations > 1 && { to: "/organizations", label: "Switch organisation" },
    { to: "/profile", label: "Profile" },
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
  return (
    <Form method="post" action="/logout" className="inline-form">
      <button type="submit" className="secondary small">
        Sign out
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
  const items = navItems(user);
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
        <summary>Menu</summary>
        <nav aria-label="Main" className="nav-menu-panel">
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
  return (
    <nav aria-label="Main" className="nav-wide">
      <ul>
        <NavLinks items={navItems(user).filter((item) => item.to !== ACCOUNT_LINK)} />
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
  const nonce = useNonce();
  const data = useRouteLoaderData<typeof loader>("root");
  const user = data?.user ?? null;
  const brand = useBrand(user);
  const helpHref = user ? `/o/${user.organizationSlug}/crisis` : "/help";
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <div className="site-header-bar">
            <Link to={brand.href} className="brand">
              {brand.logoUrl ? <img className="brand-logo" src={brand.logoUrl} alt="" /> : null}
              <span>{brand.name}</span>
            </Link>
            <a className="help-now" href={helpHref}>
              Need help now?
            </a>
            {user ? (
              <div className="account-wide">
                <NavLink to={ACCOUNT_LINK}>Profile</NavLink>
                <SignOut />
              </div>
            ) : null}
            {user ? (
              <MenuNavigation user={user} />
            ) : (
              <nav aria-label="Account" className="nav-account">
                <ul>
                  <li>
                    <Link to="/login">Sign in</Link>
                  </li>
                </ul>
              </nav>
            )}
          </div>
          {user ? <WideNavigation user={user} /> : null}
        </header>
        <main id="main">
          <DateStyleProvider value={data?.dateStyle ?? DEFAULT_DATE_STYLE}>{children}</DateStyleProvider>
        </main>
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
  let title = "Something went wrong";
  let message = "We could not show this page. Try again in a moment; nothing you entered was saved twice.";
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) {
      title = "We can't find that page";
      message = notFoundMessage(error.data);
    } else if (error.status === 403) {
      title = "Not allowed";
      message = typeof error.data === "string" && error.data ? error.data : "You do not have access to this page.";
    } else if (error.status === 503) {
      title = "Temporarily unavailable";
      message = typeof error.data === "string" && error.data ? error.data : "The database is not reachable right now.";
    } else if (error.status === 400 || error.status === 429) {
      title = error.status === 429 ? "Too many requests" : "That did not work";
      message = typeof error.data === "string" ? error.data : message;
    }
  }
  const requestId = useRouteLoaderData<typeof loader>("root")?.requestId;
  return (
    <>
      <h1>{title}</h1>
      <p>{message}</p>
      {requestId ? <p className="muted">{`Reference for support: ${requestId}`}</p> : null}
      <p>
        <Link to="/">Go to the start page</Link>
      </p>
    </>
  );
}

