import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { getUser } from "~/modules/auth/session.server";
import { countIntakeAlerts } from "~/modules/registration/queries.server";
import { countMyOrganizations } from "~/modules/auth/organizations.server";
import { useNonce } from "~/ui/nonce";
import styles from "~/styles/app.css";
import { notFoundMessage } from "~/ui/wording";
import { DateStyleProvider } from "~/ui/time";
import { DEFAULT_DATE_STYLE, dateStyleOf } from "~/modules/time/zoned";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
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
      intakeAlerts,
      organizations,
    },
    requestId,
    dateStyle: dateStyleOf(user.locale),
  };
}

function Navigation({ user }: { user: NonNullable<Awaited<ReturnType<typeof loader>>["user"]> }) {
  const staff = user.role !== "participant";
  const managing = user.role === "manager" || user.role === "admin";
  return (
    <nav aria-label="Main">
      <ul>
        <li>
          <Link to="/home">Home</Link>
        </li>
        {managing ? (
          <li>
            <Link to="/programs">Programs</Link>
          </li>
        ) : null}
        {managing ? (
          <li>
            <Link to="/metrics">Metrics</Link>
          </li>
        ) : null}
        {managing ? (
          <li>
            <Link to="/evidence">Evidence</Link>
          </li>
        ) : null}
        {user.role === "participant" ? (
          <li>
            <Link to="/my/goals">My goals</Link>
          </li>
        ) : null}
        {user.role === "participant" ? (
          <li>
            <Link to="/my/privacy">Who has seen my records</Link>
          </li>
        ) : null}
        {managing ? (
          <li>
            <Link to="/admin/people">People</Link>
          </li>
        ) : null}
        {user.role === "admin" ? (
          <li>
            <Link to="/admin/audit">Audit trail</Link>
          </li>
        ) : null}
        {staff ? (
          <li>
            <Link to={managing ? "/competency" : "/competency/me"}>Competency</Link>
          </li>
        ) : null}
        {!staff ? (
          <li>
            <Link to="/catalogue">Find a group</Link>
          </li>
        ) : null}
        {!staff ? (
          <li>
            <Link to="/my/groups">My groups</Link>
          </li>
        ) : null}
        {staff ? (
          <li>
            <Link to="/intake">
              Intake
              {user.intakeAlerts ? <span className="status status-cancelled"> {user.intakeAlerts} urgent</span> : null}
            </Link>
          </li>
        ) : null}
        {staff ? (
          <li>
            <Link to="/referrals">Referrals</Link>
          </li>
        ) : null}
        <li>
          <Link to={staff ? "/attendance" : "/my/attendance"}>{staff ? "Attendance" : "My attendance"}</Link>
        </li>
        <li>
          <Link to="/availability">Availability</Link>
        </li>
        <li>
          <Link to="/proposals">Have your say</Link>
        </li>
        {managing ? (
          <li>
            <Link to="/concerns">Concerns</Link>
          </li>
        ) : null}
        {user.organizations > 1 ? (
          <li>
            <Link to="/organizations">Switch organisation</Link>
          </li>
        ) : null}
        <li>
          <Link to="/profile">Profile</Link>
        </li>
        <li>
          <Form method="post" action="/logout" className="inline-form">
            <button type="submit" className="secondary">
              Sign out
            </button>
          </Form>
        </li>
      </ul>
    </nav>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const data = useRouteLoaderData<typeof loader>("root");
  const user = data?.user ?? null;
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
          <Link to={user ? "/home" : "/"} className="brand">
            {user ? user.organizationName : "Group Sessions"}
          </Link>
          <a className="help-now" href={helpHref}>
            Need help now?
          </a>
          {user ? (
            <Navigation user={user} />
          ) : (
            <nav aria-label="Account">
              <ul>
                <li>
                  <Link to="/login">Sign in</Link>
                </li>
              </ul>
            </nav>
          )}
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

