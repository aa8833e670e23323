import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { listMyOrganizations, switchOrganization } from "~/modules/auth/organizations.server";
import { requireUser } from "~/modules/auth/session.server";
import { parseId } from "~/web/http.server";
import { pageTitle, useTexts } from "~/ui/i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "participant.organizations.pageTitle") }];

const ROLE_NAMES = {
  participant: "participant.organizations.role.participant",
  facilitator: "participant.organizations.role.facilitator",
  manager: "participant.organizations.role.manager",
  admin: "participant.organizations.role.admin",
} as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { organizations: await listMyOrganizations(user) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await request.formData();
  await switchOrganization(user, parseId(String(form.get("organizationId") ?? "")), new Date());
  return redirect("/home");
}

export default function Organizations() {
  const { organizations } = useLoaderData<typeof loader>();
  const { t } = useTexts();
  return (
    <>
      <h1>{t("participant.organizations.title")}</h1>
      <p>{t("participant.organizations.intro")}</p>
      <ul className="session-list">
        {organizations.map((o) => (
          <li key={o.id} className="card">
            <strong>{o.name}</strong> — {t(ROLE_NAMES[o.role])}
            {o.current ? (
              <>
                {" "}
                <span className="status status-held">{t("participant.organizations.here")}</span>
              </>
            ) : (
              <Form method="post" className="inline-form">
                <input type="hidden" name="organizationId" value={o.id} />
                <button type="submit" className="secondary">
                  {t("participant.organizations.switch", { name: o.name })}
                </button>
              </Form>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
