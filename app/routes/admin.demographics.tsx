import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { changeRaceCategories } from "~/modules/demographics/mutations.server";
import { canEditRaceCategories } from "~/modules/demographics/policy";
import { categoriesPage } from "~/modules/demographics/queries.server";
import { categoryActionSchema } from "~/modules/demographics/schema";
import { ErrorSummary, Field, Notice } from "~/ui/form";
import { attempt, formFailure, parseForm } from "~/web/http.server";

export const meta: MetaFunction = () => [{ title: "Race and ethnicity categories · Group Sessions" }];

/** The organisation's race and ethnicity categories: administrators change them, managers read them. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  return { categories: await categoriesPage(user), canEdit: canEditRaceCategories(user) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: ["admin"] });
  const parsed = await parseForm(request, categoryActionSchema);
  if (!parsed.ok) return formFailure(parsed);
  const result = await attempt(parsed.values, () => changeRaceCategories(user, parsed.data));
  return result.ok ? { ok: true as const, message: result.value } : result.response;
}

export default function RaceCategories() {
  const { categories, canEdit } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const failed = data && !data.ok ? data : undefined;
  return (
    <>
      <h1>Race and ethnicity categories</h1>
      <p>
        Participants choose every category that applies on “About me” and at intake; funder reports count one category chosen as that category and two or
        more as “Two or more categories”. The defaults are the minimum categories of the US federal standard (OMB SPD 15, 2024). A retired category is no
        longer offered; answers that chose it keep it and reports still show it.
      </p>
      {data?.ok ? <Notice>{data.message}</Notice> : null}
      <ErrorSummary data={failed} labels={{ label: "Category name", key: "Category", intent: "Action" }} />
      <ul className="category-list">
        {categories.map((c) => (
          <li key={c.key}>
            <span>
              {c.label}
              {c.retired ? <span className="muted"> (retired)</span> : null}
            </span>
            {canEdit ? (
              <Form method="post" className="inline-form">
                <input type="hidden" name="key" value={c.key} />
                <input type="hidden" name="intent" value={c.retired ? "restore" : "retire"} />
                <button type="submit" className="secondary" aria-label={`${c.retired ? "Offer again" : "Retire"}: ${c.label}`}>
                  {c.retired ? "Offer again" : "Retire"}
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      {canEdit ? (
        <>
          <Form method="post" noValidate className="card">
            <h2>Add a category</h2>
            <input type="hidden" name="intent" value="add" />
            <Field name="label" label="Category name" hint="For example a detailed group your funder asks for." data={failed} />
            <button type="submit">Add</button>
          </Form>
          <Form method="post" noValidate className="card">
            <h2>Rename a category</h2>
            <input type="hidden" name="intent" value="rename" />
            <div className="field">
              <label htmlFor="rename-key">Category</label>
              <select id="rename-key" name="key">
                {categories.map((c) => (
                  <option key={c.key} value={c.key}>
                    {c.label}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="rename-label">New name</label>
              <input id="rename-label" name="label" type="text" />
            </div>
            <button type="submit">Rename</button>
          </Form>
        </>
      ) : (
        <p className="muted">Only administrators change these categories.</p>
      )}
    </>
  );
}
