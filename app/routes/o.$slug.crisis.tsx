import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { findOrganizationBySlug } from "~/modules/groups/queries.server";
import { notFound } from "~/web/http.server";

export const meta: MetaFunction = () => [{ title: "Need help now? · Group Sessions" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const organization = await findOrganizationBySlug(params.slug ?? "");
  if (!organization) notFound("Organisation not found");
  return { name: organization.name, crisisText: organization.crisisText, contactPhone: organization.contactPhone };
}

export default function Crisis() {
  const { name, crisisText, contactPhone } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Need help now?</h1>
      <p>
        <strong>If you or someone else is in immediate danger, call 911 (or your local emergency number).</strong>
      </p>
      <section className="card" aria-labelledby="org-lines">
        <h2 id="org-lines">{name}: crisis lines and steps</h2>
        {crisisText.split("\n").filter(Boolean).map((line, i) => (
          <p key={i}>{line}</p>
        ))}
        {contactPhone ? <p>Office: {contactPhone}</p> : null}
      </section>
    </>
  );
}
