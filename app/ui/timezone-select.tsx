import { useEffect, useState } from "react";
import { zoneOptions } from "./time";
import type { ActionErrors } from "./form";

/** Time zone select; with JavaScript and no saved value it pre-selects the browser's zone. */
export function TimezoneSelect({ data, defaultValue, guess = true }: { data?: ActionErrors; defaultValue?: string; guess?: boolean }) {
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
    <div className="field">
      <label htmlFor="timezone">Time zone</label>
      <span className="hint" id="timezone-hint">
        Times are shown to you in this zone.
      </span>
      {error ? (
        <span className="error" id="timezone-error">
          {error}
        </span>
      ) : null}
      <select
        id="timezone"
        name="timezone"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? "timezone-hint timezone-error" : "timezone-hint"}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
