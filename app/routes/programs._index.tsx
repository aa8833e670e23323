import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { listPrograms } from "~/modules/groups/queries.server";
import { plural } from "~/ui/wording";

export const meta: MetaFunction = () => [{ title: "Programs · Group Sessions" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  return { programs: await listPrograms(user.organizationId) };
}

export default function Programs() {
  const { programs } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Programs</h1>
      <p>
        <Link className="button" to="/programs/new">
          New program
        </Link>
      </p>
      {programs.length === 0 ? <p>No programs yet.</p> : null}
      <ul>
        {programs.map((p) => (
          <li key={p.id} className="card">
            <Link to={`/programs/${p.id}`}>{p.name}</Link> — {plural(p.groupCount, "group")}
            <br />
            <span className="muted">{p.purpose}</span>
          </li>
        ))}
      </ul>
    </>
  );
}
