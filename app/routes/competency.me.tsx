import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { openRecord } from "~/modules/competency/records/mutations.server";
import { getMyCompetency } from "~/modules/competency/records/queries.server";
import { GROUP_KIND_LABELS, GROUP_KINDS } from "~/modules/groups/schema";
import { CompetencyBadge, type CompetencyCellState } from "~/ui/competency-status";
import { ErrorSummary } from "~/ui/form";
import { attempt, formFailure, parseForm } from "~/web/http.server";

export const meta: MetaFunction = () => [{ title: "My competencies · Group Sessions" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  return getMyCompetency(user, new Date());
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const form = await parseForm(request, z.object({ itemId: z.string().uuid("Choose an item.") }));
  if (!form.ok) return formFailure(form);
  const result = await attempt(form.values, () => openRecord(user, { userId: user.id, itemId: form.data.itemId }));
  if (!result.ok) return result.response;
  return redirect(`/competency/records/${result.value.id}`);
}

type Entry = { itemId: string; name: string; standard: string; recordId: string | null; state: CompetencyCellState; label: string };

function ItemLine({ entry }: { entry: Entry }) {
  return (
    <li style={{ margin: ".4rem 0" }}>
      {entry.recordId ? <Link to={`/competency/records/${entry.recordId}`}>{entry.name}</Link> : entry.name}
      {entry.standard ? <span className="muted"> ({entry.standard})</span> : null} <CompetencyBadge state={entry.state} label={entry.label} />
      {entry.recordId ? null : (
        <Form method="post" className="inline-form">
          <input type="hidden" name="itemId" value={entry.itemId} />{" "}
          <button type="submit" className="secondary" style={{ minHeight: "32px", padding: ".1rem .5rem" }}>
            Start<span className="visually-hidden"> a record for {entry.name}</span>
          </button>
        </Form>
      )}
    </li>
  );
}

const kindLabel = (k: string) => ((GROUP_KINDS as readonly string[]).includes(k) ? GROUP_KIND_LABELS[k as keyof typeof GROUP_KIND_LABELS] : k);

export default function MyCompetency() {
  const data = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  return (
    <>
      <h1>My competencies</h1>
      <ErrorSummary data={failed} />
      <p className="muted">
        Supervisor: {data.supervisors.length ? data.supervisors.join(", ") : "none named yet"}. Dates are in the organisation's zone; today is{" "}
        {data.today}.
      </p>
      <section aria-labelledby="expiring">
        <h2 id="expiring">Expiring within 60 days</h2>
        {data.expiring.length === 0 ? <p>Nothing is about to expire.</p> : <ul>{data.expiring.map((e) => <ItemLine key={e.itemId} entry={e} />)}</ul>}
      </section>
      <section aria-labelledby="missing">
        <h2 id="missing">Missing for the groups I lead</h2>
        {data.leading.length === 0 ? <p>You do not lead a group yet.</p> : null}
        {data.leading.map((g) => (
          <div key={g.id}>
            <h3>
              <Link to={`/groups/${g.id}`}>{g.name}</Link> <span className="muted">({kindLabel(g.kind)})</span>
            </h3>
            {g.missing.length === 0 ? <p>You hold everything this group needs.</p> : <ul>{g.missing.map((m) => <ItemLine key={m.itemId} entry={m} />)}</ul>}
          </div>
        ))}
      </section>
      {data.proposed.length ? (
        <section aria-labelledby="proposed">
          <h2 id="proposed">Missing for groups you were proposed for</h2>
          {data.proposed.map((p) => (
            <div key={`${p.groupKind}-${p.groupName}`}>
              <h3>
                {p.groupName} <span className="muted">({kindLabel(p.groupKind)})</span>
              </h3>
              <ul>{p.missing.map((m) => <ItemLine key={m.itemId} entry={m} />)}</ul>
            </div>
          ))}
        </section>
      ) : null}
      {data.roleGaps.length ? (
        <section aria-labelledby="role">
          <h2 id="role">Required of everyone in your role</h2>
          <ul>{data.roleGaps.map((m) => <ItemLine key={m.itemId} entry={m} />)}</ul>
        </section>
      ) : null}
      <section aria-labelledby="held">
        <h2 id="held">What I hold</h2>
        {data.held.length === 0 ? <p>No current records yet.</p> : <ul>{data.held.map((e) => <ItemLine key={e.itemId} entry={e} />)}</ul>}
        {data.inProgress.length ? (
          <>
            <h3>In progress</h3>
            <ul>{data.inProgress.map((e) => <ItemLine key={e.itemId} entry={e} />)}</ul>
          </>
        ) : null}
      </section>
      {data.supervisees.length ? (
        <section aria-labelledby="supervise">
          <h2 id="supervise">People I supervise</h2>
          <ul>
            {data.supervisees.map((p) => (
              <li key={p.id}>
                {p.name}: <Link to={`/competency/observations/new?facilitatorId=${p.id}`}>record an observation<span className="visually-hidden"> of {p.name}</span></Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <p>
        <Link to="/competency/supervision">Supervision log</Link>: your supervision and mentoring sessions
        {data.supervisees.length ? ", and those of the people you supervise" : ""}.
      </p>
    </>
  );
}
