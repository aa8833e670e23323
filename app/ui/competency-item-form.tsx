import { Form } from "@remix-run/react";
import { EVIDENCE_KINDS, EVIDENCE_LABELS, ITEM_KIND_LABELS, ITEM_KINDS, REQUIREMENT_ROLES } from "~/modules/competency/schema";
import { GROUP_KIND_LABELS, GROUP_KINDS } from "~/modules/groups/schema";
import { CheckboxGroup, ErrorSummary, Field, Select, TextArea, type ActionErrors } from "./form";

type Editing = {
  id: string;
  code: string;
  standard: string;
  name: string;
  description: string;
  kind: string;
  requiredForGroupKinds: string[];
  requiredForRoles: string[];
  validityMonths: number | null;
  acceptedEvidence: string[];
  observable: boolean;
} | null;

const labels = {
  code: "Code",
  standard: "Standard",
  name: "Name",
  kind: "Kind",
  requiredForGroupKinds: "Required for group kinds",
  requiredForRoles: "Required for roles",
  validityMonths: "Valid for (months)",
  acceptedEvidence: "Accepted evidence",
};

/** Add or edit one framework item (admins). */
export function CompetencyItemForm({ data, editing }: { data?: ActionErrors; editing: Editing }) {
  const observableChecked = data?.values ? data.values.observable === "on" : (editing?.observable ?? false);
  return (
    <>
      <ErrorSummary data={data} labels={labels} />
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value={editing ? "update" : "create"} />
        {editing ? <input type="hidden" name="itemId" value={editing.id} /> : null}
        <Field name="name" label="Name" data={data} defaultValue={editing?.name ?? ""} />
        <Field name="code" label="Code" hint="Short and unique, for example 2.04-engage or agency-first-aid." data={data} defaultValue={editing?.code ?? ""} />
        <Field name="standard" label="Standard" hint="The standard it evidences, for example PA-CSE 2.04 (optional)." data={data} defaultValue={editing?.standard ?? ""} />
        <TextArea name="description" label="Description" data={data} defaultValue={editing?.description ?? ""} rows={2} />
        <Select name="kind" label="Kind" data={data} defaultValue={editing?.kind ?? "training"} options={ITEM_KINDS.map((k) => ({ value: k, label: ITEM_KIND_LABELS[k] }))} />
        <CheckboxGroup
          name="requiredForGroupKinds"
          legend="Required for group kinds"
          hint="Facilitators of these kinds of group must hold it before they are assigned."
          data={data}
          defaultValues={editing?.requiredForGroupKinds ?? []}
          options={GROUP_KINDS.map((k) => ({ value: k, label: GROUP_KIND_LABELS[k] }))}
        />
        <CheckboxGroup
          name="requiredForRoles"
          legend="Required for roles"
          hint="Everyone in these roles must hold it, and it is checked whenever they are assigned to lead."
          data={data}
          defaultValues={editing?.requiredForRoles ?? []}
          options={REQUIREMENT_ROLES.map((r) => ({ value: r, label: r[0].toUpperCase() + r.slice(1) }))}
        />
        <Field name="validityMonths" label="Valid for (months)" hint="Leave empty if it does not expire." type="number" inputMode="numeric" min={1} max={120} data={data} defaultValue={editing?.validityMonths ?? ""} />
        <CheckboxGroup
          name="acceptedEvidence"
          legend="Accepted evidence"
          data={data}
          defaultValues={editing?.acceptedEvidence ?? ["note"]}
          options={EVIDENCE_KINDS.map((k) => ({ value: k, label: EVIDENCE_LABELS[k] }))}
        />
        <div className="field">
          <label>
            <input type="checkbox" name="observable" value="on" defaultChecked={observableChecked} /> Rated in session observations (1–4 scale)
          </label>
        </div>
        <button type="submit">{editing ? "Save item" : "Add item"}</button>
      </Form>
    </>
  );
}
