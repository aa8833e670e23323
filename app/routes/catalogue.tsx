import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/auth/session.server";
import { GROUP_KIND_LABELS } from "~/modules/groups/schema";
import { listCatalogue } from "~/modules/registration/queries.server";
import { readCatalogueFilter } from "~/modules/registration/catalogue";
import { CatalogueFilters } from "~/ui/catalogue-filters";
import { RegistrationStatus } from "~/ui/registration-status";
import { SessionTime } from "~/ui/time";

export const meta: MetaFunction = () => [{ title: "Find a group · Group Sessions" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  // Junk in a shared or hand-edited address is ignored and named, never a failure.
  const read = readCatalogueFilter(new URL(request.url).searchParams);
  const { groups, languages, programs, filter, unknownProgram } = await listCatalogue(user, read.filter, new Date());
  const ignored = unknownProgram ? [...read.ignored, "We ignored the program: it is not one of this organisation's programs."] : read.ignored;
  return { groups, languages, programs, filter, ignored, viewerZone: user.timezone, staff: user.role !== "participant" };
}

export default function Catalogue() {
  const { groups, languages, programs, filter, ignored, viewerZone, staff } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Find a group</h1>
      <p className="muted">Days and times are in your time zone, {viewerZone.replace(/_/g, " ")}.</p>
      <CatalogueFilters filter={filter} programs={programs} languages={languages} ignored={ignored} clearTo="/catalogue" />
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
                {GROUP_KIND_LABELS[g.kind]} · {g.programName} · {[g.location ? "In person" : null, g.online ? "Online" : null].filter(Boolean).join(" and ")} · language {g.language}
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
