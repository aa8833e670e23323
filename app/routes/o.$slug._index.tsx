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
import { useTexts, pageTitle } from "~/ui/i18n";
import { requestLocale } from "~/i18n/locale.server";
import { describedIn } from "~/modules/translations/queries.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: pageTitle(matches, "public.orgPageTitle", { organization: data?.organization.name ?? "Group Sessions" }) }];

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
    // Each description in the reader's language when the organisation wrote it in it.
    groups: await describedIn(organization.id, await requestLocale(request, user), await listPublicGroups(organization.id, new Date())),
  };
}

export default function OrganizationPage() {
  const { organization, groups, viewerZone, signedIn } = useLoaderData<typeof loader>();
  const { t, message } = useTexts();
  return (
    <>
      <h1>{organization.name}</h1>
      <p className="muted">
        {organization.address} · {organization.contactPhone} · {organization.contactEmail}
      </p>
      {!signedIn ? (
        <p>
          <Link className="button" to={`/o/${organization.slug}/signup`}>
            {t("public.createAccount")}
          </Link>{" "}
          <Link className="button secondary" to="/login">
            {t("public.signIn")}
          </Link>
        </p>
      ) : null}
      <h2>{t("public.groups")}</h2>
      {groups.length === 0 ? <p>{t("public.noGroups")}</p> : null}
      {groups.length ? (
        <p>
          <Link to={`/o/${organization.slug}/catalogue`}>{t("public.seeAll")}</Link>
        </p>
      ) : null}
      <div className="grid">
        {groups.map((g) => (
          <article className="card" key={g.id}>
            <h3>{g.name}</h3>
            <p className="muted">
              {message(GROUP_KIND_LABELS[g.kind])} · {g.programName} · {g.location || (g.online ? t("public.online") : t("public.placeTba"))}
            </p>
            <p>{g.description}</p>
            <p>
              {t("public.nextSession")}
              {g.nextSession ? <When at={g.nextSession} zone={viewerZone} /> : t("public.notScheduled")}
            </p>
            <Link to={`/o/${organization.slug}/groups/${g.id}`}>{t("public.moreAbout", { group: g.name })}</Link>
          </article>
        ))}
      </div>
    </>
  );
}
