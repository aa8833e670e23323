import { Form, Link } from "@remix-run/react";
import { GROUP_KIND_LABELS, GROUP_KINDS } from "~/modules/groups/schema";
import type { CatalogueFilter } from "~/modules/registration/schema";
import { formatClockIn } from "~/modules/time/zoned";
import { Notice, Select } from "./form";
import { useDateStyle } from "./time";

const DAYS = [
  ["mon", "Monday"],
  ["tue", "Tuesday"],
  ["wed", "Wednesday"],
  ["thu", "Thursday"],
  ["fri", "Friday"],
  ["sat", "Saturday"],
  ["sun", "Sunday"],
] as const;

/**
 * The catalogue's filters: a plain GET form, so it works without JavaScript and every result has
 * a shareable address. Used by the signed-in catalogue and an organisation's public catalogue.
 */
export function CatalogueFilters({
  filter,
  programs,
  clearTo,
  ignored,
  languages,
}: {
  filter: CatalogueFilter;
  programs: { id: string; name: string }[];
  clearTo: string;
  /** What the address held that could not be used (shown, never a failure). */
  ignored: string[];
  /** Signed-in catalogue only: kind and language filters too. */
  languages?: string[];
}) {
  const style = useDateStyle();
  const at = (hour: number) => formatClockIn(hour * 60, style);
  const values = { values: Object.fromEntries(Object.entries(filter).map(([k, v]) => [k, String(v)])) };
  return (
    <>
      {ignored.length ? (
        <Notice>
          <p>Some of this address could not be used; the groups below ignore it.</p>
          <ul>
            {ignored.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </Notice>
      ) : null}
      {/* Remount on a new address so the fields show the filters in force (Clear filters, Back). */}
      <Form method="get" className="card" aria-label="Filter groups" key={JSON.stringify(filter)}>
        <div className="grid">
          {programs.length > 1 ? (
            <Select name="program" label="Program" data={values} options={[{ value: "", label: "Any program" }, ...programs.map((p) => ({ value: p.id, label: p.name }))]} />
          ) : null}
          {languages ? (
            <Select name="kind" label="Kind" data={values} options={[{ value: "", label: "Any kind" }, ...GROUP_KINDS.map((k) => ({ value: k, label: GROUP_KIND_LABELS[k] }))]} />
          ) : null}
          <Select name="day" label="Day" data={values} options={[{ value: "", label: "Any day" }, ...DAYS.map(([value, label]) => ({ value, label }))]} />
          <Select
            name="time"
            label="Time of day"
            data={values}
            options={[
              { value: "", label: "Any time" },
              { value: "morning", label: `Morning (before ${at(12)})` },
              { value: "afternoon", label: `Afternoon (${at(12)}–${at(17)})` },
              { value: "evening", label: `Evening (from ${at(17)})` },
            ]}
          />
          <Select name="mode" label="Where" data={values} options={[{ value: "", label: "In person or online" }, { value: "in_person", label: "In person" }, { value: "online", label: "Online" }]} />
          {languages ? (
            <Select name="language" label="Language" data={values} options={[{ value: "", label: "Any language" }, ...languages.map((l) => ({ value: l, label: l }))]} />
          ) : null}
        </div>
        {/* One checkbox named "seats" (not the "seats[]" of a checkbox group): the address reads seats=open. */}
        <fieldset>
          <legend>Seats</legend>
          <div className="checks">
            <label>
              <input type="checkbox" name="seats" value="open" defaultChecked={filter.seats === "open"} />
              Only groups with a seat free now
            </label>
          </div>
        </fieldset>
        <button type="submit">Show groups</button> <Link to={clearTo}>Clear filters</Link>
      </Form>
    </>
  );
}
