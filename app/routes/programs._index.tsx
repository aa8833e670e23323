import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { listPrograms } from "~/modules/groups/queries.server";
import { useTexts, pageTitle } from "~/ui/i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "manage.programs.pageTitle") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  return { programs: await listPrograms(user.organizationId) };
}

export default function Programs() {
  const { programs } = useLoaderData<typeof loader>();
  const { t } = useTexts();
  return (
    <>
      <h1>{t("manage.programs.title")}</h1>
      <p>
        <Link className="button" to="/programs/new">
          {t("manage.programs.new")}
        </Link>
      </p>
      {programs.length === 0 ? <p>{t("manage.programs.none")}</p> : null}
      <ul>
        {programs.map((p) => (
          <li key={p.id} className="card">
            <Link to={`/programs/${p.id}`}>{p.name}</Link> {t("manage.home.groupCount", { count: p.groupCount })}
            <br />
            <span className="muted">{p.purpose}</span>
          </li>
        ))}
      </ul>
    </>
  );
}
