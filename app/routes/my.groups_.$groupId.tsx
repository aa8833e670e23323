import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/auth/session.server";
import { myGroupPlan } from "~/modules/records/curriculum/queries.server";
import { MaterialList } from "~/ui/curriculum";
import { SessionTime } from "~/ui/time";
import { parseId } from "~/web/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.group.name ?? "Group"}: sessions · Group Sessions` }];

/** A participant's group: each session of their cohort with the unit it covers and the materials meant for them. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: ["participant"] });
  return { ...(await myGroupPlan(user, parseId(params.groupId), new Date())), viewerZone: user.timezone };
}

export default function MyGroupSessions() {
  const { group, sessions, viewerZone } = useLoaderData<typeof loader>();
  const upcoming = sessions.filter((s) => s.upcoming);
  const past = sessions.filter((s) => !s.upcoming);
  const item = (s: (typeof sessions)[number]) => (
    <li key={s.id} id={`session-${s.id}`} className="card">
      <h3>
        <SessionTime start={s.startsAt} end={s.endsAt} zone={viewerZone} />
      </h3>
      {s.status === "cancelled" ? <p className="status status-cancelled">Cancelled</p> : null}
      <p>{s.unitTitle ? <>Unit: {s.unitTitle}</> : <span className="muted">No unit set for this session.</span>}</p>
      {s.materials.length ? <MaterialList materials={s.materials} showAudience={false} label={`Materials for ${s.unitTitle ?? "this session"}`} /> : null}
    </li>
  );
  return (
    <>
      <h1>{group.name}</h1>
      <p>
        <Link to="/my/groups">Back to my groups</Link>
      </p>
      <h2>Coming up</h2>
      {upcoming.length ? <ul aria-label="Sessions coming up">{upcoming.map(item)}</ul> : <p>No sessions coming up.</p>}
      {past.length ? (
        <>
          <h2>Earlier sessions</h2>
          <ul aria-label="Earlier sessions">{past.map(item)}</ul>
        </>
      ) : null}
    </>
  );
}
