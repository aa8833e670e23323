import { Form } from "@remix-run/react";
import { EVIDENCE_KINDS, ITEM_KINDS, REQUIREMENT_ROLES } from "~/modules/competency/schema";
import { GROUP_KINDS } from "~/modules/groups/schema";
import { useTexts } from "./i18n";
import { changedMeanwhile, SavedNow } from "./versions";
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
  /** The item's version as this page shows it (modules/competency/framework/version.ts). */
  version: string;
} | null;

const ROLE_KEY = {
  facilitator: "competency.itemForm.roles.facilitator",
  manager: "competency.itemForm.roles.manager",
  admin: "competency.itemForm.roles.admin",
} as const;

/**
 * Add or edit one framework item (admins). After an edit refused as out of date, the item as it is
 * saved now is shown above the form, which keeps the person's entries.
 */
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
  const list = (keys: Record<string, string>, values: readonly string[]) => values.map((v) => (keys[v] ? t(keys[v]) : v)).join(", ");
  return (
    <>
      <ErrorSummary data={data} labels={labels} />
      {editing ? (
        <SavedNow
          changed={changedMeanwhile(data)}
          labels={{ ...labels, description: t("competency.itemForm.description"), observable: t("competency.itemForm.observable") }}
        >
          <dl>
            <dt>{labels.name}</dt>
            <dd>{editing.name}</dd>
            <dt>{labels.code}</dt>
            <dd>{editing.code}</dd>
            <dt>{labels.standard}</dt>
            <dd>{editing.standard}</dd>
            <dt>{t("competency.itemForm.description")}</dt>
            <dd style={{ whiteSpace: "pre-line" }}>{editing.description}</dd>
            <dt>{labels.kind}</dt>
            <dd>{list(ITEM_KIND_KEY, [editing.kind])}</dd>
            <dt>{labels.requiredForGroupKinds}</dt>
            <dd>{list(GROUP_KIND_KEY, editing.requiredForGroupKinds)}</dd>
            <dt>{labels.requiredForRoles}</dt>
            <dd>{list(ROLE_KEY, editing.requiredForRoles)}</dd>
            <dt>{labels.validityMonths}</dt>
            <dd>{editing.validityMonths ? t("competency.items.months", { count: editing.validityMonths }) : t("competency.items.doesNotExpire")}</dd>
            <dt>{labels.acceptedEvidence}</dt>
            <dd>{list(EVIDENCE_KEY, editing.acceptedEvidence)}</dd>
            <dt>{t("competency.itemForm.observable")}</dt>
            <dd>{t(editing.observable ? "competency.itemForm.yes" : "competency.itemForm.no")}</dd>
          </dl>
        </SavedNow>
      ) : null}
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value={editing ? "update" : "create"} />
        {editing ? <input type="hidden" name="itemId" value={editing.id} /> : null}
        {/* The item's version this page shows (or the one a refused save sent back): a save after someone else changed the item is refused. */}
        {editing ? <input type="hidden" name="version" value={data?.values?.version ?? editing.version} /> : null}
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
