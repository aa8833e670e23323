import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { programVersion } from "~/modules/groups/edit-version";
import { updateProgram } from "~/modules/groups/mutations.server";
import { getProgram } from "~/modules/groups/queries.server";
import { GROUP_KIND_LABELS, programSchema } from "~/modules/groups/schema";
import { ErrorSummary, Field, Notice, TextArea } from "~/ui/form";
import { attempt, formFailure, formVersion, parseForm, parseId } from "~/web/http.server";
import { NoteText } from "~/ui/records";
import { changedMeanwhile, revalidateWhenStale, SavedNow } from "~/ui/versions";
import { useTexts, pageTitle } from "~/ui/i18n";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? pageTitle(matches, "manage.program.pageTitle", { name: data.program.name }) : pageTitle(matches, "manage.program.pageTitleNone") },
];

/** After a save refused as out of date, the page's data is read again to show what is saved now. */
export const shouldRevalidate = revalidateWhenStale;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const data = await getProgram(user, parseId(params.programId));
  // This page is for managers, who may open both.
  const links = [
    { href: `/programs/${data.program.id}/logic-model`, key: "logicModel", note: true },
    { href: `/programs/${data.program.id}/rules`, key: "rules", note: false },
    { href: `/programs/${data.program.id}/completion`, key: "completion", note: true },
  ];
  // The version the edit form carries (programVersion): a save from it is refused once someone else changed the program.
  return { ...data, version: programVersion(data.program), links };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const programId = parseId(params.programId);
  const formData = await request.formData();
  const form = await parseForm(request, programSchema, formData);
  if (!form.ok) return formFailure(form);
  // Refused once someone else changed the program after this page was opened, or when the form names no version.
  const result = await attempt(form.values, () => updateProgram(user, programId, form.data, { version: formVersion(formData) }));
  if (!result.ok) return result.response;
  return { ok: true as const };
}

export default function ProgramPage() {
  const { program, version, groups, links } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const failed = data && !data.ok ? data : undefined;
  const { t, message } = useTexts();
  const labels = { name: t("manage.program.name"), purpose: t("manage.program.purpose"), serviceType: t("manage.program.serviceType") };
  return (
    <>
      <h1>{program.name}</h1>
      {data?.ok ? <Notice>{t("manage.program.saved")}</Notice> : null}
      <nav aria-label={t("manage.program.about")}>
        <ul>
          {links.map((l) => (
            <li key={l.href}>
              <Link to={l.href}>{t(`manage.program.links.${l.key}`)}</Link>
              {l.note ? t(`manage.program.notes.${l.key}`) : null}
            </li>
          ))}
        </ul>
      </nav>
      <h2>{t("manage.program.groups")}</h2>
      {groups.length === 0 ? <p>{t("manage.program.noGroups")}</p> : null}
      <ul>
        {groups.map((g) => (
          <li key={g.id}>
            <Link to={`/groups/${g.id}`}>{g.name}</Link> {t("manage.program.groupLine", { kind: message(GROUP_KIND_LABELS[g.kind]), enrolled: g.enrolled, capacity: g.capacity })}
          </li>
        ))}
      </ul>
      <p>
        <Link className="button" to={`/programs/${program.id}/groups/new`}>
          {t("manage.program.newGroup")}
        </Link>
      </p>
      <h2>{t("manage.program.edit")}</h2>
      <ErrorSummary data={failed} labels={labels} />
      {/* A save refused as out of date: the program as saved now, beside the person's own entries kept in the form. */}
      <SavedNow changed={changedMeanwhile(failed)} labels={labels}>
        <NoteText label={labels.name} text={program.name} />
        <NoteText label={labels.purpose} text={program.purpose} />
        <NoteText label={labels.serviceType} text={program.serviceType} />
      </SavedNow>
      <Form method="post" noValidate>
        {/* The version sent back by a refused save (the current one, once the person has seen it), else the page's. */}
        <input type="hidden" name="version" value={failed?.values?.version ?? version} />
        <Field name="name" label={labels.name} defaultValue={program.name} data={failed} />
        <TextArea name="purpose" label={labels.purpose} defaultValue={program.purpose} data={failed} />
        <Field name="serviceType" label={labels.serviceType} defaultValue={program.serviceType} data={failed} />
        <button type="submit">{t("manage.program.save")}</button>
      </Form>
    </>
  );
}
