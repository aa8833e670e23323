import { useEffect, useState } from "react";
import { zoneOptions } from "./time";
import { describedBy, FieldShell, type ActionErrors } from "./form";
import { useTexts } from "~/ui/i18n";

/** Time zone select; with JavaScript and no saved value it pre-selects the browser's zone. */
export function TimezoneSelect({ data, defaultValue, guess = true }: { data?: ActionErrors; defaultValue?: string; guess?: boolean }) {
  const { t } = useTexts();
  const submitted = data?.values?.timezone;
  const [value, setValue] = useState(submitted ?? defaultValue ?? "UTC");
  const [extra, setExtra] = useState<string | null>(null);
  useEffect(() => {
    if (!guess || submitted || defaultValue) return;
    const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (browserZone) {
      setExtra(browserZone);
      setValue(browserZone);
    }
  }, [guess, submitted, defaultValue]);
  const error = data?.errors?.timezone?.[0];
  const options = zoneOptions(extra ?? value);
  return (
    <FieldShell name="timezone" label={t("profile.timezone")} hint={t("profile.timezoneHint")} error={error}>
      <select
        id="timezone"
        name="timezone"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy("timezone", "hint", error)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}
