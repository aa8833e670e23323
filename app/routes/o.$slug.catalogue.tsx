import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { withDatabase } from "~/db/client.server";
import { listPublicCatalogue, publicPageViewer } from "~/modules/registration/queries.server";
import { GroupFacts, JoinLinks, NextSessions } from "~/ui/public-group";
import { publicBrand } from "~/modules/orgs/brand";
import { readCatalogueFilter } from "~/modules/registration/catalogue";
import { CatalogueFilters } from "~/ui/catalogue-filters";
import { useTexts, pageTitle } from "~/ui/i18n";
import { requestLocale } from "~/i18n/locale.server";
import { describedIn } from "~/modules/translations/queries.server";
import { getUser } from "~/modules/auth/session.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: pageTitle(matches, "public.catalogueTitle", { organization: data?.organization.name ?? "Group Sessions" }) }];

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
    groups: await describedIn(organization.id, await requestLocale(request, await getUser(request)), groups),
    programs,
    filter,
    ignored: unknownProgram ? [...read.ignored, "We ignored the program: it is not one of this organisation's programs."] : read.ignored,
  };
}

export default function PublicCatalogue() {
  const { organization, groups, programs, filter, ignored, viewer, viewerZone } = useLoaderData<typeof loader>();
  const { t } = useTexts();
  return (
    <>
      <p>
        <Link to={`/o/${organization.slug}`}>{organization.name}</Link>
      </p>
      <h1>{t("public.catalogueHeading", { organization: organization.name })}</h1>
      <p className="muted">{viewerZone ? t("public.inYourZone", { zone: viewerZone.replace(/_/g, " ") }) : t("public.inGroupZone")}</p>
      <CatalogueFilters filter={filter} programs={programs} ignored={ignored} clearTo={`/o/${organization.slug}/catalogue`} />
      <h2>{t("public.groupCount", { count: groups.length })}</h2>
      {groups.length === 0 ? (
        Object.values(filter).some(Boolean) ? (
          <p>{t("public.noMatch")}</p>
        ) : (
          <p>{t("public.noGroups")}</p>
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
              <p className="muted">{t("public.nextSessionsIn", { zone: (viewerZone ?? g.timezone).replace(/_/g, " ") })}</p>
              <NextSessions group={g} zone={viewerZone ?? g.timezone} />
              <JoinLinks slug={organization.slug} group={g} viewer={viewer} />
            </article>
          </li>
        ))}
      </ul>
    </>
  );
}
