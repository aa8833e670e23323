import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/auth/session.server";
import { myGroupPlan } from "~/modules/records/curriculum/queries.server";
import { MaterialList } from "~/ui/curriculum";
import { pageTitle, useTexts } from "~/ui/i18n";
import { SessionTime } from "~/ui/time";
import { parseId } from "~/web/http.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  {
    title: data?.group.name
      ? pageTitle(matches, "participant.groupSessions.pageTitle", { group: data.group.name })
      : pageTitle(matches, "participant.groupSessions.pageTitleNoGroup"),
  },
];

/** A participant's group: each session of their cohort with the unit it covers and the materials meant for them. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: ["participant"] });
  return { ...(await myGroupPlan(user, parseId(params.groupId), new Date())), viewerZone: user.timezone };
}

export default function MyGroupSessions() {
  const { group, sessions, viewerZone } = useLoaderData<typeof loader>();
  const { t } = useTexts();
  const upcoming = sessions.filter((s) => s.upcoming);
  const past = sessions.filter((s) => !s.upcoming);
  const item = (s: (typeof sessions)[number]) => (
    <li key={s.id} id={`session-${s.id}`} className="card">
      <h3>
        <SessionTime start={s.startsAt} end={s.endsAt} zone={viewerZone} />
      </h3>
      {s.status === "cancelled" ? <p className="status status-cancelled">{t("participant.groupSessions.cancelled")}</p> : null}
      <p>{s.unitTitle ? t("participant.groupSessions.unit", { unit: s.unitTitle }) : <span className="muted">{t("participant.groupSessions.noUnit")}</span>}</p>
      {s.materials.length ? (
        <MaterialList
          materials={s.materials}
          showAudience={false}
          label={s.unitTitle ? t("participant.groupSessions.materialsFor", { unit: s.unitTitle }) : t("participant.groupSessions.materialsForSession")}
        />
      ) : null}
    </li>
  );
  return (
    <>
      <h1>{group.name}</h1>
      <p>
        <Link to="/my/groups">{t("participant.groupSessions.back")}</Link>
      </p>
      <h2>{t("participant.groupSessions.comingUp")}</h2>
      {upcoming.length ? <ul aria-label={t("participant.groupSessions.comingUpLabel")}>{upcoming.map(item)}</ul> : <p>{t("participant.groupSessions.noneComingUp")}</p>}
      {past.length ? (
        <>
          <h2>{t("participant.groupSessions.earlier")}</h2>
          <ul aria-label={t("participant.groupSessions.earlier")}>{past.map(item)}</ul>
        </>
      ) : null}
    </>
  );
}
