import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { changeRole, createInvitation, resendInvitation, revokeInvitation, setMembershipActive } from "~/modules/auth/mutations.server";
import { canInvite, MANAGING_ROLES } from "~/modules/auth/policy";
import { unconfirmedMemberIds } from "~/modules/auth/queries.server";
import { invitationSchema, peopleActionSchema, roleChangeSchema } from "~/modules/auth/schema";
import { requireUser } from "~/modules/auth/session.server";
import { listMembers, listOpenInvitations } from "~/modules/orgs/queries.server";
import { ErrorSummary, Field, Notice, Select } from "~/ui/form";
import { When } from "~/ui/time";
import { attempt, formFailure, parseForm, searchText } from "~/web/http.server";
import { appUrl } from "~/config.server";

export const meta: MetaFunction = () => [{ title: "People and roles · Group Sessions" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const now = new Date();
  const q = searchText(request, "q", 120);
  return {
    role: user.role,
    me: user.id,
    timezone: user.timezone,
    q,
    members: (await listMembers(user, q)).map((m) => ({ ...m, canChangeAccess: m.userId !== user.id && canInvite(user.role, m.role) })),
    invitations: await listOpenInvitations(user, now),
    unconfirmed: await unconfirmedMemberIds(user.organizationId),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (intent === "deactivate" || intent === "reactivate" || intent === "resend" || intent === "revoke") {
    const form = await parseForm(request, peopleActionSchema, formData);
    if (!form.ok) return formFailure(form);
    const d = form.data;
    const result = await attempt(form.values, async () => {
      if (d.intent === "resend") return `A new invitation link was sent to ${(await resendInvitation(user, d.invitationId, { baseUrl: appUrl() })).email}; the old link no longer works.`;
      if (d.intent === "revoke") return `The invitation to ${(await revokeInvitation(user, d.invitationId)).email} is revoked; its link no longer works.`;
      const done = await setMembershipActive(user, { membershipId: d.membershipId, active: d.intent === "reactivate" });
      return d.intent === "deactivate"
        ? `${done.name} is deactivated: they cannot sign in here and their sessions have ended. Their history is kept.`
        : `${done.name} is active again and can sign in.`;
    });
    if (!result.ok) return result.response;
    return { ok: true as const, message: result.value };
  }
  if (intent === "role") {
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
  return {
    ok: true as const,
    message: result.value.resent
      ? `${form.data.email} already had an open invitation: it was sent again with a new link (the old one no longer works).`
      : `Invitation sent to ${form.data.email}.`,
  };
}

const roleOptions = [
  { value: "participant", label: "Participant" },
  { value: "facilitator", label: "Facilitator" },
  { value: "manager", label: "Manager" },
  { value: "admin", label: "Administrator" },
];

export default function People() {
  const { members, invitations, role, me, timezone, unconfirmed, q } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const failed = data && !data.ok ? data : undefined;
  const inviteRoles = role === "admin" ? roleOptions : roleOptions.filter((r) => r.value === "participant" || r.value === "facilitator");
  return (
    <>
      <h1>People and roles</h1>
      {data?.ok ? <Notice>{data.message}</Notice> : null}
      <ErrorSummary data={failed} labels={{ email: "Email", role: "Role", membershipId: "Person", invitationId: "Invitation" }} />
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
              {canInvite(role, i.role) ? (
                <span className="row">
                  <Form method="post">
                    <input type="hidden" name="intent" value="resend" />
                    <input type="hidden" name="invitationId" value={i.id} />
                    <button type="submit" className="secondary">
                      Resend<span className="visually-hidden"> the invitation to {i.email}</span>
                    </button>
                  </Form>
                  <Form method="post">
                    <input type="hidden" name="intent" value="revoke" />
                    <input type="hidden" name="invitationId" value={i.id} />
                    <button type="submit" className="danger">
                      Revoke<span className="visually-hidden"> the invitation to {i.email}</span>
                    </button>
                  </Form>
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="members">
        <h2 id="members">Members</h2>
        <Form method="get" className="row" role="search">
          <div className="field">
            <label htmlFor="q">Find a person by name or email</label>
            <input id="q" name="q" type="search" defaultValue={q} />
          </div>
          <button type="submit" className="secondary">
            Search
          </button>
        </Form>
        {q ? <p>{members.length === 0 ? `Nobody matches “${q}”.` : `${members.length} matching “${q}”.`}</p> : null}
        <div className="table-scroll">
        <table>
          <caption className="visually-hidden">Members of the organisation and their roles</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Access</th>
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
                <td>
                  {m.deactivatedAt ? <span className="status status-cancelled">Deactivated </span> : <span>Active </span>}
                  {m.canChangeAccess ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value={m.deactivatedAt ? "reactivate" : "deactivate"} />
                      <input type="hidden" name="membershipId" value={m.membershipId} />
                      <button type="submit" className={m.deactivatedAt ? "secondary" : "danger"}>
                        {m.deactivatedAt ? "Reactivate" : "Deactivate"}
                        <span className="visually-hidden"> {m.name}</span>
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      </section>
    </>
  );
}
