import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { COMPONENT_LABELS } from "~/modules/plans/components";
import { addContactAddendum, saveContact } from "~/modules/records/contacts/mutations.server";
import { getContact } from "~/modules/records/contacts/queries.server";
import { CONTACT_MODE_LABELS, contactAction } from "~/modules/records/contacts/schema";
import { CONTACT_LABELS, ContactForm, planLinkOf } from "~/ui/contacts";
import { ErrorSummary } from "~/ui/form";
import { Addenda, NoteState, NoteText, SavedNotice } from "~/ui/records";
import { CivilDate } from "~/ui/time";
import { attempt, formFailure, parseForm, parseId } from "~/web/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Contact with ${data?.person.name ?? "a participant"} · Group Sessions` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  return { ...(await getContact(user, parseId(params.userId), parseId(params.contactId))), viewerZone: user.timezone };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const userId = parseId(params.userId);
  const contactId = parseId(params.contactId);
  const form = await parseForm(request, contactAction);
  if (!form.ok) return formFailure(form);
  const data = form.data;
  const now = new Date();
  const result = await attempt<unknown>(form.values, () =>
    data.intent === "addendum" ? addContactAddendum(user, userId, contactId, data.body, now) : saveContact(user, userId, contactId, data, now, { sign: data.intent === "sign" }),
  );
  if (!result.ok) return result.response;
  return redirect(`/participants/${userId}/contacts/${contactId}?saved=${data.intent}`);
}

export default function Contact() {
  const { person, contact: c, addenda, planOptions, viewerZone } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <>
      <h1>Contact with {person.name}</h1>
      <p className="row">
        <Link to={`/participants/${person.id}/contacts`}>All contacts with {person.name}</Link>
        <Link to={`/participants/${person.id}/plan`}>Service plan</Link>
      </p>
      <SavedNotice saved={params.get("saved")} />
      <ErrorSummary data={failed} labels={CONTACT_LABELS} />
      <NoteState signedAt={c.signedAt} signedByName={c.signedByName} zone={viewerZone} />
      {c.signedAt ? (
        <section className="card" aria-label="The contact">
          <p>
            <CivilDate date={c.contactDate} />, {CONTACT_MODE_LABELS[c.mode]}, {c.minutes} minutes
          </p>
          <NoteText label="Component of peer support" text={c.component ? COMPONENT_LABELS[c.component] : null} />
          <NoteText label="Goal or objective addressed" text={c.objectiveText ? `Objective: ${c.objectiveText}` : c.goalTitle ? `Goal: ${c.goalTitle}` : null} />
          <NoteText label="Note" text={c.note} />
          <p className="muted">Logged by {c.authorName ?? "a former staff member"}.</p>
        </section>
      ) : (
        <ContactForm values={{ ...c, planLink: planLinkOf(c) }} planOptions={planOptions} data={failed} />
      )}
      {c.signedAt ? <Addenda addenda={addenda} zone={viewerZone} canAdd data={failed} /> : null}
    </>
  );
}
