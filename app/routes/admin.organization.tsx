import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { MaxPartSizeExceededError, redirect, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { formatBytes } from "~/modules/competency/files";
import { languageOf } from "~/i18n/locales";
import { logoUrl, MAX_LOGO_BYTES } from "~/modules/orgs/brand";
import { organizationVersion, removeOrganizationLogo, setOrganizationLogo, updateOrganization } from "~/modules/orgs/mutations.server";
import { getOrganization } from "~/modules/orgs/queries.server";
import { organizationSchema } from "~/modules/orgs/schema";
import { ErrorSummary, Field, Notice, TextArea } from "~/ui/form";
import { TimezoneSelect } from "~/ui/timezone-select";
import { attempt, formFailure, formVersion, forbidden, parseForm } from "~/web/http.server";
import { changedMeanwhile, revalidateWhenStale, SavedNow } from "~/ui/versions";
import { lookup } from "~/ui/lookup";
import { pageTitle, useTexts } from "~/ui/i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "admin.organization.pageTitle") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const org = await getOrganization(user);
  return {
    org: { name: org.name, slug: org.slug, timezone: org.timezone, crisisText: org.crisisText, contactEmail: org.contactEmail, contactPhone: org.contactPhone, address: org.address, defaultCountry: org.defaultCountry, smsSenderName: org.smsSenderName },
    logoUrl: logoUrl(org.slug, org.logoUpdatedAt),
    canEdit: user.role === "admin",
    version: organizationVersion(org),
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
  // The version the page was opened on: a save after another administrator changed the details is refused (nothing saved, entries kept).
  const result = await attempt(parsed.values, () => updateOrganization(user, parsed.data, { version: formVersion(form) }));
  if (!result.ok) return result.response;
  return redirect(`/admin/organization?saved=${result.value.length}`);
}

export const shouldRevalidate = revalidateWhenStale;

const LABEL_KEYS = {
  name: "admin.organization.label.name",
  timezone: "admin.organization.label.timezone",
  crisisText: "admin.organization.label.crisisText",
  contactEmail: "admin.organization.label.contactEmail",
  contactPhone: "admin.organization.label.contactPhone",
  address: "admin.organization.label.address",
  defaultCountry: "admin.organization.label.defaultCountry",
  smsSenderName: "admin.organization.label.smsSenderName",
  logo: "admin.organization.label.logo",
} as const;

const LOGO_NOTICES: Record<string, string> = {
  saved: "admin.organization.logoNotice.saved",
  removed: "admin.organization.logoNotice.removed",
  none: "admin.organization.logoNotice.none",
};

export default function OrganizationDetails() {
  const { org, canEdit, logoUrl, version } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const saved = params.get("saved");
  const logoNotice = lookup(LOGO_NOTICES, params.get("logo"));
  const { t, message, locale } = useTexts();
  const LABELS = Object.fromEntries(Object.entries(LABEL_KEYS).map(([field, key]) => [field, t(key)])) as Record<keyof typeof LABEL_KEYS, string>;
  const logoError = data && "errors" in data ? (data.errors as Record<string, string[] | undefined>).logo?.[0] : undefined;
  // A logo error belongs to the logo form, not to the details form above it.
  const details = logoError ? undefined : data;
  return (
    <>
      <h1>{t("admin.organization.title")}</h1>
      {logoNotice ? <Notice>{t(logoNotice)}</Notice> : null}
      {saved ? <Notice>{t(saved === "0" ? "admin.organization.nothingChanged" : "admin.organization.saved")}</Notice> : null}
      <p>
        {t("admin.organization.publicPage")}
        <Link to={`/o/${org.slug}`}>/o/{org.slug}</Link>
        {t("admin.organization.crisisPage")}
        <Link to={`/o/${org.slug}/crisis`}>/o/{org.slug}/crisis</Link> ·{" "}
        <Link to="/admin/translations">{t("admin.organization.translationsLink")}</Link>
      </p>
      {canEdit ? (
        <Form method="post" noValidate className="card">
          <ErrorSummary data={details} labels={LABELS} />
          <SavedNow changed={changedMeanwhile(details)} labels={LABELS}>
            <dl>
              {changedMeanwhile(details).map((field) => (
                <div key={field}>
                  <dt>{LABELS[field as keyof typeof LABELS] ?? field}</dt>
                  <dd style={{ whiteSpace: "pre-line" }}>{String(org[field as keyof typeof org] ?? "") || t("admin.organization.noneGiven")}</dd>
                </div>
              ))}
            </dl>
          </SavedNow>
          {/* The details' version this page shows (or the one a refused save sent back): a save after someone else changed them is refused. */}
          <input type="hidden" name="version" value={(details && "values" in details ? (details.values as Record<string, string>).version : undefined) ?? version} />
          <Field name="name" label={LABELS.name} defaultValue={org.name} data={details} />
          <TimezoneSelect data={details} defaultValue={org.timezone} guess={false} />
          <p className="hint">{t("admin.organization.zoneHint")}</p>
          <TextArea
            name="crisisText"
            label={LABELS.crisisText}
            hint={t("admin.organization.crisisHint")}
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
            hint={t("admin.organization.countryHint")}
            defaultValue={org.defaultCountry}
            autoComplete="off"
            data={details}
          />
          <Field
            name="smsSenderName"
            label={LABELS.smsSenderName}
            hint={t("admin.organization.senderHint")}
            defaultValue={org.smsSenderName}
            autoComplete="off"
            data={details}
          />
          <button type="submit">{t("admin.organization.save")}</button>
        </Form>
      ) : null}
      <h2 id="logo-heading">{t("admin.organization.label.logo")}</h2>
      {logoUrl ? (
        <p className="logo-preview">
          <img src={logoUrl} alt={t("admin.organization.logoAlt", { name: org.name })} />
        </p>
      ) : (
        <p className="muted">{t("admin.organization.noLogo")}</p>
      )}
      {canEdit ? (
        <>
          <Form method="post" encType="multipart/form-data" noValidate className="card" aria-labelledby="logo-heading">
            {logoError ? <ErrorSummary data={{ errors: { logo: [logoError] } }} labels={LABELS} /> : null}
            <div className="field">
              <label htmlFor="logo">{t(logoUrl ? "admin.organization.replaceLogo" : "admin.organization.uploadLogo")}</label>
              <span className="hint" id="logo-hint">
                {t("admin.organization.logoHint", { size: formatBytes(MAX_LOGO_BYTES, languageOf(locale)) })}
              </span>
              {logoError ? (
                <span className="error" id="logo-error">
                  {message(logoError)}
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
            <button type="submit">{t("admin.organization.uploadButton")}</button>
          </Form>
          {logoUrl ? (
            <Form method="post">
              <input type="hidden" name="intent" value="remove-logo" />
              <button type="submit" className="secondary">
                {t("admin.organization.removeLogo")}
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
          <dt>{t("admin.organization.contact")}</dt>
          <dd>{[org.contactEmail, org.contactPhone, org.address].filter(Boolean).join(" · ") || t("admin.organization.noneGiven")}</dd>
          <dt>{LABELS.smsSenderName}</dt>
          <dd>{org.smsSenderName || t("admin.organization.noSender", { name: org.name })}</dd>
          <dd className="muted">{t("admin.organization.adminOnly")}</dd>
        </dl>
      )}
    </>
  );
}
