import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { withDatabase } from "~/db/client.server";
import { getUser } from "~/modules/auth/session.server";
import { GROUP_KIND_LABELS } from "~/modules/groups/schema";
import { findOrganizationBySlug } from "~/modules/groups/queries.server";
import { listPublicGroups } from "~/modules/registration/queries.server";
import { When } from "~/ui/time";
import { notFound } from "~/web/http.server";
import { publicBrand } from "~/modules/orgs/brand";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.organization.name ?? "Organisation"} · Group Sessions` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const organization = await withDatabase(() => findOrganizationBySlug(params.slug ?? ""));
  if (!organization) notFound("Organisation not found");
  const user = await getUser(request);
  const viewerZone = user?.timezone ?? organization.timezone;
  return {
    organization: {
      slug: organization.slug,
      name: organization.name,
      contactEmail: organization.contactEmail,
      contactPhone: organization.contactPhone,
      address: organization.address,
    },
    brand: publicBrand(organization),
    viewerZone,
    signedIn: Boolean(user),
    // The public page never carries an online meeting link (only whether there is one): only enrolled members and staff see it.
    groups: await listPublicGroups(organization.id, new Date()),
  };
}

export default function OrganizationPage() {
  const { organization, groups, viewerZone, signedIn } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{organization.name}</h1>
      <p className="muted">
        {organization.address} · {organization.contactPhone} · {organization.contactEmail}
      </p>
      {!signedIn ? (
        <p>
          <Link className="button" to={`/o/${organization.slug}/signup`}>
            Create a participant account
          </Link>{" "}
          <Link className="button secondary" to="/login">
            Sign in
          </Link>
        </p>
      ) : null}
      <h2>Groups</h2>
      {groups.length === 0 ? <p>No groups are open yet.</p> : null}
      {groups.length ? (
        <p>
          <Link to={`/o/${organization.slug}/catalogue`}>See all groups, with seats and session times</Link>
        </p>
      ) : null}
      <div className="grid">
        {groups.map((g) => (
          <article className="card" key={g.id}>
            <h3>{g.name}</h3>
            <p className="muted">
              {GROUP_KIND_LABELS[g.kind]} · {g.programName} · {g.location || (g.online ? "Online" : "Place to be announced")}
            </p>
            <p>{g.description}</p>
            <p>
              Next session: {g.nextSession ? <When at={g.nextSession} zone={viewerZone} /> : "not scheduled yet"}
            </p>
            <Link to={`/o/${organization.slug}/groups/${g.id}`}>More about {g.name}</Link>
          </article>
        ))}
      </div>
    </>
  );
}
