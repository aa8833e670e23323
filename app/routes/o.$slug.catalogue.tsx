import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { withDatabase } from "~/db/client.server";
import { listPublicCatalogue, publicPageViewer } from "~/modules/registration/queries.server";
import { GroupFacts, JoinLinks, NextSessions } from "~/ui/public-group";
import { publicBrand } from "~/modules/orgs/brand";
import { readCatalogueFilter } from "~/modules/registration/catalogue";
import { CatalogueFilters } from "~/ui/catalogue-filters";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Groups at ${data?.organization.name ?? "this organisation"} · Group Sessions` }];

/** Public: anyone may browse an organisation's groups. Public facts only (see listPublicCatalogue). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organization, viewer, viewerZone } = await publicPageViewer(request, params.slug ?? "");
  // Filters from a shareable address; junk is ignored and named, never a failure.
  const read = readCatalogueFilter(new URL(request.url).searchParams);
  // Days and times of day are judged in the zone the times are written in (the member's own, else the group's).
  const { groups, programs, filter, unknownProgram } = await withDatabase(() => listPublicCatalogue(organization.id, new Date(), read.filter, viewerZone));
  return {
    organization: { slug: organization.slug, name: organization.name },
    brand: publicBrand(organization),
    viewer,
    viewerZone,
    groups,
    programs,
    filter,
    ignored: unknownProgram ? [...read.ignored, "We ignored the program: it is not one of this organisation's programs."] : read.ignored,
  };
}

export default function PublicCatalogue() {
  const { organization, groups, programs, filter, ignored, viewer, viewerZone } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to={`/o/${organization.slug}`}>{organization.name}</Link>
      </p>
      <h1>Groups at {organization.name}</h1>
      <p className="muted">
        {viewerZone ? `Days and times are in your time zone, ${viewerZone.replace(/_/g, " ")}.` : "Days and times are in each group's own time zone, named beside its sessions."}
      </p>
      <CatalogueFilters filter={filter} programs={programs} ignored={ignored} clearTo={`/o/${organization.slug}/catalogue`} />
      <h2>{groups.length === 1 ? "1 group" : `${groups.length} groups`}</h2>
      {groups.length === 0 ? (
        Object.values(filter).some(Boolean) ? (
          <p>No group matches these filters. Try another day or time, or clear the filters.</p>
        ) : (
          <p>No groups are open yet.</p>
        )
      ) : null}
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
