import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { withDatabase } from "~/db/client.server";
import { getPublicGroup, publicPageViewer } from "~/modules/registration/queries.server";
import { GroupFacts, JoinLinks, NextSessions } from "~/ui/public-group";
import { parseId } from "~/web/http.server";
import { publicBrand } from "~/modules/orgs/brand";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.group.name ?? "Group"} · ${data?.organization.name ?? "Organisation"} · Group Sessions` }];

/** Public: one group of the organisation (404 for another organisation's group). No link, no person. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const groupId = parseId(params.groupId);
  const { organization, viewer, viewerZone } = await publicPageViewer(request, params.slug ?? "");
  return {
    organization: { slug: organization.slug, name: organization.name },
    brand: publicBrand(organization),
    viewer,
    viewerZone,
    group: await withDatabase(() => getPublicGroup(organization.id, groupId, new Date())),
  };
}

export default function PublicGroupPage() {
  const { organization, group, viewer, viewerZone } = useLoaderData<typeof loader>();
  const zone = viewerZone ?? group.timezone;
  return (
    <>
      <p>
        <Link to={`/o/${organization.slug}/catalogue`}>All groups at {organization.name}</Link>
      </p>
      <h1>{group.name}</h1>
      <GroupFacts group={group} />
      <JoinLinks slug={organization.slug} group={group} viewer={viewer} />
      <h2>Next sessions</h2>
      <p className="muted">
        Times in {viewerZone ? "your zone, " : ""}
        {zone.replace(/_/g, " ")}
        {viewerZone ? `. The group meets in ${group.timezone.replace(/_/g, " ")} time.` : " time, where the group meets."}
      </p>
      <NextSessions group={group} zone={zone} />
    </>
  );
}
