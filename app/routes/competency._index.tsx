import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { openRecord } from "~/modules/competency/records/mutations.server";
import { getMatrix } from "~/modules/competency/matrix/queries.server";
import { listOpenFlags, listOverrides } from "~/modules/competency/assignment/queries.server";
import { ITEM_KIND_LABELS, ITEM_KINDS, MATRIX_STATUS_FILTERS, openRecordSchema, readMatrixFilter } from "~/modules/competency/schema";
import { CompetencyMatrixTable, OverrideList } from "~/ui/competency-matrix";
import { CompetencyLegend } from "~/ui/competency-status";
import { ErrorSummary, Select } from "~/ui/form";
import { CivilDate, SessionTime } from "~/ui/time";
import { attempt, formFailure, parseForm } from "~/web/http.server";

export const meta: MetaFunction = () => [{ title: "Competency matrix · Group Sessions" }];

const STATUS_FILTER_LABELS: Record<(typeof MATRIX_STATUS_FILTERS)[number], string> = {
  all: "Everyone",
  attention: "Needs attention (missing, expired, expiring, unverified)",
  missing: "Missing",
  in_progress: "In progress",
  demonstrated: "Demonstrated, awaiting verification",
  verified: "Verified",
  expiring: "Expiring within 60 days",
  expired: "Expired",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const url = new URL(request.url);
  const filter = readMatrixFilter(url);
  const now = new Date();
  const [matrix, flags, overrides] = await Promise.all([getMatrix(user, filter, now), listOpenFlags(user, now), listOverrides(user, 20)]);
  return { filter, matrix, flags, overrides, viewerZone: user.timezone, query: url.search };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const form = await parseForm(request, openRecordSchema);
  if (!form.ok) return formFailure(form);
  const result = await attempt(form.values, () => openRecord(user, form.data));
  if (!result.ok) return result.response;
  return redirect(`/competency/records/${result.value.id}`);
}

export default function CompetencyMatrix() {
  const { filter, matrix, flags, overrides, viewerZone, query } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <>
      <h1>Competency matrix</h1>
      <p className="row">
        <Link to="/competency/observations/new">Record an observation</Link>
        <Link to="/competency/items">Framework items</Link>
        <Link to="/competency/settings">Caseload and supervisors</Link>
        <Link to="/competency/supervision">Supervision log</Link>
        <a href={`/competency/matrix.csv${query}`} download>
          Download CSV (these filters)
        </a>
      </p>
      <ErrorSummary data={data} />
      <Form method="get" className="row" aria-label="Filter the matrix">
        <Select name="kind" label="Kind of item" defaultValue={filter.kind} options={[{ value: "", label: "All kinds" }, ...ITEM_KINDS.map((k) => ({ value: k, label: ITEM_KIND_LABELS[k] }))]} />
        <Select name="status" label="Show people with" defaultValue={filter.status} options={MATRIX_STATUS_FILTERS.map((s) => ({ value: s, label: STATUS_FILTER_LABELS[s] }))} />
        <Select name="person" label="Person" defaultValue={filter.person} options={[{ value: "", label: "Everyone" }, ...matrix.people.map((p) => ({ value: p.id, label: p.name }))]} />
        <div className="field">
          <button type="submit">Apply filters</button>
        </div>
      </Form>
      <p className="muted">
        Dates are in the organisation's zone ({matrix.zone.replace(/_/g, " ")}); today is {matrix.today}. A facilitator can be assigned to
        lead a group only with current verified records for everything its kind requires.
      </p>
      <CompetencyMatrixTable items={matrix.items} rows={matrix.rows} />
      <h2>Key</h2>
      <CompetencyLegend />
      <section aria-labelledby="flags">
        <h2 id="flags">Upcoming sessions flagged after an expiry</h2>
        {flags.length === 0 ? <p>None. No upcoming session is led by someone whose required record has expired.</p> : null}
        <ul>
          {flags.map((f) => (
            <li key={f.id}>
              <Link to={`/groups/${f.groupId}`}>{f.groupName}</Link>, <SessionTime start={f.startsAt} end={f.endsAt} zone={viewerZone} />:{" "}
              {f.facilitatorName}'s <Link to={`/competency/records/${f.recordId}`}>{f.itemName}</Link> expired on <CivilDate date={f.expiredOn} />.
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="overrides">
        <h2 id="overrides">Recent overrides</h2>
        <OverrideList overrides={overrides} zone={viewerZone} />
      </section>
    </>
  );
}
