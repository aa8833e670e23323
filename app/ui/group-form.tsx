import { Form } from "@remix-run/react";
import { GROUP_KINDS, GROUP_KIND_LABELS } from "~/modules/groups/schema";
import { CheckboxGroup, ErrorSummary, Field, Select, TextArea, type ActionErrors } from "./form";
import { zoneOptions } from "./time";
import { useTexts } from "./i18n";
import type { TFunction } from "i18next";
import type { ReadinessLine } from "~/modules/competency/assignment/queries.server";
import { missingText, withGateRefusal } from "./competency-gate";
import { lookup } from "./lookup";
import type { EditableGroup, EditableGroupField } from "~/modules/groups/edit-version";
import { GROUP_KIND_KEY } from "./competency-labels";

/** The group form's fields: the fields a group's edit version covers (app/modules/groups/edit-version.ts). */
export type GroupFormValues = Omit<EditableGroup, "facilitatorIds"> & { facilitatorIds: string[] };

/** Each field's label (the form, its error summary, and the edit page's "changed meanwhile" notice). */
export const GROUP_FIELD_LABEL_KEYS = {
  name: "manage.groupForm.name",
  kind: "manage.groupForm.kind",
  description: "manage.groupForm.description",
  timezone: "manage.groupForm.timezone",
  capacity: "manage.groupForm.capacity",
  location: "manage.groupForm.location",
  onlineUrl: "manage.groupForm.onlineUrl",
  language: "manage.groupForm.language",
  facilitatorIds: "manage.groupForm.facilitatorIds",
} as const satisfies Record<EditableGroupField, string>;

const LABEL_KEYS = { ...GROUP_FIELD_LABEL_KEYS, overrideReason: "manage.groupForm.overrideReason" } as const;

const ROLE_LABEL: Record<string, string> = { facilitator: "manage.groupForm.role.facilitator", manager: "manage.groupForm.role.manager", admin: "manage.groupForm.role.admin" };

/** One readiness line ("Fran (Class, Workshop): Item (PA-CSE 2.04): no record; Other: expired") in the reader's language. */
function readinessLine(t: TFunction, line: ReadinessLine): string {
  const kinds = line.kinds.map((k) => (lookup(GROUP_KIND_KEY, k) ? t(GROUP_KIND_KEY[k]) : k)).join(", ");
  return `${line.name} (${kinds}): ${missingText(t, line.missing)}`;
}

export function GroupForm({
  data,
  defaults,
  staff,
  submitLabel,
  readiness = [],
  version,
}: {
  data?: ActionErrors;
  defaults: GroupFormValues;
  staff: { id: string; name: string; role: string }[];
  submitLabel: string;
  /** Competency gate: who is not yet cleared to lead which kinds of group (one line each). */
  readiness?: ReadinessLine[];
  /** The edit page's version of the group (groupVersion): a save from an outdated page is refused. */
  version?: string;
}) {
  const { t, message } = useTexts();
  data = withGateRefusal(t, data, "facilitatorIds");
  const labels = Object.fromEntries(Object.entries(LABEL_KEYS).map(([field, key]) => [field, t(key)])) as Record<keyof typeof LABEL_KEYS, string>;
  return (
    <>
      <ErrorSummary data={data} labels={labels} />
      {/* A new version (a save refused as outdated) remounts the form, so its fields show the values sent back. */}
      <Form method="post" noValidate key={data?.values?.version ?? version}>
        {version !== undefined ? <input type="hidden" name="version" value={data?.values?.version ?? version} /> : null}
        <Field name="name" label={labels.name} defaultValue={defaults.name} data={data} />
        <Select
          name="kind"
          label={labels.kind}
          defaultValue={defaults.kind}
          data={data}
          options={GROUP_KINDS.map((k) => ({ value: k, label: message(GROUP_KIND_LABELS[k]) }))}
        />
        <TextArea name="description" label={t("manage.groupForm.description")} defaultValue={defaults.description} data={data} />
        <Select name="timezone" label={labels.timezone} hint={t("manage.groupForm.timezoneHint")} defaultValue={defaults.timezone} data={data} options={zoneOptions(defaults.timezone)} />
        <Field name="capacity" label={labels.capacity} type="number" inputMode="numeric" min={1} max={500} defaultValue={defaults.capacity} data={data} />
        <Field name="location" label={labels.location} hint={t("manage.groupForm.locationHint")} defaultValue={defaults.location} data={data} />
        <Field name="onlineUrl" label={labels.onlineUrl} type="url" hint={t("manage.groupForm.onlineUrlHint")} defaultValue={defaults.onlineUrl} data={data} />
        <Field name="language" label={labels.language} hint={t("manage.groupForm.languageHint")} defaultValue={defaults.language} data={data} />
        <CheckboxGroup
          name="facilitatorIds"
          legend={labels.facilitatorIds}
          data={data}
          defaultValues={defaults.facilitatorIds}
          options={staff.map((s) => ({ value: s.id, label: `${s.name} (${ROLE_LABEL[s.role] ? t(ROLE_LABEL[s.role]) : s.role})` }))}
        />
        {readiness.length ? (
          <div className="hint">
            <p>{t("manage.groupForm.notCleared")}</p>
            <ul>
              {readiness.map((line) => (
                <li key={`${line.name} ${line.kinds.join(",")}`}>{readinessLine(t, line)}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <details className="override" open={Boolean(data?.errors?.facilitatorIds || data?.errors?.overrideReason || data?.values?.overrideReason)}>
          <summary>{t("manage.groupForm.override")}</summary>
          <TextArea
            name="overrideReason"
            label={labels.overrideReason}
            hint={t("manage.groupForm.overrideHint")}
            data={data}
            defaultValue=""
            rows={3}
          />
        </details>
        <button type="submit">{submitLabel}</button>
      </Form>
    </>
  );
}
