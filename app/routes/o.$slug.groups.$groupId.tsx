import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { withDatabase } from "~/db/client.server";
import { getPublicGroup, publicPageViewer } from "~/modules/registration/queries.server";
import { GroupFacts, JoinLinks, NextSessions } from "~/ui/public-group";
import { parseId } from "~/web/http.server";
import { publicBrand } from "~/modules/orgs/brand";
import { useTexts, pageTitle } from "~/ui/i18n";
import { requestLocale } from "~/i18n/locale.server";
import { describedIn } from "~/modules/translations/queries.server";
import { getUser } from "~/modules/auth/session.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: pageTitle(matches, "public.groupPageTitle", { group: data?.group.name ?? "", organization: data?.organization.name ?? "" }) },
];

/** Public: one group of the organisation (404 for another organisation's group). No link, no person. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const groupId = parseId(params.groupId);
  const { organization, viewer, viewerZone } = await publicPageViewer(request, params.slug ?? "");
  return {
    organization: { slug: organization.slug, name: organization.name },
    brand: publicBrand(organization),
    viewer,
    viewerZone,
    group: (await describedIn(organization.id, await requestLocale(request, await getUser(request)), [await withDatabase(() => getPublicGroup(organization.id, groupId, new Date()))]))[0],
  };
}

export default function PublicGroupPage() {
  const { organization, group, viewer, viewerZone } = useLoaderData<typeof loader>();
  const zone = viewerZone ?? group.timezone;
  const { t } = useTexts();
  return (
    <>
      <p>
        <Link to={`/o/${organization.slug}/catalogue`}>{t("public.allGroupsAt", { organization: organization.name })}</Link>
      </p>
      <h1>{group.name}</h1>
      <GroupFacts group={group} />
      <JoinLinks slug={organization.slug} group={group} viewer={viewer} />
      <h2>{t("public.nextSessions")}</h2>
      <p className="muted">
        {viewerZone
          ? t("public.timesInYourZone", { zone: zone.replace(/_/g, " "), groupZone: group.timezone.replace(/_/g, " ") })
          : t("public.timesInGroupZone", { zone: zone.replace(/_/g, " ") })}
      </p>
      <NextSessions group={group} zone={zone} />
    </>
  );
}
