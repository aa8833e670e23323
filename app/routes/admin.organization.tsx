import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { MaxPartSizeExceededError, redirect, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { formatBytes } from "~/modules/competency/files";
import { logoUrl, MAX_LOGO_BYTES } from "~/modules/orgs/brand";
import { removeOrganizationLogo, setOrganizationLogo, updateOrganization } from "~/modules/orgs/mutations.server";
import { getOrganization } from "~/modules/orgs/queries.server";
import { organizationSchema } from "~/modules/orgs/schema";
import { ErrorSummary, Field, Notice, TextArea } from "~/ui/form";
import { TimezoneSelect } from "~/ui/timezone-select";
import { attempt, formFailure, forbidden, parseForm } from "~/web/http.server";
import { lookup } from "~/ui/lookup";

export const meta: MetaFunction = () => [{ title: "Organisation details · Group Sessions" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const org = await getOrganization(user);
  return {
    org: { name: org.name, slug: org.slug, timezone: org.timezone, crisisText: org.crisisText, contactEmail: org.contactEmail, contactPhone: org.contactPhone, address: org.address, defaultCountry: org.defaultCountry, smsSenderName: org.smsSenderName },
    logoUrl: logoUrl(org.slug, org.logoUpdatedAt),
    canEdit: user.role === "admin",
  };
}

const LOGO_TOO_BIG = `This image is larger than ${formatBytes(MAX_LOGO_BYTES)}. Save a smaller PNG or JPEG and upload that.`;

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  if (user.role !== "admin") forbidden("Only an administrator changes the organisation's details.");
  if ((request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
    // The logo form: one image, checked by its bytes in the module.
    let formData: FormData;
    try {
      formData = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_LOGO_BYTES }));
    } catch (error) {
      if (error instanceof MaxPartSizeExceededError) return formFailure({ errors: { logo: [LOGO_TOO_BIG] } });
      return formFailure({ errors: { logo: ["This upload could not be read. Choose the image again and send it once more."] } });
    }
    const file = formData.get("logo");
    if (!(file instanceof File) || file.size === 0) return formFailure({ errors: { logo: ["Choose an image file for the logo."] } });
    const bytes = new Uint8Array(await file.arrayBuffer());
    const result = await attempt({}, () => setOrganizationLogo(user, bytes, new Date()));
    if (!result.ok) return result.response;
    return redirect("/admin/organization?logo=saved");
  }
  const form = await request.formData();
  if (form.get("intent") === "remove-logo") {
    const removed = await removeOrganizationLogo(user);
    return redirect(`/admin/organization?logo=${removed ? "removed" : "none"}`);
  }
  const parsed = await parseForm(request, organizationSchema, form);
  if (!parsed.ok) return formFailure(parsed);
  const changed = await updateOrganization(user, parsed.data);
  return redirect(`/admin/organization?saved=${changed.length}`);
}

const LABELS = {
  name: "Name",
  timezone: "Time zone",
  crisisText: "What to do in a crisis",
  contactEmail: "Contact email",
  contactPhone: "Contact phone",
  address: "Address",
  defaultCountry: "Country for phone numbers",
  smsSenderName: "Sender name for text messages",
  logo: "Logo",
};

const LOGO_NOTICES: Record<string, string> = {
  saved: "Logo saved. It shows in the header beside the organisation's name.",
  removed: "Logo removed. The header shows the name alone.",
  none: "There was no logo to remove.",
};

export default function OrganizationDetails() {
  const { org, canEdit, logoUrl } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const saved = params.get("saved");
  const logoNotice = lookup(LOGO_NOTICES, params.get("logo"));
  const logoError = data && "errors" in data ? (data.errors as Record<string, string[] | undefined>).logo?.[0] : undefined;
  // A logo error belongs to the logo form, not to the details form above it.
  const details = logoError ? undefined : data;
  return (
    <>
      <h1>Organisation details</h1>
      {logoNotice ? <Notice>{logoNotice}</Notice> : null}
      {saved ? <Notice>{saved === "0" ? "Nothing changed." : "Saved. The public page and the crisis page show the new details."}</Notice> : null}
      <p>
        Public page: <Link to={`/o/${org.slug}`}>/o/{org.slug}</Link> · Crisis page: <Link to={`/o/${org.slug}/crisis`}>/o/{org.slug}/crisis</Link> ·{" "}
        <Link to="/admin/translations">The crisis steps, group descriptions and feedback questions in other languages</Link>
      </p>
      {canEdit ? (
        <Form method="post" noValidate className="card">
          <ErrorSummary data={details} labels={LABELS} />
          <Field name="name" label={LABELS.name} defaultValue={org.name} data={details} />
          <TimezoneSelect data={details} defaultValue={org.timezone} guess={false} />
          <p className="hint">Days in reports and metrics run midnight to midnight in this zone. Groups keep their own zones.</p>
          <TextArea
            name="crisisText"
            label={LABELS.crisisText}
            hint="Shown behind the crisis link on every page, one line per number or step. Phone numbers become links."
            defaultValue={org.crisisText}
            data={details}
            rows={6}
          />
          <Field name="contactEmail" label={LABELS.contactEmail} type="email" defaultValue={org.contactEmail} data={details} />
          <Field name="contactPhone" label={LABELS.contactPhone} type="tel" defaultValue={org.contactPhone} data={details} />
          <TextArea name="address" label={LABELS.address} defaultValue={org.address} data={details} rows={2} />
          <Field
            name="defaultCountry"
            label={LABELS.defaultCountry}
            hint="Two letters (US, CA, GB…): a mobile number written without + and a country code is read as in this country."
            defaultValue={org.defaultCountry}
            autoComplete="off"
            data={details}
          />
          <Field
            name="smsSenderName"
            label={LABELS.smsSenderName}
            hint="Every text message starts with this name, and phones show that start on the lock screen. If your organisation's name says what people come to you for (a recovery or counselling service, say), enter a neutral name here, like “Riverside Center”, so a glance at someone's phone discloses nothing. Leave it empty to use the organisation's name."
            defaultValue={org.smsSenderName}
            autoComplete="off"
            data={details}
          />
          <button type="submit">Save details</button>
        </Form>
      ) : null}
      <h2 id="logo-heading">Logo</h2>
      {logoUrl ? (
        <p className="logo-preview">
          <img src={logoUrl} alt={`Current logo of ${org.name}`} />
        </p>
      ) : (
        <p className="muted">No logo yet: the header shows the organisation's name alone.</p>
      )}
      {canEdit ? (
        <>
          <Form method="post" encType="multipart/form-data" noValidate className="card" aria-labelledby="logo-heading">
            {logoError ? <ErrorSummary data={{ errors: { logo: [logoError] } }} labels={LABELS} /> : null}
            <div className="field">
              <label htmlFor="logo">{logoUrl ? "Replace the logo" : "Upload a logo"}</label>
              <span className="hint" id="logo-hint">
                A PNG or JPEG image of at most {formatBytes(MAX_LOGO_BYTES)}, ideally wider than tall on a white or clear background. It shows beside the name
                in the header, for staff, participants and on the public pages.
              </span>
              {logoError ? (
                <span className="error" id="logo-error">
                  {logoError}
                </span>
              ) : null}
              <input
                id="logo"
                name="logo"
                type="file"
                accept="image/png,image/jpeg"
                aria-invalid={logoError ? true : undefined}
                aria-describedby={logoError ? "logo-hint logo-error" : "logo-hint"}
              />
            </div>
            <button type="submit">Upload logo</button>
          </Form>
          {logoUrl ? (
            <Form method="post">
              <input type="hidden" name="intent" value="remove-logo" />
              <button type="submit" className="secondary">
                Remove the logo
              </button>
            </Form>
          ) : null}
        </>
      ) : null}
      {canEdit ? null : (
        <dl>
          <dt>{LABELS.name}</dt>
          <dd>{org.name}</dd>
          <dt>{LABELS.timezone}</dt>
          <dd>{org.timezone.replace(/_/g, " ")}</dd>
          <dt>{LABELS.crisisText}</dt>
          <dd style={{ whiteSpace: "pre-line" }}>{org.crisisText}</dd>
          <dt>Contact</dt>
          <dd>{[org.contactEmail, org.contactPhone, org.address].filter(Boolean).join(" · ") || "None given"}</dd>
          <dt>{LABELS.smsSenderName}</dt>
          <dd>{org.smsSenderName || `None: texts start with “${org.name}”`}</dd>
          <dd className="muted">Only an administrator changes these details.</dd>
        </dl>
      )}
    </>
  );
}
