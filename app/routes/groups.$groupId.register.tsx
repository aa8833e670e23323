import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/auth/session.server";
import { GROUP_KIND_LABELS } from "~/modules/groups/schema";
import { registerForGroup } from "~/modules/registration/mutations.server";
import { canRegisterOnBehalf } from "~/modules/registration/policy";
import { getRegistrationContext, listParticipants } from "~/modules/registration/queries.server";
import { intakeSchema } from "~/modules/registration/schema";
import { Notice } from "~/ui/form";
import { IntakeForm } from "~/ui/registration-intake-form";
import { RegistrationStatus } from "~/ui/registration-status";
import { SessionTime } from "~/ui/time";
import { attempt, forbidden, formFailure, formToObject, parseForm, parseId } from "~/web/http.server";
import { intakeDemographics } from "~/modules/demographics/mutations.server";
import { offeredCategories } from "~/modules/demographics/queries.server";
import { appUrl } from "~/config.server";
import { useTexts, pageTitle } from "~/ui/i18n";
import { languageName } from "~/ui/language-name";
import { describedIn } from "~/modules/translations/queries.server";
import { localeOf } from "~/i18n/locales";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: pageTitle(matches, "registration.pageTitle", { group: data?.group.name ?? "" }) }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const context = await getRegistrationContext(user, parseId(params.groupId), new Date());
  const onBehalf = user.role !== "participant";
  if (onBehalf && !canRegisterOnBehalf(user, context.group)) forbidden("Only managers and this group's facilitators can register someone for it.");
  // The group's description in the reader's language when the organisation wrote it in it.
  const [described] = await describedIn(user.organizationId, localeOf(user.locale), [context.group]);
  // Who leads it decided the access above; the page itself needs none of their ids.
  const { facilitatorIds: _leaders, ...group } = described;
  return { ...context, group, viewerZone: user.timezone, participants: onBehalf ? await listParticipants(user) : null, raceCategories: await offeredCategories(user.organizationId) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const groupId = parseId(params.groupId);
  const formData = await request.formData();
  const form = await parseForm(request, intakeSchema, formData);
  // The optional demographics section: checked with the intake, written in the registration's transaction.
  const about = await intakeDemographics(formToObject(formData), user.organizationId, user.id, new Date());
  if (!form.ok || !about.ok) return formFailure({ errors: { ...(form.ok ? {} : form.errors), ...(about.ok ? {} : about.errors) }, values: form.values });
  const result = await attempt(form.values, () => registerForGroup(user, groupId, form.data, { baseUrl: appUrl(), alsoRecord: about.record }));
  if (!result.ok) return result.response;
  const { enrolmentId, status, crisis } = result.value;
  if (user.role !== "participant") return redirect(`/intake/${enrolmentId}?registered=${status}`);
  // A crisis answer shows the crisis page at once; staff have been alerted in the same transaction.
  if (crisis) return redirect(`/o/${user.organizationSlug}/crisis?registered=${status}`);
  return redirect(`/my/groups?registered=${enrolmentId}`);
}

export default function Register() {
  const { group, nextSessions, seats, myStatus, viewerZone, participants, raceCategories } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const active = myStatus && ["enrolled", "waitlisted", "offered"].includes(myStatus);
  const { t, message, locale } = useTexts();
  return (
    <>
      <h1>{participants ? t("registration.titleFor", { group: group.name }) : t("registration.title", { group: group.name })}</h1>
      <p className="muted">
        {message(GROUP_KIND_LABELS[group.kind])} · {group.location || t("registration.online")} · {t("public.language", { language: languageName(group.language, locale) })}
      </p>
      <p>{group.description}</p>
      <p>
        <strong>{message(seats.label)}</strong>
        {seats.seatsLeft === 0 ? t("registration.fullHelp") : null}
      </p>
      {nextSessions.length ? (
        <ul>
          {nextSessions.map((s) => (
            <li key={String(s.startsAt)}>
              <SessionTime start={s.startsAt} end={s.endsAt} zone={viewerZone} />
            </li>
          ))}
        </ul>
      ) : null}
      {!participants && active ? (
        <Notice>
          {t("registration.alreadyBefore")}
          <RegistrationStatus status={myStatus} />. <Link to="/my/groups">{t("registration.seeMyGroups")}</Link>.
        </Notice>
      ) : (
        <>
          <h2>{t("registration.questions")}</h2>
          <p>{t("registration.questionsIntro")}</p>
          <IntakeForm data={data} participants={participants} raceCategories={raceCategories} submitLabel={seats.seatsLeft > 0 ? t("registration.register") : t("registration.joinWaitlist")} />
        </>
      )}
    </>
  );
}
