import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { AUDIT_ACTIONS } from "~/modules/audit/actions";
import { searchAudit } from "~/modules/audit/queries.server";
import { parseAuditFilters } from "~/modules/audit/schema";
import { requireUser } from "~/modules/auth/session.server";
import { Field, Select } from "~/ui/form";
import { When } from "~/ui/time";
import { pageTitle, useTexts } from "~/ui/i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "admin.audit.pageTitle") }];

/** The catalog key of an audit action's name ("competency.record.verify" → "competency__record__verify"). */
const actionKey = (code: string) => code.replace(/\./g, "__");

const ROLE_KEY: Record<string, string> = {
  participant: "admin.audit.role.participant",
  facilitator: "admin.audit.role.facilitator",
  manager: "admin.audit.role.manager",
  admin: "admin.audit.role.admin",
};

/** The organisation's audit trail for administrators: filters in the URL, 50 events a page, CSV. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: ["admin"] });
  const url = new URL(request.url);
  const filters = parseAuditFilters(url);
  const result = await searchAudit(user, filters);
  const query = (page: number) => {
    const params = new URLSearchParams();
    for (const key of ["person", "actor", "action", "from", "to"] as const) if (filters[key]) params.set(key, String(filters[key]));
    if (page > 1) params.set("page", String(page));
    return params.toString();
  };
  return {
    filters,
    actions: AUDIT_ACTIONS as readonly string[],
    // No event numbers: their order would place an anonymous act (dated to its hour) between
    // the named acts around it.
    events: result.rows.map(({ id: _id, ...event }) => event),
    previous: filters.page > 1 ? query(filters.page - 1) : null,
    next: result.more ? query(filters.page + 1) : null,
    csv: query(1),
    zone: user.timezone,
  };
}

export default function AuditTrail() {
  const { filters, actions, events, previous, next, csv, zone } = useLoaderData<typeof loader>();
  const { t } = useTexts();
  /** An action's name in the reader's language; in English (and for an action without a name yet) its code. */
  const actionName = (code: string) => t(`admin.audit.actionName.${actionKey(code)}`, { defaultValue: code });
  /** The kind of record an event is about, likewise (English: its code). */
  const subjectName = (code: string) => t(`admin.audit.subjectName.${code}`, { defaultValue: code });
  return (
    <>
      <h1>{t("admin.audit.title")}</h1>
      <p className="muted">
        {t("admin.audit.intro")}{" "}
        <a href={`/admin/audit.csv${csv ? `?${csv}` : ""}`} download>
          {t("admin.audit.download")}
        </a>
      </p>
      <Form method="get" className="card" aria-label={t("admin.audit.filterLabel")}>
        <Field name="person" label={t("admin.audit.person")} hint={t("admin.audit.nameHint")} defaultValue={filters.person} />
        <Field name="actor" label={t("admin.audit.actor")} hint={t("admin.audit.nameHint")} defaultValue={filters.actor} />
        <Select
          name="action"
          label={t("admin.audit.action")}
          defaultValue={filters.action}
          options={[{ value: "", label: t("admin.audit.anyAction") }, ...actions.map((a) => ({ value: a, label: actionName(a) }))]}
        />
        <Field name="from" label={t("admin.audit.from")} type="date" hint={t("admin.audit.fromHint")} defaultValue={filters.from} />
        <Field name="to" label={t("admin.audit.to")} type="date" defaultValue={filters.to} />
        <button type="submit">{t("admin.audit.show")}</button>
      </Form>
      {events.length === 0 ? <p>{t("admin.audit.none")}</p> : null}
      {events.length > 0 ? (
        <div className="table-scroll" role="region" aria-labelledby="audit-caption" tabIndex={0}>
          <table>
            <caption id="audit-caption">{t("admin.audit.caption", { page: String(filters.page) })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("admin.audit.when")}</th>
                <th scope="col">{t("admin.audit.by")}</th>
                <th scope="col">{t("admin.audit.action")}</th>
                <th scope="col">{t("admin.audit.about")}</th>
                <th scope="col">{t("admin.audit.record")}</th>
                <th scope="col">{t("admin.audit.reason")}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e, i) => (
                <tr key={i}>
                  <td>
                    <When at={e.at} zone={zone} />
                  </td>
                  <td>
                    {e.actor_name ?? t("admin.audit.system")}
                    {e.actor_role ? <span className="muted"> ({ROLE_KEY[e.actor_role] ? t(ROLE_KEY[e.actor_role]) : e.actor_role})</span> : null}
                  </td>
                  <td>{actionName(e.action)}</td>
                  <td>{e.person_name ?? "—"}</td>
                  <td>
                    {subjectName(e.subject_type)} <span className="muted">{e.subject_id.slice(0, 8)}</span>
                  </td>
                  <td>{e.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <nav aria-label={t("admin.audit.pages")} className="row">
        {previous !== null ? <Link to={`/admin/audit${previous ? `?${previous}` : ""}`}>{t("admin.audit.newer")}</Link> : null}
        {next !== null ? <Link to={`/admin/audit?${next}`}>{t("admin.audit.older")}</Link> : null}
      </nav>
    </>
  );
}
