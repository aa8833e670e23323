import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { listMyOrganizations, switchOrganization } from "~/modules/auth/organizations.server";
import { requireUser } from "~/modules/auth/session.server";
import { parseId } from "~/web/http.server";

export const meta: MetaFunction = () => [{ title: "Your organisations · Group Sessions" }];

const ROLE_NAMES = { participant: "Participant", facilitator: "Facilitator", manager: "Manager", admin: "Administrator" } as const;

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
  return (
    <>
      <h1>Your organisations</h1>
      <p>
        You work in one organisation at a time. Everything you see — groups, rosters, messages — belongs to the organisation you are in.
        Switching changes this browser only.
      </p>
      <ul className="session-list">
        {organizations.map((o) => (
          <li key={o.id} className="card">
            <strong>{o.name}</strong> — {ROLE_NAMES[o.role]}
            {o.current ? (
              <>
                {" "}
                <span className="status status-held">You are here</span>
              </>
            ) : (
              <Form method="post" className="inline-form">
                <input type="hidden" name="organizationId" value={o.id} />
                <button type="submit" className="secondary">
                  Switch to {o.name}
                </button>
              </Form>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
