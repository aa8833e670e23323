import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { changeRole, createInvitation } from "~/modules/auth/mutations.server";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { unconfirmedMemberIds } from "~/modules/auth/queries.server";
import { invitationSchema, roleChangeSchema } from "~/modules/auth/schema";
import { requireUser } from "~/modules/auth/session.server";
import { listMembers, listOpenInvitations } from "~/modules/orgs/queries.server";
import { ErrorSummary, Field, Notice, Select } from "~/ui/form";
import { When } from "~/ui/time";
import { attempt, formFailure, parseForm } from "~/web/http.server";
import { appUrl } from "~/config.server";

export const meta: MetaFunction = () => [{ title: "People and roles · Group Sessions" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const now = new Date();
  return {
    role: user.role,
    me: user.id,
    timezone: user.timezone,
    members: await listMembers(user),
    invitations: await listOpenInvitations(user, now),
    unconfirmed: await unconfirmedMemberIds(user.organizationId),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const formData = await request.formData();
  if (formData.get("intent") === "role") {
    if (user.role !== "admin") return formFailure({ errors: { _form: ["Only an administrator can change roles."] } });
    const form = await parseForm(request, roleChangeSchema, formData);
    if (!form.ok) return formFailure(form);
    const result = await attempt(form.values, () => changeRole(user, form.data));
    if (!result.ok) return result.response;
    return { ok: true as const, message: "The role was changed. That person must sign in again." };
  }
  const form = await parseForm(request, invitationSchema, formData);
  if (!form.ok) return formFailure(form);
  const result = await attempt(form.values, () => createInvitation({ actor: user, ...form.data, baseUrl: appUrl() }));
  if (!result.ok) return result.response;
  return { ok: true as const, message: `Invitation sent to ${form.data.email}.` };
}

const roleOptions = [
  { value: "participant", label: "Participant" },
  { value: "facilitator", label: "Facilitator" },
  { value: "manager", label: "Manager" },
  { value: "admin", label: "Administrator" },
];

export default function People() {
  const { members, invitations, role, me, timezone, unconfirmed } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const failed = data && !data.ok ? data : undefined;
  const inviteRoles = role === "admin" ? roleOptions : roleOptions.filter((r) => r.value === "participant" || r.value === "facilitator");
  return (
    <>
      <h1>People and roles</h1>
      {data?.ok ? <Notice>{data.message}</Notice> : null}
      <ErrorSummary data={failed} labels={{ email: "Email", role: "Role", membershipId: "Person" }} />
      <section aria-labelledby="invite">
        <h2 id="invite">Invite someone</h2>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="invite" />
          <Field name="email" label="Email" type="email" data={failed} />
          <Select name="role" label="Role" options={inviteRoles} data={failed} defaultValue="facilitator" />
          <button type="submit">Send invitation</button>
        </Form>
      </section>
      <section aria-labelledby="open">
        <h2 id="open">Open invitations</h2>
        {invitations.length === 0 ? <p>None.</p> : null}
        <ul>
          {invitations.map((i) => (
            <li key={i.id}>
              {i.email} as {i.role}, until <When at={i.expiresAt} zone={timezone} />
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="members">
        <h2 id="members">Members</h2>
        <table>
          <caption className="visually-hidden">Members of the organisation and their roles</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.membershipId}>
                <td>{m.name}</td>
                <td>
                  {m.email || <span className="muted">no email (added as a walk-in)</span>}
                  {unconfirmed.includes(m.userId) ? <span className="status status-cancelled"> email not confirmed</span> : null}
                </td>
                <td>
                  {role === "admin" && m.userId !== me ? (
                    <Form method="post" className="row">
                      <input type="hidden" name="intent" value="role" />
                      <input type="hidden" name="membershipId" value={m.membershipId} />
                      <label className="visually-hidden" htmlFor={`role-${m.membershipId}`}>
                        Role of {m.name}
                      </label>
                      <select id={`role-${m.membershipId}`} name="role" defaultValue={m.role}>
                        {roleOptions.map((r) => (
                          <option key={r.value} value={r.value}>
                            {r.label}
                          </option>
                        ))}
                      </select>
                      <button type="submit" className="secondary">
                        Change<span className="visually-hidden"> role of {m.name}</span>
                      </button>
                    </Form>
                  ) : (
                    m.role
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
