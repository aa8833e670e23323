import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { withDatabase } from "~/db/client.server";
import { getUser } from "~/modules/auth/session.server";
import { listOrganizations } from "~/modules/groups/queries.server";
import { useTexts } from "~/ui/i18n";

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getUser(request)) throw redirect("/home");
  return { organizations: await withDatabase(() => listOrganizations()) };
}

export default function Index() {
  const { organizations } = useLoaderData<typeof loader>();
  const { t } = useTexts();
  return (
    <>
      <h1>{t("public.landing.title")}</h1>
      <p>{t("public.landing.intro")}</p>
      <p>
        <Link className="button" to="/login">
          {t("public.landing.signIn")}
        </Link>
      </p>
      <h2>{t("public.landing.organisations")}</h2>
      <ul>
        {organizations.map((o) => (
          <li key={o.slug}>
            <Link to={`/o/${o.slug}`}>{o.name}</Link>
          </li>
        ))}
      </ul>
    </>
  );
}
