import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { db } from "~/db/client.server";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { createItem, setItemArchived, updateItem } from "~/modules/competency/framework/mutations.server";
import { canEditFramework } from "~/modules/competency/policy";
import { loadFramework } from "~/modules/competency/queries.server";
import { EVIDENCE_LABELS, ITEM_KIND_LABELS, itemSchema, type EvidenceKind, type ItemKind } from "~/modules/competency/schema";
import { GROUP_KIND_LABELS } from "~/modules/groups/schema";
import { CompetencyItemForm } from "~/ui/competency-item-form";
import { Notice } from "~/ui/form";
import { attempt, forbidden, formFailure, parseForm } from "~/web/http.server";

export const meta: MetaFunction = () => [{ title: "Competency framework · Group Sessions" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const items = await loadFramework(db, user.organizationId, { includeArchived: true });
  const editId = new URL(request.url).searchParams.get("edit");
  return { items, canEdit: canEditFramework(user), editing: items.find((i) => i.id === editId) ?? null };
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
    const result = await attempt(form.values, () => updateItem(user, id.data.itemId, form.data));
    if (!result.ok) return result.response;
    return { ok: true as const, message: `Saved ${form.data.name}.` };
  }
  const result = await attempt(form.values, () => createItem(user, form.data));
  if (!result.ok) return result.response;
  return { ok: true as const, message: `Added ${form.data.name}.` };
}

const kinds = (values: string[]) => values.map((k) => GROUP_KIND_LABELS[k as keyof typeof GROUP_KIND_LABELS] ?? k).join(", ");

export default function Framework() {
  const { items, canEdit, editing } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const failed = data && !data.ok ? data : undefined;
  return (
    <>
      <h1>Competency framework</h1>
      {data?.ok ? <Notice>{data.message}</Notice> : null}
      <p>
        What staff must hold to lead groups. Items required for a group kind are checked when someone is assigned to lead such a group; items
        required for a role are shown on everyone in that role. <Link to="/competency">Back to the matrix</Link>
      </p>
      <div style={{ overflowX: "auto" }} role="region" aria-labelledby="items-caption" tabIndex={0}>
        <table>
          <caption id="items-caption">Framework items</caption>
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col">Kind</th>
              <th scope="col">Required for</th>
              <th scope="col">Valid for</th>
              <th scope="col">Evidence</th>
              {canEdit ? <th scope="col">Change</th> : null}
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id}>
                <td>
                  <strong>{item.name}</strong> {item.archivedAt ? <span className="status">Archived</span> : null}
                  <br />
                  <span className="muted">
                    {item.code}
                    {item.standard ? ` · ${item.standard}` : ""}
                    {item.observable ? " · rated in observations" : ""}
                  </span>
                </td>
                <td>{ITEM_KIND_LABELS[item.kind as ItemKind]}</td>
                <td>
                  {item.requiredForGroupKinds.length ? <>Groups: {kinds(item.requiredForGroupKinds)}</> : null}
                  {item.requiredForGroupKinds.length && item.requiredForRoles.length ? <br /> : null}
                  {item.requiredForRoles.length ? <>Roles: {item.requiredForRoles.join(", ")}</> : null}
                  {!item.requiredForGroupKinds.length && !item.requiredForRoles.length ? "Optional" : null}
                </td>
                <td>{item.validityMonths ? `${item.validityMonths} months` : "Does not expire"}</td>
                <td>{item.acceptedEvidence.map((e) => EVIDENCE_LABELS[e as EvidenceKind] ?? e).join(", ")}</td>
                {canEdit ? (
                  <td>
                    <Link to={`?edit=${item.id}#item-form`}>Edit<span className="visually-hidden"> {item.name}</span></Link>
                    <Form method="post">
                      <input type="hidden" name="itemId" value={item.id} />
                      <button type="submit" name="intent" value={item.archivedAt ? "restore" : "archive"} className="secondary">
                        {item.archivedAt ? "Restore" : "Archive"}
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
          <h2 id="item-form-title">{editing ? `Edit ${editing.name}` : "Add an item"}</h2>
          <CompetencyItemForm key={editing?.id ?? "new"} data={failed} editing={editing} />
        </section>
      ) : (
        <p className="muted">Only an administrator can add or change items.</p>
      )}
    </>
  );
}
