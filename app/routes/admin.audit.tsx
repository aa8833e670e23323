import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { AUDIT_ACTIONS } from "~/modules/audit/actions";
import { ROLE_LABELS } from "~/modules/audit/disclosures";
import { searchAudit } from "~/modules/audit/queries.server";
import { parseAuditFilters } from "~/modules/audit/schema";
import { requireUser } from "~/modules/auth/session.server";
import { Field, Select } from "~/ui/form";
import { When } from "~/ui/time";

export const meta: MetaFunction = () => [{ title: "Audit trail · Group Sessions" }];

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
    events: result.rows,
    previous: filters.page > 1 ? query(filters.page - 1) : null,
    next: result.more ? query(filters.page + 1) : null,
    csv: query(1),
    zone: user.timezone,
  };
}

export default function AuditTrail() {
  const { filters, actions, events, previous, next, csv, zone } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Audit trail</h1>
      <p className="muted">
        Every sensitive read and every change in this organisation: who, when, what and about whom. Records cannot be changed or deleted.{" "}
        <a href={`/admin/audit.csv${csv ? `?${csv}` : ""}`} download>
          Download these events (CSV)
        </a>
      </p>
      <Form method="get" className="card" aria-label="Filter the audit trail">
        <Field name="person" label="About (person)" hint="Part of a name or email, or an id." defaultValue={filters.person} />
        <Field name="actor" label="By (who did it)" hint="Part of a name or email, or an id." defaultValue={filters.actor} />
        <Select name="action" label="Action" defaultValue={filters.action} options={[{ value: "", label: "Any action" }, ...actions.map((a) => ({ value: a, label: a }))]} />
        <Field name="from" label="From (date)" type="date" hint="Days run midnight to midnight in the organisation's time zone." defaultValue={filters.from} />
        <Field name="to" label="To (date, included)" type="date" defaultValue={filters.to} />
        <button type="submit">Show events</button>
      </Form>
      {events.length === 0 ? <p>No events match these filters.</p> : null}
      {events.length > 0 ? (
        <div className="table-scroll">
          <table>
            <caption>Events, newest first (page {filters.page})</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">By</th>
                <th scope="col">Action</th>
                <th scope="col">About</th>
                <th scope="col">Record</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id}>
                  <td>
                    <When at={e.at} zone={zone} />
                  </td>
                  <td>
                    {e.actor_name ?? "System"}
                    {e.actor_role ? <span className="muted"> ({ROLE_LABELS[e.actor_role] ?? e.actor_role})</span> : null}
                  </td>
                  <td>{e.action}</td>
                  <td>{e.person_name ?? "—"}</td>
                  <td>
                    {e.subject_type} <span className="muted">{e.subject_id.slice(0, 8)}</span>
                  </td>
                  <td>{e.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <nav aria-label="Pages" className="row">
        {previous !== null ? <Link to={`/admin/audit${previous ? `?${previous}` : ""}`}>Newer events</Link> : null}
        {next !== null ? <Link to={`/admin/audit?${next}`}>Older events</Link> : null}
      </nav>
    </>
  );
}
