import { Form } from "@remix-run/react";
import { EVIDENCE_KINDS, ITEM_KINDS, REQUIREMENT_ROLES } from "~/modules/competency/schema";
import { GROUP_KINDS } from "~/modules/groups/schema";
import { useTexts } from "./i18n";
import { CheckboxGroup, ErrorSummary, Field, Select, TextArea, type ActionErrors } from "./form";
import { GROUP_KIND_KEY, ITEM_KIND_KEY, EVIDENCE_KEY } from "~/ui/competency-labels";

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

const ROLE_KEY = {
  facilitator: "competency.itemForm.roles.facilitator",
  manager: "competency.itemForm.roles.manager",
  admin: "competency.itemForm.roles.admin",
} as const;

/** Add or edit one framework item (admins). */
export function CompetencyItemForm({ data, editing }: { data?: ActionErrors; editing: Editing }) {
  const observableChecked = data?.values ? data.values.observable === "on" : (editing?.observable ?? false);
  const { t } = useTexts();
  const labels = {
    code: t("competency.itemForm.code"),
    standard: t("competency.itemForm.standard"),
    name: t("competency.itemForm.name"),
    kind: t("competency.itemForm.kind"),
    requiredForGroupKinds: t("competency.itemForm.groupKinds"),
    requiredForRoles: t("competency.itemForm.roles.legend"),
    validityMonths: t("competency.itemForm.validity"),
    acceptedEvidence: t("competency.itemForm.evidence"),
  };
  return (
    <>
      <ErrorSummary data={data} labels={labels} />
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value={editing ? "update" : "create"} />
        {editing ? <input type="hidden" name="itemId" value={editing.id} /> : null}
        <Field name="name" label={labels.name} data={data} defaultValue={editing?.name ?? ""} />
        <Field name="code" label={labels.code} hint={t("competency.itemForm.codeHint")} data={data} defaultValue={editing?.code ?? ""} />
        <Field name="standard" label={labels.standard} hint={t("competency.itemForm.standardHint")} data={data} defaultValue={editing?.standard ?? ""} />
        <TextArea name="description" label={t("competency.itemForm.description")} data={data} defaultValue={editing?.description ?? ""} rows={2} />
        <Select name="kind" label={labels.kind} data={data} defaultValue={editing?.kind ?? "training"} options={ITEM_KINDS.map((k) => ({ value: k, label: t(ITEM_KIND_KEY[k]) }))} />
        <CheckboxGroup
          name="requiredForGroupKinds"
          legend={labels.requiredForGroupKinds}
          hint={t("competency.itemForm.groupKindsHint")}
          data={data}
          defaultValues={editing?.requiredForGroupKinds ?? []}
          options={GROUP_KINDS.map((k) => ({ value: k, label: t(GROUP_KIND_KEY[k]) }))}
        />
        <CheckboxGroup
          name="requiredForRoles"
          legend={labels.requiredForRoles}
          hint={t("competency.itemForm.roles.hint")}
          data={data}
          defaultValues={editing?.requiredForRoles ?? []}
          options={REQUIREMENT_ROLES.map((r) => ({ value: r, label: t(ROLE_KEY[r]) }))}
        />
        <Field
          name="validityMonths"
          label={labels.validityMonths}
          hint={t("competency.itemForm.validityHint")}
          type="number"
          inputMode="numeric"
          min={1}
          max={120}
          data={data}
          defaultValue={editing?.validityMonths ?? ""}
        />
        <CheckboxGroup
          name="acceptedEvidence"
          legend={labels.acceptedEvidence}
          data={data}
          defaultValues={editing?.acceptedEvidence ?? ["note"]}
          options={EVIDENCE_KINDS.map((k) => ({ value: k, label: t(EVIDENCE_KEY[k]) }))}
        />
        <div className="field">
          <label>
            <input type="checkbox" name="observable" value="on" defaultChecked={observableChecked} /> {t("competency.itemForm.observable")}
          </label>
        </div>
        <button type="submit">{t(editing ? "competency.itemForm.save" : "competency.itemForm.add")}</button>
      </Form>
    </>
  );
}
