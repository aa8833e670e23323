import type { ReactNode } from "react";
import { useTexts } from "~/ui/i18n";

export type ActionErrors = { errors?: Record<string, string[] | undefined>; values?: Record<string, string>; formError?: string };

const labelsFor = (labels: Record<string, string>, key: string) => labels[key] ?? key;

/** A summary at the top of a form: each error links to its field. */
export function ErrorSummary({ data, labels = {} }: { data: ActionErrors | undefined; labels?: Record<string, string> }) {
  const { t, message } = useTexts();
  if (!data?.errors && !data?.formError) return null;
  const entries = Object.entries(data.errors ?? {}).filter(([, v]) => v && v.length);
  if (!entries.length && !data.formError) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{t("common.form.problem")}</h2>
      <ul>
        {data.formError ? <li>{message(data.formError)}</li> : null}
        {entries.map(([key, messages]) =>
          key === "_form" ? (
            <li key={key}>{message(messages![0])}</li>
          ) : (
            <li key={key}>
              <a href={`#${key}`}>
                {labelsFor(labels, key)}: {message(messages![0])}
              </a>
            </li>
          ),
        )}
      </ul>
    </div>
  );
}

/** Label, hint and error of one field, with the ids the control points to. */
export function FieldShell({ name, label, hint, error, children }: { name: string; label: string; hint?: string; error?: string; children: ReactNode }) {
  const { message } = useTexts();
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      {hint ? (
        <span className="hint" id={`${name}-hint`}>
          {hint}
        </span>
      ) : null}
      {error ? (
        <span className="error" id={`${name}-error`}>
          {message(error)}
        </span>
      ) : null}
      {children}
    </div>
  );
}

export const describedBy = (name: string, hint?: string, error?: string) =>
  [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(" ") || undefined;

type FieldProps = {
  name: string;
  label: string;
  type?: string;
  hint?: string;
  data?: ActionErrors;
  defaultValue?: string | number | null;
  required?: boolean;
  autoComplete?: string;
  inputMode?: "text" | "numeric" | "email" | "search";
  min?: number | string;
  max?: number | string;
  step?: number | string;
};

export function Field({ name, label, type = "text", hint, data, defaultValue, required, autoComplete, inputMode, min, max, step }: FieldProps) {
  const error = data?.errors?.[name]?.[0];
  const value = data?.values?.[name] ?? (defaultValue === null || defaultValue === undefined ? undefined : String(defaultValue));
  return (
    <FieldShell name={name} label={label} hint={hint} error={error}>
      <input
        id={name}
        name={name}
        type={type}
        defaultValue={type === "password" ? undefined : value}
        required={required}
        autoComplete={autoComplete}
        inputMode={inputMode}
        min={min}
        max={max}
        step={step}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, hint, error)}
      />
    </FieldShell>
  );
}

export function TextArea({ name, label, hint, data, defaultValue, rows = 4 }: Omit<FieldProps, "type"> & { rows?: number }) {
  const error = data?.errors?.[name]?.[0];
  const value = data?.values?.[name] ?? defaultValue ?? undefined;
  return (
    <FieldShell name={name} label={label} hint={hint} error={error}>
      <textarea
        id={name}
        name={name}
        rows={rows}
        defaultValue={value === null ? undefined : String(value ?? "")}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, hint, error)}
      />
    </FieldShell>
  );
}

export function Select({
  name,
  label,
  options,
  data,
  defaultValue,
  hint,
}: {
  name: string;
  label: string;
  options: { value: string; label: string }[];
  data?: ActionErrors;
  defaultValue?: string;
  hint?: string;
}) {
  const error = data?.errors?.[name]?.[0];
  const value = data?.values?.[name] ?? defaultValue;
  return (
    <FieldShell name={name} label={label} hint={hint} error={error}>
      <select id={name} name={name} defaultValue={value} aria-invalid={error ? true : undefined} aria-describedby={describedBy(name, hint, error)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

type Choice = { value: string; label: string };

/** A fieldset of checkboxes or radios with its legend, hint and error. */
function ChoiceGroup({
  type,
  name,
  legend,
  options,
  error,
  hint,
  isChecked,
}: {
  type: "checkbox" | "radio";
  name: string;
  legend: string;
  options: Choice[];
  error?: string;
  hint?: string;
  isChecked: (value: string) => boolean;
}) {
  const { message } = useTexts();
  return (
    <fieldset id={name} aria-describedby={error ? `${name}-error` : undefined}>
      <legend>{legend}</legend>
      {hint ? <p className="hint muted">{hint}</p> : null}
      {error ? (
        <p className="error" id={`${name}-error`}>
          {message(error)}
        </p>
      ) : null}
      <div className="checks">
        {options.map((o) => (
          <label key={o.value}>
            <input type={type} name={type === "checkbox" ? `${name}[]` : name} value={o.value} defaultChecked={isChecked(o.value)} />
            {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function CheckboxGroup({
  name,
  legend,
  options,
  data,
  defaultValues = [],
  hint,
}: {
  name: string;
  legend: string;
  options: Choice[];
  data?: ActionErrors;
  defaultValues?: string[];
  hint?: string;
}) {
  const submitted = data?.values?.[name];
  const selected = submitted !== undefined ? submitted.split(",") : defaultValues;
  return (
    <ChoiceGroup type="checkbox" name={name} legend={legend} options={options} hint={hint} error={data?.errors?.[name]?.[0]} isChecked={(v) => selected.includes(v)} />
  );
}

export function RadioGroup({
  name,
  legend,
  options,
  data,
  defaultValue,
  hint,
}: {
  name: string;
  legend: string;
  options: Choice[];
  data?: ActionErrors;
  defaultValue?: string;
  hint?: string;
}) {
  const value = data?.values?.[name] ?? defaultValue;
  return <ChoiceGroup type="radio" name={name} legend={legend} options={options} hint={hint} error={data?.errors?.[name]?.[0]} isChecked={(v) => v === value} />;
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <div className="notice" role="status">
      {children}
    </div>
  );
}
