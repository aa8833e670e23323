import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { COMPONENT_LABELS } from "~/modules/plans/components";
import { saveContact } from "~/modules/records/contacts/mutations.server";
import { listContacts } from "~/modules/records/contacts/queries.server";
import { CONTACT_MODE_LABELS, contactFields } from "~/modules/records/contacts/schema";
import { CONTACT_LABELS, ContactForm } from "~/ui/contacts";
import { ErrorSummary } from "~/ui/form";
import { CivilDate } from "~/ui/time";
import { attempt, formFailure, parseForm, parseId } from "~/web/http.server";
import { z } from "zod";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `One-to-one contacts: ${data?.person.name ?? "participant"} · Group Sessions` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  return listContacts(user, parseId(params.userId), new Date());
}

/** Logs a new contact (a draft, or signed at once). */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const userId = parseId(params.userId);
  const form = await parseForm(request, contactFields.extend({ intent: z.enum(["save", "sign"], { error: "Choose Save draft or Save and sign" }) }));
  if (!form.ok) return formFailure(form);
  const result = await attempt(form.values, () => saveContact(user, userId, null, form.data, new Date(), { sign: form.data.intent === "sign" }));
  if (!result.ok) return result.response;
  return redirect(`/participants/${userId}/contacts/${result.value.contactId}?saved=${form.data.intent}`);
}

export default function Contacts() {
  const { person, contacts, planOptions, today } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  return (
    <>
      <h1>One-to-one contacts: {person.name}</h1>
      <p className="row">
        <Link to={`/participants/${person.id}/plan`}>Service plan</Link>
        <Link to={`/participants/${person.id}/goals`}>Goals</Link>
      </p>
      <h2>Log a contact</h2>
      <ErrorSummary data={failed} labels={CONTACT_LABELS} />
      <ContactForm key={contacts.length} values={{ contactDate: today, minutes: 30, mode: "in_person", component: null, planLink: "", note: "" }} planOptions={planOptions} data={failed} />
      <h2>Contacts so far</h2>
      {contacts.length === 0 ? <p>No one-to-one contacts logged yet.</p> : null}
      <ul aria-label="Contacts so far">
        {contacts.map((c) => (
          <li key={c.id} className="card">
            <h3>
              <Link to={`/participants/${person.id}/contacts/${c.id}`}>
                <CivilDate date={c.contactDate} />, {CONTACT_MODE_LABELS[c.mode]}, {c.minutes} minutes
              </Link>
            </h3>
            <p>
              {c.signedAt ? <span className="status badge-ok">Signed</span> : <span className="status badge-warn">Draft</span>} {c.component ? COMPONENT_LABELS[c.component] : "No component chosen yet"}
              {c.objectiveText ? ` · Objective: ${c.objectiveText}` : c.goalTitle ? ` · Goal: ${c.goalTitle}` : ""}
            </p>
            <p className="muted">By {c.authorName ?? "a former staff member"}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
