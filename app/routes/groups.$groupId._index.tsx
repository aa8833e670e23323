import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { withDatabase } from "~/db/client.server";
import { recordRosterViewed } from "~/modules/audit/mutations.server";
import { canManage } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { myCompletionInGroup } from "~/modules/completion/queries.server";
import { progressText } from "~/ui/completion-texts";
import { unitTitlesForGroupPage } from "~/modules/records/curriculum/queries.server";
import { canMakeGroupCalendarLink, canViewRoster, groupPageLinks } from "~/modules/groups/policy";
import { getGroup, listGroupSessions, listRoster, mayJoinOnline } from "~/modules/groups/queries.server";
import { GROUP_KIND_LABELS } from "~/modules/groups/schema";
import { SessionTime } from "~/ui/time";
import { listChanges } from "~/modules/voice/changes/queries.server";
import { groupCohorts } from "~/modules/scheduling/queries.server";
import { publicGroupPath } from "~/modules/registration/queries.server";
import { VoiceGroupSection } from "~/ui/voice-group";
import { parseId } from "~/web/http.server";
import { useTexts, pageTitle } from "~/ui/i18n";
import { languageName } from "~/ui/language-name";
import { confirmRecordedView } from "~/web/recorded-view.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? pageTitle(matches, "manage.group.pageTitle", { name: data.group.name }) : pageTitle(matches, "manage.group.pageTitleNone") },
];

const LINK_LABEL: Record<string, string> = {
  rules: "manage.group.links.rules",
  waitlist: "manage.group.links.waitlist",
  register: "manage.group.links.register",
  attendance: "manage.group.links.attendance",
  rounds: "manage.group.links.rounds",
  completion: "manage.group.links.completion",
  curriculum: "manage.group.links.curriculum",
  edit: "manage.group.links.edit",
  series: "manage.group.links.series",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request).catch(async (signIn: unknown) => {
    // Signed out: a group in its organisation's public catalogue opens its public page; anything
    // else (an unknown id, a malformed one) gets the same answer as before, sign in. Someone whose
    // session just ended (the answer says expired=1 and clears the cookie) signs in again instead.
    if (signIn instanceof Response && !signIn.headers.get("location")?.includes("expired=1")) {
      const publicPath = await withDatabase(() => publicGroupPath(params.groupId ?? ""));
      if (publicPath) throw redirect(publicPath);
    }
    throw signIn;
  });
  confirmRecordedView(request, user);
  const group = await getGroup(user, parseId(params.groupId));
  const rosterVisible = canViewRoster(user, group);
  const now = Date.now();
  // The page's parts are independent reads, sent together; the roster's view is audited before
  // the page is returned.
  const [allSessions, joinOnline, roster, cohorts, changes, completion, units] = await Promise.all([
    listGroupSessions(user, group.id),
    mayJoinOnline(user, group.id),
    // Names are acknowledged at intake; email only with the person's facilitator_contact consent.
    rosterVisible
      ? listRoster(user, group.id, new Date(now)).then(async (rows) => {
          await recordRosterViewed(user, group.id, rows.map((r) => r.userId), "group");
          return rows;
        })
      : null,
    groupCohorts(user, group.id),
    listChanges(user, { group, limit: 5 }),
    myCompletionInGroup(user, group.id, new Date(now)),
    unitTitlesForGroupPage(user, group),
  ]);
  return {
    // The meeting link only for the group's enrolled members and staff.
    group: joinOnline ? group : { ...group, onlineUrl: "" },
    viewerZone: user.timezone,
    canManage: canManage(user.role),
    // Only pages this viewer may open (the same policies those pages check).
    links: groupPageLinks(user, group),
    canMakeCalendarLink: canMakeGroupCalendarLink(user, group),
    roster,
    // Cohorts from a published round: each session names its cohort; who is in which, with the roster.
    cohortOfSeries: cohorts.bySeries,
    cohortsOfPerson: roster ? cohorts.byUser : {},
    upcoming: allSessions.filter((s) => s.endsAt.getTime() >= now),
    past: allSessions.filter((s) => s.endsAt.getTime() < now).slice(-10).reverse(),
    changes,
    // A participant's own progress toward completion (null for staff, or with no criteria set).
    // (the English line, and the figures the page words in the reader's language)
    myProgress: completion?.summary ?? null,
    myProgressFigures: completion?.progress ?? null,
    // Each session's curriculum unit, for the group's staff and its enrolled participants.
    units,
  };
}

function SessionRow({ s, zone, manage, cohort, unit }: { s: { id: string; startsAt: string; endsAt: string; status: string; cancelReason: string; locationOverride: string; note: string }; zone: string; manage: boolean; cohort?: string; unit?: string }) {
  const { t } = useTexts();
  return (
    <li>
      <SessionTime start={s.startsAt} end={s.endsAt} zone={zone} />{" "}
      {cohort ? <span className="badge">{cohort}</span> : null}{" "}
      {s.status !== "scheduled" ? <span className={`status status-${s.status}`}>{s.status === "cancelled" ? t("manage.group.session.cancelled") : t("manage.group.session.held")}</span> : null}
      {s.status === "cancelled" && s.cancelReason ? <span className="muted"> ({s.cancelReason})</span> : null}
      {unit ? <span>{t("manage.group.session.unit", { unit })}</span> : null}
      {s.locationOverride ? <span>{t("manage.group.session.at", { place: s.locationOverride })}</span> : null}
      {s.note ? <span className="muted"> · {s.note}</span> : null}
      {manage && s.status === "scheduled" ? (
        <>
          {" "}
          · <Link to={`/sessions/${s.id}`}>{t("manage.group.session.change")}<span className="visually-hidden">{t("manage.group.session.thisSession")}</span></Link>
        </>
      ) : null}
    </li>
  );
}

export default function GroupPage() {
  const { group, viewerZone, roster, upcoming, past, canManage: manage, changes, links, canMakeCalendarLink, cohortOfSeries, cohortsOfPerson, myProgressFigures, units } = useLoaderData<typeof loader>();
  const cohortOf = (seriesId: string | null) => (seriesId ? (cohortOfSeries as Record<string, string>)[seriesId] : undefined);
  const hasCohorts = Object.keys(cohortOfSeries).length > 0;
  const staffLinks = links.filter((l) => l.key !== "rules");
  const { t, message, locale } = useTexts();
  return (
    <>
      <h1>{group.name}</h1>
      <p className="muted">
        {t("manage.group.about", { kind: message(GROUP_KIND_LABELS[group.kind]), program: group.programName, seats: group.capacity, language: languageName(group.language, locale) })}
      </p>
      <p>{group.description}</p>
      <p>
        {group.location ? <>{t("manage.group.where", { location: group.location })} </> : null}
        {group.onlineUrl ? (
          <>
            {t("manage.group.online")} <a href={group.onlineUrl}>{group.onlineUrl}</a>
          </>
        ) : null}
      </p>
      <p>{t("manage.group.facilitators", { names: group.facilitators.map((f) => f.name).join(", ") || t("manage.group.notAssigned") })}</p>
      {units.participantPage ? (
        <p>
          <Link to={`/my/groups/${group.id}`}>{t("manage.group.materials")}</Link>
        </p>
      ) : null}
      {myProgressFigures ? (
        <p>
          <strong>{t("manage.group.progress")}</strong> {progressText(t, myProgressFigures)}.
        </p>
      ) : null}
      {staffLinks.length ? (
        <nav aria-labelledby="group-staff-links">
          <h2 id="group-staff-links">{t("manage.group.run")}</h2>
          <ul>
            {links.map((l) => (
              <li key={l.key}>
                <Link to={l.href}>{LINK_LABEL[l.key] ? t(LINK_LABEL[l.key]) : l.label}</Link>
              </li>
            ))}
          </ul>
          {canMakeCalendarLink ? (
            <Form method="post" action="/profile">
              <input type="hidden" name="intent" value="feed-create" />
              <input type="hidden" name="groupId" value={group.id} />
              <button type="submit" className="secondary">
                {t("manage.group.calendarLink")}
              </button>
            </Form>
          ) : null}
        </nav>
      ) : null}
      <h2>{t("manage.group.schedule")}</h2>
      <p className="muted">{t("manage.group.zones", { viewer: viewerZone.replace(/_/g, " "), zone: group.timezone.replace(/_/g, " ") })}</p>
      {upcoming.length === 0 ? <p>{t("manage.group.noUpcoming")}</p> : null}
      <ul>
        {upcoming.map((s) => (
          <SessionRow key={s.id} s={s} zone={viewerZone} manage={manage} cohort={cohortOf(s.seriesId)} unit={units.titles[s.id]} />
        ))}
      </ul>
      {past.length ? (
        <details>
          <summary>{t("manage.group.past")}</summary>
          <ul>
            {past.map((s) => (
              <SessionRow key={s.id} s={s} zone={viewerZone} manage={false} cohort={cohortOf(s.seriesId)} unit={units.titles[s.id]} />
            ))}
          </ul>
        </details>
      ) : null}
      <VoiceGroupSection groupId={group.id} changes={changes} zone={viewerZone} />
      {roster ? (
        <section aria-labelledby="roster">
          <h2 id="roster">{t("manage.group.roster.title", { count: roster.length })}</h2>
          <p className="muted">{t("manage.group.roster.confidential")}</p>
          {/* Scrolls inside its box on a phone (names, addresses and zones are wider than 390 px). */}
          <div className="table-scroll" role="region" aria-labelledby="roster" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("manage.group.roster.name")}</th>
                  <th scope="col">{t("manage.group.roster.email")}</th>
                  <th scope="col">{t("manage.group.roster.zone")}</th>
                  {hasCohorts ? <th scope="col">{t("manage.group.roster.cohort")}</th> : null}
                </tr>
              </thead>
              <tbody>
                {roster.map((r) => (
                  <tr key={r.userId}>
                    <td>{r.name}</td>
                    <td>{r.contactShared ? r.email || <span className="muted">{t("manage.group.roster.noEmail")}</span> : <span className="muted">{t("manage.group.roster.notShared")}</span>}</td>
                    <td>{r.timezone.replace(/_/g, " ")}</td>
                    {hasCohorts ? <td>{(cohortsOfPerson as Record<string, string[]>)[r.userId]?.join("; ") ?? <span className="muted">{t("manage.group.roster.none")}</span>}</td> : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </>
  );
}
