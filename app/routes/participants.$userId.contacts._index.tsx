import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { newFormToken } from "~/modules/forms/mutations.server";
import { formToken } from "~/modules/forms/schema";
import { saveContact } from "~/modules/records/contacts/mutations.server";
import { listContacts } from "~/modules/records/contacts/queries.server";
import { contactFields } from "~/modules/records/contacts/schema";
import { CONTACT_MODE_KEY, ContactForm, useContactLabels } from "~/ui/contacts";
import { pageTitle, useTexts } from "~/ui/i18n";
import { COMPONENT_KEY } from "~/ui/plans";
import { ErrorSummary } from "~/ui/form";
import { CivilDate } from "~/ui/time";
import { attempt, formFailure, parseForm, parseId } from "~/web/http.server";
import { z } from "zod";
import { confirmRecordedView } from "~/web/recorded-view.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? pageTitle(matches, "records.contacts.pageTitle", { name: data.person.name }) : pageTitle(matches, "records.contacts.pageTitleNoName") },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  confirmRecordedView(request, user);
  // The new-contact form's one-time token: a form sent twice (a double tap without JavaScript) logs one contact.
  return { ...(await listContacts(user, parseId(params.userId), new Date())), contactToken: newFormToken() };
}

/** Logs a new contact (a draft, or signed at once). */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const userId = parseId(params.userId);
  const form = await parseForm(request, contactFields.extend({ intent: z.enum(["save", "sign"], { error: "Choose Save draft or Save and sign" }), formToken }));
  if (!form.ok) return formFailure(form);
  const { formToken: token, ...fields } = form.data;
  const claim = token ? { token, form: "contact", fields: { participantId: userId, ...fields } } : undefined;
  const result = await attempt(form.values, () => saveContact(user, userId, null, fields, new Date(), { sign: fields.intent === "sign", claim }));
  if (!result.ok) return result.response;
  return redirect(`/participants/${userId}/contacts/${result.value.contactId}?saved=${form.data.intent}`);
}

export default function Contacts() {
  const { person, contacts, managersOnly, programOptions, planOptions, today, contactToken } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const { t } = useTexts();
  const labels = useContactLabels();
  return (
    <>
      <h1>{t("records.contacts.title", { name: person.name })}</h1>
      <p className="row">
        <Link to={`/participants/${person.id}/plan`}>{t("records.contacts.planLink")}</Link>
        <Link to={`/participants/${person.id}/goals`}>{t("records.contacts.goalsLink")}</Link>
      </p>
      <h2>{t("records.contacts.log")}</h2>
      <ErrorSummary data={failed} labels={labels} />
      <ContactForm key={contacts.length} values={{ programId: null, contactDate: today, minutes: 30, mode: "in_person", component: null, planLink: "", note: "" }} programOptions={programOptions} planOptions={planOptions} data={failed} formToken={contactToken} />
      <h2>{t("records.contacts.soFar")}</h2>
      {contacts.length === 0 ? <p>{t("records.contacts.none")}</p> : null}
      {managersOnly ? <p className="muted">{t("records.contacts.managersOnly", { count: managersOnly })}</p> : null}
      <ul aria-label={t("records.contacts.soFar")}>
        {contacts.map((c) => (
          <li key={c.id} className="card">
            <h3>
              <Link to={`/participants/${person.id}/contacts/${c.id}`}>
                <CivilDate date={c.contactDate} />
                {t("records.contacts.modeMinutes", { mode: t(CONTACT_MODE_KEY[c.mode]), minutes: c.minutes })}
              </Link>
            </h3>
            <p>
              {c.signedAt ? <span className="status badge-ok">{t("records.shared.signed")}</span> : <span className="status badge-warn">{t("records.shared.draft")}</span>}{" "}
              {c.component ? t(COMPONENT_KEY[c.component]) : t("records.contacts.noComponent")}
              {c.objectiveText ? t("records.contacts.objectiveSep", { text: c.objectiveText }) : c.goalTitle ? t("records.contacts.goalSep", { text: c.goalTitle }) : ""}
            </p>
            <p className="muted">
              {c.programName ? t("records.contacts.programBy", { program: c.programName, name: c.authorName ?? t("records.shared.formerStaff") }) : t("records.contacts.by", { name: c.authorName ?? t("records.shared.formerStaff") })}
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}
