import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { newFormToken } from "~/modules/forms/mutations.server";
import { formToken as formTokenField, OUT_OF_DATE } from "~/modules/forms/schema";
import { addContactAddendum, saveContact } from "~/modules/records/contacts/mutations.server";
import { getContact } from "~/modules/records/contacts/queries.server";
import { contactAction } from "~/modules/records/contacts/schema";
import { ContactForm, ContactText, planLinkOf, useContactLabels } from "~/ui/contacts";
import { pageTitle, useTexts } from "~/ui/i18n";
import { ErrorSummary } from "~/ui/form";
import { Addenda, NoteState, SavedNotice } from "~/ui/records";
import { attempt, formFailure, formVersion, parseForm, parseId } from "~/web/http.server";
import { changedMeanwhile, revalidateWhenStale, SavedNow } from "~/ui/versions";
import { confirmRecordedView } from "~/web/recorded-view.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? pageTitle(matches, "records.contact.pageTitle", { name: data.person.name }) : pageTitle(matches, "records.contact.pageTitleNoName") },
];

/** After a save refused as out of date, the page's data is read again to show what is saved now. */
export const shouldRevalidate = revalidateWhenStale;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  confirmRecordedView(request, user);
  return { ...(await getContact(user, parseId(params.userId), parseId(params.contactId))), viewerZone: user.timezone, addendumToken: newFormToken() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const userId = parseId(params.userId);
  const contactId = parseId(params.contactId);
  const formData = await request.formData();
  const form = await parseForm(request, contactAction, formData);
  if (!form.ok) return formFailure(form);
  const data = form.data;
  const now = new Date();
  // The addendum form's one-time token: the same addendum sent twice is appended once (a signed contact keeps it for good).
  const token = formTokenField.safeParse(formData.get("formToken") ?? undefined);
  if (!token.success) return formFailure({ errors: { _form: [OUT_OF_DATE] }, values: form.values });
  const claim = data.intent === "addendum" && token.data ? { token: token.data, form: "contact-addendum", fields: { userId, contactId, ...form.values } } : undefined;
  // A draft's save carries the version its page showed: refused once someone else changed the draft, or when it names none.
  const result = await attempt<unknown>(form.values, () =>
    data.intent === "addendum"
      ? addContactAddendum(user, userId, contactId, data.body, now, claim)
      : saveContact(user, userId, contactId, data, now, { sign: data.intent === "sign", version: formVersion(formData) }),
  );
  if (!result.ok) return result.response;
  return redirect(`/participants/${userId}/contacts/${contactId}?saved=${data.intent}`);
}

export default function Contact() {
  const { person, contact: c, version, addenda, programOptions, planOptions, viewerZone, addendumToken } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useTexts();
  const labels = useContactLabels();
  return (
    <>
      <h1>{t("records.contact.title", { name: person.name })}</h1>
      <p className="row">
        <Link to={`/participants/${person.id}/contacts`}>{t("records.contact.all", { name: person.name })}</Link>
        <Link to={`/participants/${person.id}/plan`}>{t("records.contacts.planLink")}</Link>
      </p>
      <SavedNotice saved={params.get("saved")} />
      <ErrorSummary data={failed} labels={labels} />
      <NoteState signedAt={c.signedAt} signedByName={c.signedByName} zone={viewerZone} />
      {c.signedAt ? (
        <section className="card" aria-label={t("records.contact.theContact")}>
          <ContactText contact={c} />
          <p className="muted">{t("records.contact.loggedBy", { name: c.authorName ?? t("records.shared.formerStaff") })}</p>
        </section>
      ) : (
        <>
          {/* A save refused as out of date: the draft as saved now, beside the person's own entries kept in the form. */}
          <SavedNow changed={changedMeanwhile(failed)} labels={labels}>
            <ContactText contact={c} />
          </SavedNow>
          <ContactForm values={{ ...c, planLink: planLinkOf(c) }} programOptions={programOptions} planOptions={planOptions} data={failed} version={version} />
        </>
      )}
      {c.signedAt ? <Addenda addenda={addenda} zone={viewerZone} canAdd formToken={addendumToken} data={failed} /> : null}
    </>
  );
}
