import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { withDatabase } from "~/db/client.server";
import { listPublicCatalogue, publicPageViewer } from "~/modules/registration/queries.server";
import { GroupFacts, JoinLinks, NextSessions } from "~/ui/public-group";
import { publicBrand } from "~/modules/orgs/brand";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Groups at ${data?.organization.name ?? "this organisation"} · Group Sessions` }];

/** Public: anyone may browse an organisation's groups. Public facts only (see listPublicCatalogue). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organization, viewer, viewerZone } = await publicPageViewer(request, params.slug ?? "");
  return {
    organization: { slug: organization.slug, name: organization.name },
    brand: publicBrand(organization),
    viewer,
    viewerZone,
    groups: await withDatabase(() => listPublicCatalogue(organization.id, new Date())),
  };
}

export default function PublicCatalogue() {
  const { organization, groups, viewer, viewerZone } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to={`/o/${organization.slug}`}>{organization.name}</Link>
      </p>
      <h1>Groups at {organization.name}</h1>
      <h2>{groups.length === 1 ? "1 group" : `${groups.length} groups`}</h2>
      {groups.length === 0 ? <p>No groups are open yet.</p> : null}
      <ul style={{ listStyle: "none", padding: 0 }}>
        {groups.map((g) => (
          <li key={g.id}>
            <article className="card" aria-labelledby={`g-${g.id}`}>
              <h3 id={`g-${g.id}`}>
                <Link to={`/o/${organization.slug}/groups/${g.id}`}>{g.name}</Link>
              </h3>
              <GroupFacts group={g} />
              <p className="muted">Next sessions, in {(viewerZone ?? g.timezone).replace(/_/g, " ")} time:</p>
              <NextSessions group={g} zone={viewerZone ?? g.timezone} />
              <JoinLinks slug={organization.slug} group={g} viewer={viewer} />
            </article>
          </li>
        ))}
      </ul>
    </>
  );
}
