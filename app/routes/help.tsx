import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listOrganizations } from "~/modules/groups/queries.server";
import { useTexts, pageTitle } from "~/ui/i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "public.crisis.pageTitle") }];

export async function loader(_: LoaderFunctionArgs) {
  return { organizations: await listOrganizations() };
}

export default function Help() {
  const { organizations } = useLoaderData<typeof loader>();
  const { t } = useTexts();
  return (
    <>
      <h1>{t("public.crisis.title")}</h1>
      <p>
        <strong>{t("public.crisis.danger")}</strong>
      </p>
      <p>{t("public.crisis.lifeline")}</p>
      <h2>{t("public.crisis.yourOrganisation")}</h2>
      <ul>
        {organizations.map((o) => (
          <li key={o.slug}>
            <Link to={`/o/${o.slug}/crisis`}>{o.name}</Link>
          </li>
        ))}
      </ul>
    </>
  );
}
