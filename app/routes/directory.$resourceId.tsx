import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { MANAGING_ROLES, STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { updateResource } from "~/modules/referrals/mutations.server";
import { canEditDirectory } from "~/modules/referrals/policy";
import { getResource } from "~/modules/referrals/queries.server";
import { resourceSchema } from "~/modules/referrals/schema";
import { NEED_AREA_LABELS, type NeedArea } from "~/modules/registration/schema";
import { Notice } from "~/ui/form";
import { ResourceForm } from "~/ui/referrals-resource-form";
import { attempt, formFailure, parseForm, parseId } from "~/web/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.resource.name ?? "Service"} · Group Sessions` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  return { resource: await getResource(user, parseId(params.resourceId)), canEdit: canEditDirectory(user) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const resourceId = parseId(params.resourceId);
  const form = await parseForm(request, resourceSchema);
  if (!form.ok) return formFailure(form);
  const result = await attempt(form.values, () => updateResource(user, resourceId, form.data));
  if (!result.ok) return result.response;
  return redirect(`/directory/${resourceId}?saved=1`);
}

export default function Resource() {
  const { resource: r, canEdit } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const rows: [string, string][] = [
    ["Location", r.location],
    ["Phone", r.phone],
    ["Contact person", r.contactPerson],
    ["Services", r.services],
    ["Languages", r.languages],
    ["Fees", r.fees],
    ["Eligibility", r.eligibility],
    ["Need areas", r.needAreas.map((n) => NEED_AREA_LABELS[n as NeedArea] ?? n).join(", ")],
  ];
  return (
    <>
      <h1>{r.name}</h1>
      {params.get("saved") ? <Notice>Saved.</Notice> : null}
      <dl>
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value || "Not recorded"}</dd>
          </div>
        ))}
        <div>
          <dt>Website</dt>
          <dd>{r.website ? <a href={r.website}>{r.website}</a> : "Not recorded"}</dd>
        </div>
      </dl>
      <p>
        {r.referralCount} referral{r.referralCount === 1 ? "" : "s"} recorded. <Link to={`/referrals/new?resourceId=${r.id}`}>Refer someone here</Link> ·{" "}
        <Link to="/directory">Back to the directory</Link>
      </p>
      {canEdit ? (
        <details open={Boolean(data)}>
          <summary>Edit this service</summary>
          <ResourceForm data={data} defaults={r} submitLabel="Save service" />
        </details>
      ) : null}
    </>
  );
}
