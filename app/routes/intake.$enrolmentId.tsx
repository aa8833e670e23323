import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { markIntakeReviewed } from "~/modules/registration/mutations.server";
import { Fragment } from "react";
import { CONSENT_KINDS, CONSENT_STATE_LABELS, CONSENT_TEXT } from "~/modules/consent/wording";
import { viewIntake } from "~/modules/registration/queries.server";
import { CONTACT_LABELS, NEED_AREA_LABELS, type NeedArea } from "~/modules/registration/schema";
import { Notice } from "~/ui/form";
import { RegistrationStatus } from "~/ui/registration-status";
import { When } from "~/ui/time";
import { parseId } from "~/web/http.server";

export const meta: MetaFunction = () => [{ title: "Intake · Group Sessions" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
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
  const yesNo = (v: boolean) => (v ? "Yes" : "No");
  return (
    <>
      <h1>Intake: {record.participantName}</h1>
      {params.get("registered") ? <Notice>Registered. Status: {params.get("registered")}.</Notice> : null}
      {params.get("reviewed") ? <Notice>Marked as reviewed.</Notice> : null}
      {i.crisis ? (
        <div className="error-summary" role="alert">
          <h2>Crisis answer</h2>
          <p>This person said they need help right now. Follow the crisis protocol and contact them today.</p>
        </div>
      ) : null}
      <p className="muted">Confidential. This view is recorded in the audit log.</p>
      <dl>
        <dt>Group</dt>
        <dd>
          {record.groupName} — <RegistrationStatus status={record.status} />
        </dd>
        <dt>Received</dt>
        <dd>
          <When at={i.createdAt} zone={viewerZone} />
          {record.onBehalf && record.submittedByName ? ` (entered by ${record.submittedByName})` : ""}
        </dd>
        <dt>Need areas</dt>
        <dd>{i.needAreas.length ? i.needAreas.map((n) => NEED_AREA_LABELS[n as NeedArea] ?? n).join(", ") : "None given"}</dd>
        {i.otherNeed ? (
          <>
            <dt>Something else</dt>
            <dd>{i.otherNeed}</dd>
          </>
        ) : null}
        <dt>Urgent</dt>
        <dd>
          {yesNo(i.urgent)}
          {i.urgentNote ? ` — ${i.urgentNote}` : ""}
        </dd>
        <dt>Preferred contact</dt>
        <dd>
          {CONTACT_LABELS[i.preferredContact as keyof typeof CONTACT_LABELS] ?? i.preferredContact}
          {record.contactShared ? (
            <>
              {i.phone ? ` · ${i.phone}` : ""} · {record.participantEmail}
            </>
          ) : (
            " · contact details not shared with facilitators"
          )}
        </dd>
        <dt>Language</dt>
        <dd>{i.language}</dd>
        <dt>Access needs</dt>
        <dd>{i.accessibilityNeeds || "None given"}</dd>
        {CONSENT_KINDS.map((kind) => (
          <Fragment key={kind}>
            <dt>{CONSENT_TEXT[kind].title}</dt>
            <dd>{CONSENT_STATE_LABELS[record.consentStates[kind].state]}{record.consentStates[kind].source === "staff_verbal" ? " (spoken answer recorded by staff)" : ""}</dd>
          </Fragment>
        ))}
        <dt>Reviewed</dt>
        <dd>{i.reviewedAt ? <When at={i.reviewedAt} zone={viewerZone} /> : "Not yet"}</dd>
      </dl>
      <div className="row">
        {!i.reviewedAt ? (
          <Form method="post">
            <button type="submit">Mark as reviewed</button>
          </Form>
        ) : null}
        <Link className="button secondary" to={`/referrals/new?participantId=${i.userId}&groupId=${i.groupId}`}>
          Refer to another service
        </Link>
        <Link to="/intake">Back to the intake queue</Link>
      </div>
    </>
  );
}
