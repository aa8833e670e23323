import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { canEditDirectory } from "~/modules/referrals/policy";
import { listResources } from "~/modules/referrals/queries.server";
import { NEED_AREA_LABELS, type NeedArea } from "~/modules/registration/schema";
import { Notice } from "~/ui/form";
import { searchText } from "~/web/http.server";

export const meta: MetaFunction = () => [{ title: "Resource directory · Group Sessions" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const q = searchText(request, "q");
  return { q, resources: await listResources(user, q), canEdit: canEditDirectory(user) };
}

export default function Directory() {
  const { q, resources, canEdit } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      <h1>Resource directory</h1>
      {params.get("imported") ? <Notice>Imported: {params.get("imported")}.</Notice> : null}
      <p className="muted">Services we refer people to when a group cannot meet a need, or for needs outside our programs.</p>
      <Form method="get" role="search" className="row">
        <div className="field">
          <label htmlFor="q">Search the directory</label>
          <input id="q" name="q" type="search" defaultValue={q} />
        </div>
        <button type="submit">Search</button>
      </Form>
      {canEdit ? (
        <p className="row">
          <Link className="button secondary" to="/directory/new">
            Add a service
          </Link>
          <Link className="button secondary" to="/directory/import">
            Import CSV
          </Link>
          <a className="button secondary" href="/directory/export.csv" download>
            Export CSV
          </a>
        </p>
      ) : null}
      <h2>{resources.length === 1 ? "1 service" : `${resources.length} services`}{q ? ` matching “${q}”` : ""}</h2>
      {resources.length === 0 ? <p>No service matches. Try fewer words.</p> : null}
      <ul style={{ listStyle: "none", padding: 0 }}>
        {resources.map((r) => (
          <li key={r.id} className="card">
            <h3>
              <Link to={`/directory/${r.id}`}>{r.name}</Link>
            </h3>
            <p>{r.services}</p>
            <p className="muted">
              {[r.location, r.phone, r.languages && `Languages: ${r.languages}`, r.fees && `Fees: ${r.fees}`].filter(Boolean).join(" · ")}
            </p>
            {r.needAreas.length ? <p className="muted">Helps with: {r.needAreas.map((n) => NEED_AREA_LABELS[n as NeedArea] ?? n).join(", ")}</p> : null}
          </li>
        ))}
      </ul>
    </>
  );
}
