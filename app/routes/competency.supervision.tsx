import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { supervisionEntrySchema, supervisionFilterSchema } from "~/modules/competency/schema";
import { addSupervisionEntry } from "~/modules/competency/supervision/mutations.server";
import { getSupervisionLog } from "~/modules/competency/supervision/queries.server";
import { SupervisionEntries, SupervisionTotals } from "~/ui/competency-supervision";
import { ErrorSummary, Field, Notice, Select, TextArea } from "~/ui/form";
import { attempt, formFailure, parseForm } from "~/web/http.server";

export const meta: MetaFunction = () => [{ title: "Supervision log · Group Sessions" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const url = new URL(request.url);
  const filter = supervisionFilterSchema.parse({ person: url.searchParams.get("person") ?? "" });
  return { log: await getSupervisionLog(user, filter, new Date()), me: user.id };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const form = await parseForm(request, supervisionEntrySchema);
  if (!form.ok) return formFailure(form);
  const result = await attempt(form.values, () => addSupervisionEntry(user, form.data, new Date()));
  if (!result.ok) return result.response;
  return { ok: true as const, message: "Supervision entry saved." };
}

const labels = { heldOn: "Date", peerWorkerId: "Peer worker", supervisorId: "Supervisor", minutes: "Minutes", topics: "Topics discussed", followUps: "Follow-ups" };

export default function SupervisionLog() {
  const { log, me } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const failed = data && !data.ok ? data : undefined;
  return (
    <>
      <h1>Supervision log</h1>
      <p>
        Supervision and mentoring of peer workers (PA-CSE 2.06). Dates are in the organisation's zone ({log.zone.replace(/_/g, " ")}); today
        is {log.today}.
      </p>
      {data?.ok ? <Notice>{data.message}</Notice> : null}
      <ErrorSummary data={failed} labels={labels} />
      {log.peerWorkers.length > 0 ? (
        <section aria-labelledby="record">
          <h2 id="record">Record a session</h2>
          <Form method="post" noValidate key={data?.ok ? "saved" : "form"}>
            <Field name="heldOn" label="Date" type="date" max={log.today} data={failed} defaultValue={log.today} />
            <Select name="peerWorkerId" label="Peer worker" data={failed} options={[{ value: "", label: "Choose…" }, ...log.peerWorkers.map((p) => ({ value: p.id, label: p.name }))]} />
            <Select name="supervisorId" label="Supervisor" data={failed} defaultValue={log.supervisors.some((s) => s.id === me) ? me : ""} options={log.supervisors.map((s) => ({ value: s.id, label: s.name }))} />
            <Field name="minutes" label="Minutes" type="number" inputMode="numeric" min={1} max={600} data={failed} />
            <TextArea name="topics" label="Topics discussed" data={failed} rows={3} />
            <TextArea name="followUps" label="Follow-ups (optional)" hint="What each of you will do before the next session." data={failed} rows={2} />
            <div className="field">
              <label>
                <input type="checkbox" name="mentoring" defaultChecked={failed?.values?.mentoring === "on"} /> A mentoring session (peer-to-peer support), not formal supervision
              </label>
            </div>
            <button type="submit">Save entry</button>
          </Form>
        </section>
      ) : (
        <p className="muted">You record supervision for the peer workers you supervise; you supervise nobody at the moment.</p>
      )}
      <section aria-labelledby="totals">
        <h2 id="totals">The last 12 months</h2>
        <SupervisionTotals totals={log.totals} since={log.since} />
      </section>
      <section aria-labelledby="entries">
        <h2 id="entries">Entries</h2>
        <Form method="get" className="row" aria-label="Filter the log">
          <Select name="person" label="Show entries for" defaultValue={log.person} options={[{ value: "", label: "Everyone I may see" }, ...log.people.map((p) => ({ value: p.id, label: p.name }))]} />
          <div className="field">
            <button type="submit" className="secondary">Show</button>
          </div>
        </Form>
        <SupervisionEntries entries={log.entries} />
      </section>
      <p>
        <Link to="/competency/me">My competencies</Link>
      </p>
    </>
  );
}
