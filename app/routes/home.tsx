import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { canManage } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { GROUP_KIND_LABELS } from "~/modules/groups/schema";
import {
  facilitatorGroups,
  listPrograms,
  organizationCounts,
  participantUpcomingSessions,
} from "~/modules/groups/queries.server";
import { listMembers, listOpenInvitations } from "~/modules/orgs/queries.server";
import { todaysSessions } from "~/modules/attendance/alerts/queries.server";
import { TodaySessions } from "~/ui/attendance-today";
import { SessionTime, When } from "~/ui/time";
import { countPendingConsents } from "~/modules/consent/queries.server";
import { homeVoice } from "~/modules/voice/changes/queries.server";
import { VoiceHome } from "~/ui/voice-home";
import { hasWeeklyAvailability } from "~/modules/availability/queries.server";
import { FigureCards } from "~/ui/figures";
import { useTexts, pageTitle } from "~/ui/i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "my.home.pageTitle") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const now = new Date();
  type Upcoming = Awaited<ReturnType<typeof participantUpcomingSessions>>;
  type Leading = Awaited<ReturnType<typeof facilitatorGroups>>;
  type Programs = Awaited<ReturnType<typeof listPrograms>>;
  const base = {
    name: user.name,
    role: user.role,
    timezone: user.timezone,
    organizationSlug: user.organizationSlug,
    upcoming: [] as Upcoming,
    leading: [] as Leading,
    today: [] as Awaited<ReturnType<typeof todaysSessions>>,
    programs: [] as Programs,
    counts: null as Awaited<ReturnType<typeof organizationCounts>> | null,
    people: null as { members: number; invitations: number } | null,
    pendingConsents: 0,
    needsAvailability: false,
  };
  if (user.role === "participant") {
    const [voice, upcoming, pendingConsents, hasTimes] = await Promise.all([
      homeVoice(user, now),
      participantUpcomingSessions(user, now),
      countPendingConsents(user, now),
      hasWeeklyAvailability(user),
    ]);
    // A new participant (just signed up) is asked when they are usually free until they say.
    return { ...base, voice, upcoming, pendingConsents, needsAvailability: !hasTimes };
  }
  // Managers see every session of the organisation today; facilitators those of the groups they lead.
  const [voice, leading, today] = await Promise.all([homeVoice(user, now), facilitatorGroups(user, now), todaysSessions(user, now, { all: canManage(user.role) })]);
  base.today = today;
  if (!canManage(user.role)) return { ...base, voice, leading };
  const [programs, counts] = await Promise.all([listPrograms(user.organizationId), organizationCounts(user, now)]);
  const people =
    user.role === "admin"
      ? { members: (await listMembers(user)).length, invitations: (await listOpenInvitations(user, now)).length }
      : null;
  return { ...base, voice, leading, programs, counts: counts ?? null, people };
}

export default function Home() {
  const data = useLoaderData<typeof loader>();
  const { t, message } = useTexts();
  return (
    <>
      <h1>{t("my.home.hello", { name: data.name })}</h1>
      <p className="muted">{t("my.home.timesIn", { zone: data.timezone.replace(/_/g, " ") })}</p>
      {data.counts ? (
        // The manager's headline figures: today's count is the length of the list below, the others the organisation's counts.
        <FigureCards
          label={t("manage.home.figures.label")}
          figures={[
            { key: "sessions-today", label: t("manage.home.figures.sessionsToday"), value: data.today.length },
            { key: "groups", label: t("manage.home.figures.groups"), value: data.counts.groups },
            { key: "participants", label: t("manage.home.figures.participants"), value: data.counts.participants },
            { key: "upcoming-sessions", label: t("manage.home.figures.upcomingSessions"), value: data.counts.upcomingSessions },
          ]}
        />
      ) : null}
      {data.needsAvailability ? (
        <section aria-labelledby="availability-prompt" className="notice">
          <h2 id="availability-prompt">{t("my.home.availabilityTitle")}</h2>
          <p>{t("my.home.availabilityText")}</p>
          <p>
            <Link to="/availability">{t("my.home.availabilityLink")}</Link>
          </p>
        </section>
      ) : null}
      {data.pendingConsents > 0 ? (
        <section aria-labelledby="consents-pending" className="notice">
          <h2 id="consents-pending">{t("my.home.consentsTitle")}</h2>
          <p>{t("my.home.consentsText", { count: data.pendingConsents })}</p>
          <p>
            <Link to="/my/consents">{t("my.home.consentsLink")}</Link>
          </p>
        </section>
      ) : null}
      {data.role === "participant" ? (
        <section aria-labelledby="upcoming">
          <h2 id="upcoming">{t("my.home.upcoming")}</h2>
          {data.upcoming.length === 0 ? (
            <p>
              {t("my.home.noUpcomingBefore")}
              <Link to="/catalogue">{t("my.home.findGroup")}</Link>
              {t("my.home.orSee")}
              <Link to="/my/groups">{t("my.home.myGroups")}</Link>.
            </p>
          ) : (
            <ul className="session-list">
              {data.upcoming.map((s) => (
                <li key={s.id} className="card">
                  <strong>
                    <Link to={`/groups/${s.groupId}`}>{s.groupName}</Link>
                  </strong>
                  <br />
                  <SessionTime start={s.startsAt} end={s.endsAt} zone={data.timezone} />
                  {s.status === "cancelled" ? <span className="status status-cancelled">{t("my.home.cancelled")}</span> : null}
                  <br />
                  <span className="muted">{s.location || (s.onlineUrl ? t("my.home.online") : "")}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
      {data.role !== "participant" ? (
        <TodaySessions sessions={data.today} zone={data.timezone} heading={canManage(data.role) ? t("manage.home.todayOrganisation") : t("manage.home.today")} />
      ) : null}
      {data.role === "participant" ? (
        <p>
          <Link to="/checkin">{t("my.home.checkIn")}</Link> · <Link to="/my/attendance">{t("my.home.myAttendance")}</Link>
        </p>
      ) : null}
      <VoiceHome voice={data.voice} zone={data.timezone} participant={data.role === "participant"} />
      {data.role !== "participant" ? (
        <section aria-labelledby="leading">
          <h2 id="leading">{t("manage.home.leading")}</h2>
          {data.leading.length === 0 ? <p>{t("manage.home.notLeading")}</p> : null}
          <ul>
            {data.leading.map((g) => (
              <li key={g.id}>
                <Link to={`/groups/${g.id}`}>{g.name}</Link> {t("manage.home.leadingLine", { kind: message(GROUP_KIND_LABELS[g.kind]), enrolled: g.enrolled })}{" "}
                {g.nextSession ? <When at={g.nextSession} zone={data.timezone} /> : t("manage.home.noneScheduled")}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {data.counts ? (
        <section aria-labelledby="org">
          <h2 id="org">{t("manage.home.programs")}</h2>
          <p className="muted">{t("manage.home.programCount", { count: data.counts.programs })}</p>
          <ul>
            {data.programs.map((p) => (
              <li key={p.id}>
                <Link to={`/programs/${p.id}`}>{p.name}</Link> {t("manage.home.groupCount", { count: p.groupCount })}
              </li>
            ))}
          </ul>
          <Link className="button" to="/programs/new">
            {t("manage.home.newProgram")}
          </Link>
        </section>
      ) : null}
      {data.people ? (
        <section aria-labelledby="people">
          <h2 id="people">{t("manage.home.people")}</h2>
          <p>
            {t("manage.home.peopleCounts", { members: data.people.members, invitations: data.people.invitations })} <Link to="/admin/people">{t("manage.home.managePeople")}</Link> ·{" "}
            <Link to="/admin/organization">{t("manage.home.organisation")}</Link>
          </p>
        </section>
      ) : null}
    </>
  );
}
