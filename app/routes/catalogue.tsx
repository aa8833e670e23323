import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/auth/session.server";
import { GROUP_KIND_LABELS, GROUP_KINDS } from "~/modules/groups/schema";
import { listCatalogue } from "~/modules/registration/queries.server";
import { catalogueFilterSchema } from "~/modules/registration/schema";
import { RegistrationStatus } from "~/ui/registration-status";
import { Select } from "~/ui/form";
import { SessionTime } from "~/ui/time";

export const meta: MetaFunction = () => [{ title: "Find a group · Group Sessions" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const filter = catalogueFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { groups, languages } = await listCatalogue(user, filter, new Date());
  return { groups, languages, filter, viewerZone: user.timezone, staff: user.role !== "participant" };
}

const DAYS = [["mon", "Monday"], ["tue", "Tuesday"], ["wed", "Wednesday"], ["thu", "Thursday"], ["fri", "Friday"], ["sat", "Saturday"], ["sun", "Sunday"]];

export default function Catalogue() {
  const { groups, languages, filter, viewerZone, staff } = useLoaderData<typeof loader>();
  const values = { values: Object.fromEntries(Object.entries(filter).map(([k, v]) => [k, String(v)])) };
  return (
    <>
      <h1>Find a group</h1>
      <p className="muted">Days and times are in your time zone, {viewerZone.replace(/_/g, " ")}.</p>
      <Form method="get" className="card" aria-label="Filter groups">
        <div className="grid">
          <Select name="kind" label="Kind" data={values} options={[{ value: "", label: "Any kind" }, ...GROUP_KINDS.map((k) => ({ value: k, label: GROUP_KIND_LABELS[k] }))]} />
          <Select name="day" label="Day" data={values} options={[{ value: "", label: "Any day" }, ...DAYS.map(([value, label]) => ({ value, label }))]} />
          <Select
            name="time"
            label="Time of day"
            data={values}
            options={[
              { value: "", label: "Any time" },
              { value: "morning", label: "Morning (before 12:00)" },
              { value: "afternoon", label: "Afternoon (12:00–17:00)" },
              { value: "evening", label: "Evening (from 17:00)" },
            ]}
          />
          <Select name="mode" label="Where" data={values} options={[{ value: "", label: "In person or online" }, { value: "in_person", label: "In person" }, { value: "online", label: "Online" }]} />
          <Select name="language" label="Language" data={values} options={[{ value: "", label: "Any language" }, ...languages.map((l) => ({ value: l, label: l }))]} />
        </div>
        <button type="submit">Show groups</button> <Link to="/catalogue">Clear filters</Link>
      </Form>
      <h2>{groups.length === 1 ? "1 group" : `${groups.length} groups`}</h2>
      {groups.length === 0 ? <p>No group matches these filters. Try another day or time, or clear the filters.</p> : null}
      <ul style={{ listStyle: "none", padding: 0 }}>
        {groups.map((g) => (
          <li key={g.id}>
            <article className="card" aria-labelledby={`g-${g.id}`}>
              <h3 id={`g-${g.id}`}>
                <Link to={`/groups/${g.id}`}>{g.name}</Link>
              </h3>
              <p className="muted">
                {GROUP_KIND_LABELS[g.kind]} · {g.programName} · {[g.location ? "In person" : null, g.onlineUrl ? "Online" : null].filter(Boolean).join(" and ")} · language {g.language}
              </p>
              <p>{g.description}</p>
              <p>
                <strong>{g.seats.label}</strong>
              </p>
              {g.nextSessions.length ? (
                <>
                  <p className="muted">Next sessions:</p>
                  <ul>
                    {g.nextSessions.map((s) => (
                      <li key={String(s.startsAt)}>
                        <SessionTime start={s.startsAt} end={s.endsAt} zone={viewerZone} />
                      </li>
                    ))}
                  </ul>
                </>
              ) : (
                <p>No sessions scheduled yet.</p>
              )}
              {g.myStatus && !staff ? <RegistrationStatus status={g.myStatus} /> : null}
              <p>
                {staff && g.staffAccess ? (
                  <>
                    <Link className="button secondary" to={`/groups/${g.id}/register`}>
                      Register someone<span className="visually-hidden"> for {g.name}</span>
                    </Link>{" "}
                    <Link to={`/groups/${g.id}/waitlist`}>
                      Seats and waitlist<span className="visually-hidden"> of {g.name}</span>
                    </Link>
                  </>
                ) : staff ? null : g.myStatus && ["enrolled", "waitlisted", "offered"].includes(g.myStatus) ? (
                  <Link to="/my/groups">See my groups</Link>
                ) : (
                  <Link className="button" to={`/groups/${g.id}/register`}>
                    {g.seats.seatsLeft > 0 ? "Join" : "Join the waitlist"}
                    <span className="visually-hidden"> for {g.name}</span>
                  </Link>
                )}
              </p>
            </article>
          </li>
        ))}
      </ul>
    </>
  );
}
