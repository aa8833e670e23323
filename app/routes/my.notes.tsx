import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/auth/session.server";
import { myProgressNotes } from "~/modules/records/queries.server";
import type { PeerSupportComponent } from "~/modules/plans/components";
import type { ContactMode } from "~/modules/records/contacts/schema";
import { pageTitle, useTexts } from "~/ui/i18n";
import { NoteText, Paragraphs } from "~/ui/records";
import { CivilDate, SessionTime, When } from "~/ui/time";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "participant.notes.pageTitle") }];

/** A participant's own signed progress notes, when their organisation shares them (off by default). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: ["participant"] });
  return { ...(await myProgressNotes(user)), zone: user.timezone };
}

const PROGRESS: Record<number, string> = {
  1: "participant.notes.progress.wentBackwards",
  2: "participant.notes.progress.noChange",
  3: "participant.notes.progress.someProgress",
  4: "participant.notes.progress.goodProgress",
  5: "participant.notes.progress.objectiveMet",
};
const MODE: Record<ContactMode, string> = {
  in_person: "participant.notes.mode.inPerson",
  phone: "participant.notes.mode.phone",
  video: "participant.notes.mode.video",
};
const COMPONENT: Record<PeerSupportComponent, string> = {
  assessment_planning_documentation: "participant.notes.component.assessmentPlanningDocumentation",
  advocacy: "participant.notes.component.advocacy",
  activation_engagement: "participant.notes.component.activationEngagement",
  community_participation: "participant.notes.component.communityParticipation",
  transitional_support: "participant.notes.component.transitionalSupport",
  crisis_support: "participant.notes.component.crisisSupport",
};

export default function MyNotes() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTexts();
  const who = (name: string | null) => name ?? t("participant.notes.formerStaff");
  return (
    <>
      <h1>{t("participant.notes.title")}</h1>
      {!d.enabled ? (
        <p>{t("participant.notes.notShared")}</p>
      ) : d.notes.length === 0 ? (
        <p>{t("participant.notes.none")}</p>
      ) : (
        <ul aria-label={t("participant.notes.listLabel")}>
          {d.notes.map((n) => (
            <li key={n.id} className="card">
              <h2>{n.groupName}</h2>
              <p>
                <SessionTime start={n.startsAt} end={n.endsAt} zone={d.zone} />
              </p>
              <NoteText label={t("participant.notes.workedOn")} text={n.workedOn} />
              <NoteText label={t("participant.notes.progressLabel")} text={t(PROGRESS[n.progressRating ?? 0] ?? "participant.notes.progress.notRated")} />
              <NoteText label={t("participant.notes.nextStep")} text={n.nextStep} />
              <p className="muted">{t("participant.notes.writtenBy", { name: who(n.writer) })}</p>
              {n.addenda.map((a) => (
                <div key={a.id}>
                  <h3>
                    {t("participant.notes.addedBy", { name: who(a.authorName) })}
                    <When at={a.createdAt} zone={d.zone} />
                  </h3>
                  <Paragraphs text={a.body} />
                </div>
              ))}
            </li>
          ))}
        </ul>
      )}
      {d.contacts.length ? (
        <>
          <h2>{t("participant.notes.contacts")}</h2>
          <ul aria-label={t("participant.notes.contacts")}>
            {d.contacts.map((c) => (
              <li key={c.id} className="card">
                <h3>
                  <CivilDate date={c.contactDate} />
                  {t("participant.notes.contactHeading", { mode: t(MODE[c.mode]), minutes: c.minutes })}
                </h3>
                <NoteText label={t("participant.notes.kind")} text={c.component ? t(COMPONENT[c.component]) : null} />
                <NoteText label={t("participant.notes.note")} text={c.note} />
                <p className="muted">{t("participant.notes.writtenBy", { name: who(c.writer) })}</p>
                {c.addenda.map((a) => (
                  <div key={a.id}>
                    <h4>
                      {t("participant.notes.addedBy", { name: who(a.authorName) })}
                      <When at={a.createdAt} zone={d.zone} />
                    </h4>
                    <Paragraphs text={a.body} />
                  </div>
                ))}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}
