import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/auth/session.server";
import { GROUP_KIND_LABELS } from "~/modules/groups/schema";
import { listCatalogue } from "~/modules/registration/queries.server";
import { readCatalogueFilter } from "~/modules/registration/catalogue";
import { CatalogueFilters } from "~/ui/catalogue-filters";
import { RegistrationStatus } from "~/ui/registration-status";
import { SessionTime } from "~/ui/time";
import { useTexts, pageTitle } from "~/ui/i18n";
import { describedIn } from "~/modules/translations/queries.server";
import { localeOf } from "~/i18n/locales";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "public.catalogue.pageTitle") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  // Junk in a shared or hand-edited address is ignored and named, never a failure.
  const read = readCatalogueFilter(new URL(request.url).searchParams);
  const { groups, languages, programs, filter, unknownProgram } = await listCatalogue(user, read.filter, new Date());
  const ignored = unknownProgram ? [...read.ignored, "We ignored the program: it is not one of this organisation's programs."] : read.ignored;
  const described = await describedIn(user.organizationId, localeOf(user.locale), groups);
  return { groups: described, languages, programs, filter, ignored, viewerZone: user.timezone, staff: user.role !== "participant" };
}

export default function Catalogue() {
  const { groups, languages, programs, filter, ignored, viewerZone, staff } = useLoaderData<typeof loader>();
  const { t, message } = useTexts();
  return (
    <>
      <h1>{t("public.catalogue.title")}</h1>
      <p className="muted">{t("public.inYourZone", { zone: viewerZone.replace(/_/g, " ") })}</p>
      <CatalogueFilters filter={filter} programs={programs} languages={languages} ignored={ignored} clearTo="/catalogue" />
      <h2>{t("public.groupCount", { count: groups.length })}</h2>
      {groups.length === 0 ? <p>{t("public.noMatch")}</p> : null}
      <ul style={{ listStyle: "none", padding: 0 }}>
        {groups.map((g) => (
          <li key={g.id}>
            <article className="card" aria-labelledby={`g-${g.id}`}>
              <h3 id={`g-${g.id}`}>
                <Link to={`/groups/${g.id}`}>{g.name}</Link>
              </h3>
              <p className="muted">
                {message(GROUP_KIND_LABELS[g.kind])} · {g.programName} ·{" "}
                {g.location && g.online ? t("public.catalogue.inPersonAndOnline") : g.location ? t("public.catalogue.inPerson") : g.online ? t("public.online") : ""} ·{" "}
                {t("public.language", { language: g.language })}
              </p>
              <p>{g.description}</p>
              <p>
                <strong>{message(g.seats.label)}</strong>
              </p>
              {g.nextSessions.length ? (
                <>
                  <p className="muted">{t("public.catalogue.nextSessions")}</p>
                  <ul>
                    {g.nextSessions.map((s) => (
                      <li key={String(s.startsAt)}>
                        <SessionTime start={s.startsAt} end={s.endsAt} zone={viewerZone} />
                      </li>
                    ))}
                  </ul>
                </>
              ) : (
                <p>{t("public.noSessions")}</p>
              )}
              {g.myStatus && !staff ? <RegistrationStatus status={g.myStatus} /> : null}
              <p>
                {staff && g.staffAccess ? (
                  <>
                    <Link className="button secondary" to={`/groups/${g.id}/register`}>
                      {t("public.catalogue.registerSomeone")}
                      <span className="visually-hidden">{t("public.forGroup", { group: g.name })}</span>
                    </Link>{" "}
                    <Link to={`/groups/${g.id}/waitlist`}>
                      {t("public.catalogue.seatsAndWaitlist")}
                      <span className="visually-hidden">{t("public.catalogue.ofGroup", { group: g.name })}</span>
                    </Link>
                  </>
                ) : staff ? null : g.myStatus && ["enrolled", "waitlisted", "offered"].includes(g.myStatus) ? (
                  <Link to="/my/groups">{t("public.catalogue.seeMyGroups")}</Link>
                ) : (
                  <Link className="button" to={`/groups/${g.id}/register`}>
                    {g.seats.seatsLeft > 0 ? t("public.join") : t("public.joinWaitlist")}
                    <span className="visually-hidden">{t("public.forGroup", { group: g.name })}</span>
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
