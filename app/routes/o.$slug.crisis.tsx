import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { crisisSteps } from "~/modules/registration/crisis";
import { findOrganizationBySlug } from "~/modules/groups/queries.server";
import { notFound } from "~/web/http.server";
import { publicBrand } from "~/modules/orgs/brand";

export const meta: MetaFunction = () => [{ title: "Need help now? · Group Sessions" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const organization = await findOrganizationBySlug(params.slug ?? "");
  if (!organization) notFound("Organisation not found");
  return { brand: publicBrand(organization), name: organization.name, steps: crisisSteps(organization.crisisText), contactPhone: organization.contactPhone };
}

export default function Crisis() {
  const { name, steps, contactPhone } = useLoaderData<typeof loader>();
  const registered = useSearchParams()[0].get("registered");
  return (
    <>
      <h1>Need help now?</h1>
      {registered ? (
        <div className="notice" role="status">
          Your registration is saved ({registered === "enrolled" ? "you have a seat" : "you are on the waitlist"}). You told us you need help right now, so
          our staff have been alerted and will contact you. Please do not wait for them if you are not safe: use the numbers below.
        </div>
      ) : null}
      <p>
        <strong>If you or someone else is in immediate danger, call 911 (or your local emergency number).</strong>
      </p>
      <section className="card" aria-labelledby="org-lines">
        <h2 id="org-lines">{name}: crisis lines and steps</h2>
        <ol>
          {steps.map((step, i) => (
            <li key={i}>
              {step.text}
              {step.tel ? (
                <>
                  {" "}
                  <a href={`${step.sms ? "sms" : "tel"}:${step.tel}`}>{step.sms ? "Text" : "Call"} {step.tel}</a>
                </>
              ) : null}
            </li>
          ))}
        </ol>
        {contactPhone ? (
          <p>
            Office: <a href={`tel:${contactPhone.replace(/[^\d+]/g, "")}`}>{contactPhone}</a>
          </p>
        ) : null}
      </section>
    </>
  );
}
