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
import { pageTitle, useTexts } from "~/ui/i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "metrics.categories.pageTitle") }];

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
  const { t, message } = useTexts();
  return (
    <>
      <h1>{t("metrics.categories.title")}</h1>
      <p>{t("metrics.categories.intro")}</p>
      {data?.ok ? <Notice>{message(data.message)}</Notice> : null}
      <ErrorSummary data={failed} labels={{ label: t("metrics.categories.name"), key: t("metrics.categories.category"), intent: t("metrics.categories.action") }} />
      <ul className="category-list">
        {categories.map((c) => (
          <li key={c.key}>
            <span>
              {c.label}
              {c.retired ? <span className="muted">{t("metrics.categories.retired")}</span> : null}
            </span>
            {canEdit ? (
              <Form method="post" className="inline-form">
                <input type="hidden" name="key" value={c.key} />
                <input type="hidden" name="intent" value={c.retired ? "restore" : "retire"} />
                <button type="submit" className="secondary" aria-label={`${c.retired ? t("metrics.categories.offerAgain") : t("metrics.categories.retire")}: ${c.label}`}>
                  {c.retired ? t("metrics.categories.offerAgain") : t("metrics.categories.retire")}
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      {canEdit ? (
        <>
          <Form method="post" noValidate className="card">
            <h2>{t("metrics.categories.add")}</h2>
            <input type="hidden" name="intent" value="add" />
            <Field name="label" label={t("metrics.categories.name")} hint={t("metrics.categories.nameHint")} data={failed} />
            <button type="submit">{t("metrics.categories.addButton")}</button>
          </Form>
          <Form method="post" noValidate className="card">
            <h2>{t("metrics.categories.rename")}</h2>
            <input type="hidden" name="intent" value="rename" />
            <div className="field">
              <label htmlFor="rename-key">{t("metrics.categories.category")}</label>
              <select id="rename-key" name="key">
                {categories.map((c) => (
                  <option key={c.key} value={c.key}>
                    {c.label}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="rename-label">{t("metrics.categories.newName")}</label>
              <input id="rename-label" name="label" type="text" />
            </div>
            <button type="submit">{t("metrics.categories.renameButton")}</button>
          </Form>
        </>
      ) : (
        <p className="muted">{t("metrics.categories.onlyAdmins")}</p>
      )}
    </>
  );
}
