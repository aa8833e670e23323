import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { withDatabase } from "~/db/client.server";
import { getUser } from "~/modules/auth/session.server";
import { listOrganizations } from "~/modules/groups/queries.server";

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getUser(request)) throw redirect("/home");
  return { organizations: await withDatabase(() => listOrganizations()) };
}

export default function Index() {
  const { organizations } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Group sessions</h1>
      <p>Classes, workshops and peer recovery groups, scheduled around when you are free.</p>
      <p>
        <Link className="button" to="/login">
          Sign in
        </Link>
      </p>
      <h2>Organisations</h2>
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
