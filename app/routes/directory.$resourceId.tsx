import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { MANAGING_ROLES, STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { updateResource } from "~/modules/referrals/mutations.server";
import { canEditDirectory } from "~/modules/referrals/policy";
import { getResource } from "~/modules/referrals/queries.server";
import { resourceSchema } from "~/modules/referrals/schema";
import { Notice } from "~/ui/form";
import { RESOURCE_LABEL_KEYS, ResourceForm } from "~/ui/referrals-resource-form";
import { attempt, formFailure, formVersion, parseForm, parseId } from "~/web/http.server";
import { changedMeanwhile, revalidateWhenStale, SavedNow } from "~/ui/versions";
import { resourceVersion } from "~/modules/referrals/version";
import { pageTitle, useTexts } from "~/ui/i18n";
import { NEED_AREA_KEY } from "~/ui/voice-labels";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data?.resource.name ? [{ title: `${data.resource.name} · Group Sessions` }] : [{ title: pageTitle(matches, "voice.directory.resource.pageTitle") }];

/** After a save refused as out of date, the page's data is read again to show what is saved now. */
export const shouldRevalidate = revalidateWhenStale;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const resource = await getResource(user, parseId(params.resourceId));
  // The version the edit form carries (resourceVersion): a save from it is refused once someone else changed the entry.
  return { resource, version: resourceVersion(resource), canEdit: canEditDirectory(user) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const resourceId = parseId(params.resourceId);
  const formData = await request.formData();
  const form = await parseForm(request, resourceSchema, formData);
  if (!form.ok) return formFailure(form);
  // Refused once someone else changed the entry after this page was opened, or when the form names no version.
  const result = await attempt(form.values, () => updateResource(user, resourceId, form.data, new Date(), { version: formVersion(formData) }));
  if (!result.ok) return result.response;
  return redirect(`/directory/${resourceId}?saved=1`);
}

export default function Resource() {
  const { resource: r, version, canEdit } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useTexts();
  const changed = changedMeanwhile(data);
  const rows: [keyof typeof RESOURCE_LABEL_KEYS, string][] = [
    ["location", r.location],
    ["phone", r.phone],
    ["contactPerson", r.contactPerson],
    ["services", r.services],
    ["languages", r.languages],
    ["fees", r.fees],
    ["eligibility", r.eligibility],
    ["needAreas", r.needAreas.map((n) => (NEED_AREA_KEY[n] ? t(NEED_AREA_KEY[n]) : n)).join(", ")],
  ];
  return (
    <>
      <h1>{r.name}</h1>
      {params.get("saved") ? <Notice>{t("voice.referrals.saved")}</Notice> : null}
      <dl>
        {rows.map(([field, value]) => (
          <div key={field}>
            <dt>{t(RESOURCE_LABEL_KEYS[field])}</dt>
            <dd>{value || t("voice.directory.resource.notRecorded")}</dd>
          </div>
        ))}
        <div>
          <dt>{t(RESOURCE_LABEL_KEYS.website)}</dt>
          <dd>{r.website ? <a href={r.website}>{r.website}</a> : t("voice.directory.resource.notRecorded")}</dd>
        </div>
      </dl>
      <p>
        {t("voice.directory.resource.referrals", { count: r.referralCount })}
        <Link to={`/referrals/new?resourceId=${r.id}`}>{t("voice.directory.resource.refer")}</Link> ·{" "}
        <Link to="/directory">{t("voice.directory.resource.back")}</Link>
      </p>
      {canEdit ? (
        <details open={Boolean(data)}>
          <summary>{t("voice.directory.resource.edit")}</summary>
          {/* A save refused as out of date: what someone else changed, as saved now, beside the person's own entries kept in the form. */}
          <SavedNow changed={changed} labels={Object.fromEntries(Object.entries(RESOURCE_LABEL_KEYS).map(([field, key]) => [field, t(key)]))}>
            <dl>
              {[...rows, ["website", r.website] as const]
                .filter(([field]) => changed.includes(field))
                .map(([field, value]) => (
                  <div key={field}>
                    <dt>{t(RESOURCE_LABEL_KEYS[field])}</dt>
                    <dd>{value || t("voice.directory.resource.notRecorded")}</dd>
                  </div>
                ))}
            </dl>
          </SavedNow>
          <ResourceForm data={data} defaults={r} submitLabel={t("voice.directory.resource.save")} version={version} />
        </details>
      ) : null}
    </>
  );
}
