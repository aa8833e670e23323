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
import { LOCALES, LOCALE_LABELS } from "~/i18n/locales";
import { pageTitle, useTexts } from "~/ui/i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "admin.people.pageTitle") }];

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
    const result = await attempt(form.values, async (): Promise<{ message: string; givenUp?: { name: string; groups: string[] } }> => {
      if (d.intent === "resend") return { message: `A new invitation link was sent to ${(await resendInvitation(user, d.invitationId, { baseUrl: appUrl() })).email}; the old link no longer works.` };
      if (d.intent === "revoke") return { message: `The invitation to ${(await revokeInvitation(user, d.invitationId)).email} is revoked; its link no longer works.` };
      const done = await setMembershipActive(user, { membershipId: d.membershipId, active: d.intent === "reactivate" }, new Date(), appUrl());
      return d.intent === "deactivate"
        ? {
            message: `${done.name} is deactivated: they cannot sign in here and their sessions have ended. Their history is kept.`,
            givenUp: done.placesGivenUp.length ? { name: done.name, groups: done.placesGivenUp.map((p) => p.groupName) } : undefined,
          }
        : { message: `${done.name} is active again and can sign in.` };
    });
    if (!result.ok) return result.response;
    return { ok: true as const, ...result.value };
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

const ROLE_OPTION = {
  participant: "admin.people.roleOption.participant",
  facilitator: "admin.people.roleOption.facilitator",
  manager: "admin.people.roleOption.manager",
  admin: "admin.people.roleOption.admin",
} as const;
/** A member's role as shown in the list (the role's code in English). */
const ROLE_WORD: Record<string, string> = {
  participant: "admin.people.role.participant",
  facilitator: "admin.people.role.facilitator",
  manager: "admin.people.role.manager",
  admin: "admin.people.role.admin",
};
const ROLES = ["participant", "facilitator", "manager", "admin"] as const;

export default function People() {
  const { members, invitations, role, me, timezone, unconfirmed, q } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const failed = data && !data.ok ? data : undefined;
  const { t, message, locale } = useTexts();
  const roleWord = (r: string) => (ROLE_WORD[r] ? t(ROLE_WORD[r]) : r);
  const roleOptions = ROLES.map((value) => ({ value, label: t(ROLE_OPTION[value]) }));
  const inviteRoles = role === "admin" ? roleOptions : roleOptions.filter((r) => r.value === "participant" || r.value === "facilitator");
  return (
    <>
      <h1>{t("admin.people.title")}</h1>
      {data?.ok ? (
        <Notice>
          {message(data.message)}
          {"givenUp" in data && data.givenUp ? (
            <>
              {" "}
              {t("admin.people.placesGivenUp", { count: data.givenUp.groups.length, n: String(data.givenUp.groups.length), groups: data.givenUp.groups.join(", "), name: data.givenUp.name })}
            </>
          ) : null}
        </Notice>
      ) : null}
      <ErrorSummary
        data={failed}
        labels={{ email: t("admin.people.email"), role: t("admin.people.roleLabel"), locale: t("admin.people.localeLabel"), membershipId: t("admin.people.person"), invitationId: t("admin.people.invitation") }}
      />
      <section aria-labelledby="invite">
        <h2 id="invite">{t("admin.people.inviteTitle")}</h2>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="invite" />
          <Field name="email" label={t("admin.people.email")} type="email" data={failed} />
          <Select name="role" label={t("admin.people.roleLabel")} options={inviteRoles} data={failed} defaultValue="facilitator" />
          <Select
            name="locale"
            label={t("admin.people.localeLabel")}
            hint={t("admin.people.localeHint")}
            options={LOCALES.map((value) => ({ value, label: LOCALE_LABELS[value] }))}
            data={failed}
            defaultValue={locale}
          />
          <button type="submit">{t("admin.people.send")}</button>
        </Form>
      </section>
      <section aria-labelledby="open">
        <h2 id="open">{t("admin.people.openTitle")}</h2>
        {invitations.length === 0 ? <p>{t("admin.people.none")}</p> : null}
        <ul>
          {invitations.map((i) => (
            <li key={i.id}>
              {t("admin.people.invitationLine", { email: i.email, role: roleWord(i.role) })}
              <When at={i.expiresAt} zone={timezone} />
              {canInvite(role, i.role) ? (
                <span className="row">
                  <Form method="post">
                    <input type="hidden" name="intent" value="resend" />
                    <input type="hidden" name="invitationId" value={i.id} />
                    <button type="submit" className="secondary">
                      {t("admin.people.resend")}
                      <span className="visually-hidden">{t("admin.people.theInvitationTo", { email: i.email })}</span>
                    </button>
                  </Form>
                  <Form method="post">
                    <input type="hidden" name="intent" value="revoke" />
                    <input type="hidden" name="invitationId" value={i.id} />
                    <button type="submit" className="danger">
                      {t("admin.people.revoke")}
                      <span className="visually-hidden">{t("admin.people.theInvitationTo", { email: i.email })}</span>
                    </button>
                  </Form>
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="members">
        <h2 id="members">{t("admin.people.membersTitle")}</h2>
        <Form method="get" className="row" role="search">
          <div className="field">
            <label htmlFor="q">{t("admin.people.find")}</label>
            <input id="q" name="q" type="search" defaultValue={q} />
          </div>
          <button type="submit" className="secondary">
            {t("admin.people.search")}
          </button>
        </Form>
        {q ? <p>{members.length === 0 ? t("admin.people.nobodyMatches", { q }) : t("admin.people.matching", { count: members.length, n: String(members.length), q })}</p> : null}
        <div className="table-scroll">
        <table>
          <caption className="visually-hidden">{t("admin.people.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("admin.people.name")}</th>
              <th scope="col">{t("admin.people.email")}</th>
              <th scope="col">{t("admin.people.roleLabel")}</th>
              <th scope="col">{t("admin.people.access")}</th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.membershipId}>
                <td>{m.name}</td>
                <td>
                  {m.email || <span className="muted">{t("admin.people.noEmail")}</span>}
                  {unconfirmed.includes(m.userId) ? <span className="status status-cancelled">{t("admin.people.unconfirmed")}</span> : null}
                </td>
                <td>
                  {role === "admin" && m.userId !== me ? (
                    <Form method="post" className="row">
                      <input type="hidden" name="intent" value="role" />
                      <input type="hidden" name="membershipId" value={m.membershipId} />
                      <label className="visually-hidden" htmlFor={`role-${m.membershipId}`}>
                        {t("admin.people.roleOf", { name: m.name })}
                      </label>
                      <select id={`role-${m.membershipId}`} name="role" defaultValue={m.role}>
                        {roleOptions.map((r) => (
                          <option key={r.value} value={r.value}>
                            {r.label}
                          </option>
                        ))}
                      </select>
                      <button type="submit" className="secondary">
                        {t("admin.people.change")}
                        <span className="visually-hidden">{t("admin.people.changeRoleOf", { name: m.name })}</span>
                      </button>
                    </Form>
                  ) : (
                    roleWord(m.role)
                  )}
                </td>
                <td>
                  {m.deactivatedAt ? <span className="status status-cancelled">{t("admin.people.deactivated")}</span> : <span>{t("admin.people.active")}</span>}
                  {m.canChangeAccess ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value={m.deactivatedAt ? "reactivate" : "deactivate"} />
                      <input type="hidden" name="membershipId" value={m.membershipId} />
                      <button type="submit" className={m.deactivatedAt ? "secondary" : "danger"}>
                        {t(m.deactivatedAt ? "admin.people.reactivate" : "admin.people.deactivate")}
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
