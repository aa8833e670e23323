import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { safeRedirect } from "~/modules/auth/session.server";
import { pageTitle, useTexts } from "~/ui/i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "common.openPage.pageTitle") }];

/**
 * "Open this page?": where a staff page that records a view of people's records sends a request
 * another site started (confirmRecordedView). Reads and records nothing; its link opens the same
 * address from the app (an address of this site only: safeRedirect), which then records the view.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  return { to: safeRedirect(new URL(request.url).searchParams.get("to"), "/home") };
}

export default function OpenPage() {
  const { to } = useLoaderData<typeof loader>();
  const { t } = useTexts();
  return (
    <>
      <h1>{t("common.openPage.title")}</h1>
      <p>{t("common.openPage.intro")}</p>
      <p>
        <Link to={to} reloadDocument className="button">
          {t("common.openPage.open")}
        </Link>
      </p>
      <p>
        <Link to="/home">{t("common.openPage.home")}</Link>
      </p>
    </>
  );
}
