import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { markIntakeReviewed } from "~/modules/registration/mutations.server";
import { Fragment } from "react";
import { CONSENT_KINDS, consentTextIn } from "~/modules/consent/wording";
import { viewIntake } from "~/modules/registration/queries.server";
import { Notice } from "~/ui/form";
import { RegistrationStatus, registrationStatusLabel } from "~/ui/registration-status";
import { When } from "~/ui/time";
import { parseId } from "~/web/http.server";
import { pageTitle, useTexts } from "~/ui/i18n";
import { languageOf } from "~/i18n/locales";
import { CONSENT_STATE_KEY, CONTACT_KEY, NEED_AREA_KEY } from "~/ui/voice-labels";
import { confirmRecordedView } from "~/web/recorded-view.server";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "voice.intake.record.pageTitle") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  confirmRecordedView(request, user);
  const record = await viewIntake(user, parseId(params.enrolmentId));
  return { record, viewerZone: user.timezone };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const enrolmentId = parseId(params.enrolmentId);
  await markIntakeReviewed(user, enrolmentId);
  return redirect(`/intake/${enrolmentId}?reviewed=1`);
}

export default function IntakeRecord() {
  const { record, viewerZone } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const i = record.intake;
  const { t, message, locale } = useTexts();
  const yesNo = (v: boolean) => (v ? t("voice.intake.record.yes") : t("voice.intake.record.no"));
  const need = (n: string) => (NEED_AREA_KEY[n] ? t(NEED_AREA_KEY[n]) : n);
  const registered = params.get("registered");
  return (
    <>
      <h1>{t("voice.intake.record.title", { name: record.participantName })}</h1>
      {registered ? (
        // English pages have always shown the status code as given; other languages name it.
        <Notice>{t("voice.intake.record.registered", { status: languageOf(locale) === "en" ? registered : message(registrationStatusLabel(registered)) })}</Notice>
      ) : null}
      {params.get("reviewed") ? <Notice>{t("voice.intake.record.markedReviewed")}</Notice> : null}
      {i.crisis ? (
        <div className="error-summary" role="alert">
          <h2>{t("voice.intake.record.crisisTitle")}</h2>
          <p>{t("voice.intake.record.crisisText")}</p>
        </div>
      ) : null}
      <p className="muted">{t("voice.intake.record.confidential")}</p>
      <dl>
        <dt>{t("voice.intake.group")}</dt>
        <dd>
          {record.groupName} — <RegistrationStatus status={record.status} />
        </dd>
        <dt>{t("voice.intake.received")}</dt>
        <dd>
          <When at={i.createdAt} zone={viewerZone} />
          {record.onBehalf && record.submittedByName ? t("voice.intake.record.enteredBy", { name: record.submittedByName }) : ""}
        </dd>
        <dt>{t("voice.intake.needAreas")}</dt>
        <dd>{i.needAreas.length ? i.needAreas.map(need).join(", ") : t("voice.intake.noneGiven")}</dd>
        {i.otherNeed ? (
          <>
            <dt>{t("voice.labels.needArea.other")}</dt>
            <dd>{i.otherNeed}</dd>
          </>
        ) : null}
        <dt>{t("voice.intake.queue.urgent")}</dt>
        <dd>
          {yesNo(i.urgent)}
          {i.urgentNote ? ` — ${i.urgentNote}` : ""}
        </dd>
        <dt>{t("voice.intake.record.contact")}</dt>
        <dd>
          {CONTACT_KEY[i.preferredContact] ? t(CONTACT_KEY[i.preferredContact]) : i.preferredContact}
          {record.contactShared ? (
            <>
              {i.phone ? ` · ${i.phone}` : ""} · {record.participantEmail}
            </>
          ) : (
            t("voice.intake.record.notShared")
          )}
        </dd>
        <dt>{t("voice.intake.record.language")}</dt>
        <dd>{i.language}</dd>
        <dt>{t("voice.intake.record.access")}</dt>
        <dd>{i.accessibilityNeeds || t("voice.intake.noneGiven")}</dd>
        {CONSENT_KINDS.map((kind) => (
          <Fragment key={kind}>
            <dt>{consentTextIn(kind, locale).title}</dt>
            <dd>
              {t(CONSENT_STATE_KEY[record.consentStates[kind].state])}
              {record.consentStates[kind].source === "staff_verbal" ? t("voice.intake.record.spoken") : ""}
            </dd>
          </Fragment>
        ))}
        <dt>{t("voice.intake.record.reviewed")}</dt>
        <dd>{i.reviewedAt ? <When at={i.reviewedAt} zone={viewerZone} /> : t("voice.intake.record.notYet")}</dd>
      </dl>
      <div className="row">
        {!i.reviewedAt ? (
          <Form method="post">
            <button type="submit">{t("voice.intake.record.markReviewed")}</button>
          </Form>
        ) : null}
        <Link className="button secondary" to={`/referrals/new?participantId=${i.userId}&groupId=${i.groupId}`}>
          {t("voice.intake.record.refer")}
        </Link>
        <Link to="/intake">{t("voice.intake.record.back")}</Link>
      </div>
    </>
  );
}
