import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { updateOrganization } from "~/modules/orgs/mutations.server";
import { getOrganization } from "~/modules/orgs/queries.server";
import { organizationSchema } from "~/modules/orgs/schema";
import { ErrorSummary, Field, Notice, TextArea } from "~/ui/form";
import { TimezoneSelect } from "~/ui/timezone-select";
import { formFailure, forbidden, parseForm } from "~/web/http.server";

export const meta: MetaFunction = () => [{ title: "Organisation details · Group Sessions" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const org = await getOrganization(user);
  return {
    org: { name: org.name, slug: org.slug, timezone: org.timezone, crisisText: org.crisisText, contactEmail: org.contactEmail, contactPhone: org.contactPhone, address: org.address },
    canEdit: user.role === "admin",
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  if (user.role !== "admin") forbidden("Only an administrator changes the organisation's details.");
  const form = await parseForm(request, organizationSchema);
  if (!form.ok) return formFailure(form);
  const changed = await updateOrganization(user, form.data);
  return redirect(`/admin/organization?saved=${changed.length}`);
}

const LABELS = {
  name: "Name",
  timezone: "Time zone",
  crisisText: "What to do in a crisis",
  contactEmail: "Contact email",
  contactPhone: "Contact phone",
  address: "Address",
};

export default function OrganizationDetails() {
  const { org, canEdit } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const saved = params.get("saved");
  return (
    <>
      <h1>Organisation details</h1>
      {saved ? <Notice>{saved === "0" ? "Nothing changed." : "Saved. The public page and the crisis page show the new details."}</Notice> : null}
      <p>
        Public page: <Link to={`/o/${org.slug}`}>/o/{org.slug}</Link> · Crisis page: <Link to={`/o/${org.slug}/crisis`}>/o/{org.slug}/crisis</Link>
      </p>
      {canEdit ? (
        <Form method="post" noValidate className="card">
          <ErrorSummary data={data} labels={LABELS} />
          <Field name="name" label={LABELS.name} defaultValue={org.name} data={data} />
          <TimezoneSelect data={data} defaultValue={org.timezone} guess={false} />
          <p className="hint">Days in reports and metrics run midnight to midnight in this zone. Groups keep their own zones.</p>
          <TextArea
            name="crisisText"
            label={LABELS.crisisText}
            hint="Shown behind the crisis link on every page, one line per number or step. Phone numbers become links."
            defaultValue={org.crisisText}
            data={data}
            rows={6}
          />
          <Field name="contactEmail" label={LABELS.contactEmail} type="email" defaultValue={org.contactEmail} data={data} />
          <Field name="contactPhone" label={LABELS.contactPhone} type="tel" defaultValue={org.contactPhone} data={data} />
          <TextArea name="address" label={LABELS.address} defaultValue={org.address} data={data} rows={2} />
          <button type="submit">Save details</button>
        </Form>
      ) : (
        <dl>
          <dt>{LABELS.name}</dt>
          <dd>{org.name}</dd>
          <dt>{LABELS.timezone}</dt>
          <dd>{org.timezone.replace(/_/g, " ")}</dd>
          <dt>{LABELS.crisisText}</dt>
          <dd style={{ whiteSpace: "pre-line" }}>{org.crisisText}</dd>
          <dt>Contact</dt>
          <dd>{[org.contactEmail, org.contactPhone, org.address].filter(Boolean).join(" · ") || "None given"}</dd>
          <dd className="muted">Only an administrator changes these details.</dd>
        </dl>
      )}
    </>
  );
}
