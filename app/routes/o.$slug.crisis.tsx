import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { crisisSteps } from "~/modules/registration/crisis";
import { findOrganizationBySlug } from "~/modules/groups/queries.server";
import { notFound } from "~/web/http.server";
import { publicBrand } from "~/modules/orgs/brand";
import { useTexts, pageTitle } from "~/ui/i18n";
import { getUser } from "~/modules/auth/session.server";
import { requestLocale } from "~/i18n/locale.server";
import { crisisTextIn } from "~/modules/translations/queries.server";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "public.crisis.pageTitle") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const organization = await findOrganizationBySlug(params.slug ?? "");
  if (!organization) notFound("Organisation not found");
  // The steps in the reader's language when the organisation wrote them in it, else as written.
  const text = await crisisTextIn(organization, await requestLocale(request, await getUser(request)));
  return { brand: publicBrand(organization), name: organization.name, steps: crisisSteps(text), contactPhone: organization.contactPhone };
}

export default function Crisis() {
  const { name, steps, contactPhone } = useLoaderData<typeof loader>();
  const registered = useSearchParams()[0].get("registered");
  const { t } = useTexts();
  return (
    <>
      <h1>{t("public.crisis.title")}</h1>
      {registered ? (
        <div className="notice" role="status">
          {registered === "enrolled" ? t("public.crisis.registeredSeat") : t("public.crisis.registeredWaitlist")}
        </div>
      ) : null}
      <p>
        <strong>{t("public.crisis.danger")}</strong>
      </p>
      <section className="card" aria-labelledby="org-lines">
        <h2 id="org-lines">{t("public.crisis.lines", { organization: name })}</h2>
        <ol>
          {steps.map((step, i) => (
            <li key={i}>
              {step.text}
              {step.tel ? (
                <>
                  {" "}
                  <a href={`${step.sms ? "sms" : "tel"}:${step.tel}`}>
                    {step.sms ? t("public.crisis.text") : t("public.crisis.call")} {step.tel}
                  </a>
                </>
              ) : null}
            </li>
          ))}
        </ol>
        {contactPhone ? (
          <p>
            {t("public.crisis.office")}
            <a href={`tel:${contactPhone.replace(/[^\d+]/g, "")}`}>{contactPhone}</a>
          </p>
        ) : null}
      </section>
    </>
  );
}
