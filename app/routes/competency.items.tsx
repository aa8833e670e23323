import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { db } from "~/db/client.server";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { createItem, setItemArchived, updateItem } from "~/modules/competency/framework/mutations.server";
import { itemForm } from "~/modules/competency/framework/version";
import { canEditFramework } from "~/modules/competency/policy";
import { loadFramework } from "~/modules/competency/queries.server";
import { itemSchema } from "~/modules/competency/schema";
import { pageTitle, useTexts } from "~/ui/i18n";
import { CompetencyItemForm } from "~/ui/competency-item-form";
import { Notice } from "~/ui/form";
import { attempt, forbidden, formFailure, formVersion, parseForm } from "~/web/http.server";
import { revalidateWhenStale } from "~/ui/versions";
import { GROUP_KIND_KEY, ITEM_KIND_KEY, EVIDENCE_KEY } from "~/ui/competency-labels";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "competency.items.pageTitle") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const items = await loadFramework(db, user.organizationId, { includeArchived: true });
  const editId = new URL(request.url).searchParams.get("edit");
  const editing = items.find((i) => i.id === editId);
  // The edit form carries the item's version: a save after someone else changed the item is refused (nothing saved, entries kept).
  return { items, canEdit: canEditFramework(user), editing: editing ? { ...editing, version: itemForm.version(editing) } : null };
}

const idSchema = z.object({ itemId: z.string().uuid("Choose an item.") });

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  if (!canEditFramework(user)) forbidden("Only an administrator can change the framework.");
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (intent === "archive" || intent === "restore") {
    const form = await parseForm(request, idSchema, formData);
    if (!form.ok) return formFailure(form);
    await setItemArchived(user, form.data.itemId, intent === "archive");
    return { ok: true as const, message: intent === "archive" ? "Item archived: it is no longer required." : "Item restored." };
  }
  const form = await parseForm(request, itemSchema, formData);
  if (!form.ok) return formFailure(form);
  if (intent === "update") {
    const id = await parseForm(request, idSchema, formData);
    if (!id.ok) return formFailure(id);
    const result = await attempt(form.values, () => updateItem(user, id.data.itemId, form.data, { version: formVersion(formData) }));
    if (!result.ok) return result.response;
    return { ok: true as const, message: `Saved ${form.data.name}.`, saved: form.data.name };
  }
  const result = await attempt(form.values, () => createItem(user, form.data));
  if (!result.ok) return result.response;
  return { ok: true as const, message: `Added ${form.data.name}.`, added: form.data.name };
}

export const shouldRevalidate = revalidateWhenStale;

const ROLE_KEY: Record<string, string> = {
  facilitator: "competency.items.roles.facilitator",
  manager: "competency.items.roles.manager",
  admin: "competency.items.roles.admin",
};

export default function Framework() {
  const { items, canEdit, editing } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const failed = data && !data.ok ? data : undefined;
  const { t, message } = useTexts();
  const label = (keys: Record<string, string>, code: string) => (keys[code] ? t(keys[code]) : code);
  const kinds = (values: string[]) => values.map((k) => label(GROUP_KIND_KEY, k)).join(", ");
  return (
    <>
      <h1>{t("competency.items.title")}</h1>
      {data?.ok ? (
        <Notice>
          {"saved" in data
            ? t("competency.items.savedItem", { name: data.saved })
            : "added" in data
              ? t("competency.items.addedItem", { name: data.added })
              : message(data.message)}
        </Notice>
      ) : null}
      <p>
        {t("competency.items.intro")} <Link to="/competency">{t("competency.items.back")}</Link>
      </p>
      {/* .table-scroll is positioned, so the visually hidden button names in the last column stay inside it on a phone. */}
      <div className="table-scroll" role="region" aria-labelledby="items-caption" tabIndex={0}>
        <table>
          <caption id="items-caption">{t("competency.items.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("competency.items.item")}</th>
              <th scope="col">{t("competency.items.kind")}</th>
              <th scope="col">{t("competency.items.requiredFor")}</th>
              <th scope="col">{t("competency.items.validFor")}</th>
              <th scope="col">{t("competency.items.evidence")}</th>
              {canEdit ? <th scope="col">{t("competency.items.change")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id}>
                <td>
                  <strong>{item.name}</strong> {item.archivedAt ? <span className="status">{t("competency.items.archived")}</span> : null}
                  <br />
                  <span className="muted">
                    {item.code}
                    {item.standard ? ` · ${item.standard}` : ""}
                    {item.observable ? t("competency.items.rated") : ""}
                  </span>
                </td>
                <td>{label(ITEM_KIND_KEY, item.kind)}</td>
                <td>
                  {item.requiredForGroupKinds.length ? t("competency.items.groups", { kinds: kinds(item.requiredForGroupKinds) }) : null}
                  {item.requiredForGroupKinds.length && item.requiredForRoles.length ? <br /> : null}
                  {item.requiredForRoles.length ? t("competency.items.rolesList", { roles: item.requiredForRoles.map((r) => label(ROLE_KEY, r)).join(", ") }) : null}
                  {!item.requiredForGroupKinds.length && !item.requiredForRoles.length ? t("competency.items.optional") : null}
                </td>
                <td>{item.validityMonths ? t("competency.items.months", { count: item.validityMonths }) : t("competency.items.doesNotExpire")}</td>
                <td>{item.acceptedEvidence.map((e) => label(EVIDENCE_KEY, e)).join(", ")}</td>
                {canEdit ? (
                  <td>
                    <Link to={`?edit=${item.id}#item-form`}>
                      {t("competency.items.edit")}
                      <span className="visually-hidden"> {item.name}</span>
                    </Link>
                    <Form method="post">
                      <input type="hidden" name="itemId" value={item.id} />
                      <button type="submit" name="intent" value={item.archivedAt ? "restore" : "archive"} className="secondary">
                        {t(item.archivedAt ? "competency.items.restore" : "competency.items.archive")}
                        <span className="visually-hidden"> {item.name}</span>
                      </button>
                    </Form>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {canEdit ? (
        <section aria-labelledby="item-form-title" id="item-form">
          <h2 id="item-form-title">{editing ? t("competency.items.editTitle", { name: editing.name }) : t("competency.items.addTitle")}</h2>
          <CompetencyItemForm key={editing?.id ?? "new"} data={failed} editing={editing} />
        </section>
      ) : (
        <p className="muted">{t("competency.items.adminOnly")}</p>
      )}
    </>
  );
}
