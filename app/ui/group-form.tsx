import { Form } from "@remix-run/react";
import { GROUP_KINDS, GROUP_KIND_LABELS } from "~/modules/groups/schema";
import { CheckboxGroup, ErrorSummary, Field, Select, TextArea, type ActionErrors } from "./form";
import { zoneOptions } from "./time";
import { useTexts } from "./i18n";

export type GroupFormValues = {
  name: string;
  kind: string;
  description: string;
  timezone: string;
  capacity: number;
  location: string;
  onlineUrl: string;
  language: string;
  facilitatorIds: string[];
};

const LABEL_KEYS = {
  name: "manage.groupForm.name",
  kind: "manage.groupForm.kind",
  timezone: "manage.groupForm.timezone",
  capacity: "manage.groupForm.capacity",
  location: "manage.groupForm.location",
  onlineUrl: "manage.groupForm.onlineUrl",
  language: "manage.groupForm.language",
  facilitatorIds: "manage.groupForm.facilitatorIds",
  overrideReason: "manage.groupForm.overrideReason",
} as const;

const ROLE_LABEL: Record<string, string> = { facilitator: "manage.groupForm.role.facilitator", manager: "manage.groupForm.role.manager", admin: "manage.groupForm.role.admin" };
const PROBLEM_LABEL: Record<string, string> = { "no record": "manage.groupForm.problem.missing", "not verified yet": "manage.groupForm.problem.notVerified", expired: "manage.groupForm.problem.expired" };

/**
 * Missing competencies as the server lists them ("Item (PA-CSE 2.04): no record; Other: expired"),
 * with the app's problem words in the reader's language (item names are the organisation's data).
 */
export function useMissingText() {
  const { t } = useTexts();
  return (text: string) =>
    text
      .split("; ")
      .map((part) => {
        const at = part.lastIndexOf(": ");
        const key = at >= 0 ? PROBLEM_LABEL[part.slice(at + 2)] : undefined;
        return key ? `${part.slice(0, at)}: ${t(key)}` : part;
      })
      .join("; ");
}

/**
 * One readiness line ("Fran (Class, Workshop): Item (PA-CSE 2.04): no record; Other: expired") in
 * the reader's language: the kinds and the problems are the app's words, the names are data. A
 * line of another shape is shown as written.
 */
function useReadinessLine() {
  const { message } = useTexts();
  const missingText = useMissingText();
  const kinds = GROUP_KINDS.map((k) => GROUP_KIND_LABELS[k].replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|");
  const pattern = new RegExp(`^(.*) \\(((?:${kinds})(?:, (?:${kinds}))*)\\): (.*)$`);
  return (line: string) => {
    const m = pattern.exec(line);
    if (!m) return line;
    return `${m[1]} (${m[2].split(", ").map((k) => message(k)).join(", ")}): ${missingText(m[3])}`;
  };
}

export function GroupForm({
  data,
  defaults,
  staff,
  submitLabel,
  readiness = [],
}: {
  data?: ActionErrors;
  defaults: GroupFormValues;
  staff: { id: string; name: string; role: string }[];
  submitLabel: string;
  /** Competency gate: who is not yet cleared to lead which kinds of group (one line each). */
  readiness?: string[];
}) {
  const { t, message } = useTexts();
  const readinessLine = useReadinessLine();
  const labels = Object.fromEntries(Object.entries(LABEL_KEYS).map(([field, key]) => [field, t(key)])) as Record<keyof typeof LABEL_KEYS, string>;
  return (
    <>
      <ErrorSummary data={data} labels={labels} />
      <Form method="post" noValidate>
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
                <li key={line}>{readinessLine(line)}</li>
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
